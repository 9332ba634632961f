package dev.ditto.control.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.control.keys.VirtualKey;
import dev.ditto.control.tenancy.Tenant;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The audit log's JSON pictures: valid JSON, no key hashes, credential-looking labels redacted. */
class SnapshotsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    @Test
    void aKeyIsWrittenWithoutItsHashes() throws Exception {
        VirtualKey key = VirtualKey.builder("key_1", "a".repeat(64)).alias("ci").displayPrefix("sk-...abcd")
                .tenantId("acme").allowedModels(Set.of("b", "a")).metadata(Map.of("env", "prod", "API_TOKEN", "t0k"))
                .created(NOW).build().rotated("b".repeat(64), "sk-...wxyz", NOW.plusSeconds(60), NOW);

        String text = Snapshots.key(key);
        JsonNode node = JSON.readTree(text);

        assertThat(text).doesNotContain("a".repeat(64)).doesNotContain("b".repeat(64)).doesNotContain("t0k");
        assertThat(node.path("key_name").asText()).isEqualTo("sk-...wxyz");
        assertThat(node.path("models").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(node.path("metadata").path("API_TOKEN").asText()).isEqualTo(Snapshots.REDACTED);
        assertThat(node.path("metadata").path("env").asText()).isEqualTo("prod");
        assertThat(node.path("previous_key_valid_until").asText()).isEqualTo("2025-06-01T12:01:00Z");
        assertThat(node.path("expires").isNull()).isTrue();
    }

    @Test
    void textIsEscaped() throws Exception {
        Tenant tenant = Tenant.of("t\"1", "line\nbreak\\ and \u0001 control", NOW);

        JsonNode node = JSON.readTree(Snapshots.tenant(tenant));

        assertThat(node.path("id").asText()).isEqualTo("t\"1");
        assertThat(node.path("name").asText()).isEqualTo("line\nbreak\\ and \u0001 control");
    }
}
