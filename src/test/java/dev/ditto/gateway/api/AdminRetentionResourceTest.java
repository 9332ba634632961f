package dev.ditto.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.config.RetentionSettings;
import dev.ditto.control.IdGenerator;
import dev.ditto.control.audit.AuditChain;
import dev.ditto.control.audit.AuditRecord;
import dev.ditto.control.retention.RetentionPurger;
import dev.ditto.control.spend.SpendLogEntry;
import dev.ditto.testing.AuditFiles;
import dev.ditto.testing.GatewayServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code POST /admin/retention/purge} over real HTTP, with {@code ditto.retention} from the configuration. */
class AdminRetentionResourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MASTER_KEY = "sk-master-retention";

    @Test
    void purgesWhatTheConfiguredPolicyNoLongerKeepsAndAuditsIt() throws Exception {
        try (GatewayServer gateway = GatewayServer.start("""
                model_list: [{model_name: ditto/echo, litellm_params: {model: ditto/echo}}]
                general_settings: {master_key: %s}
                ditto:
                  retention: {spend_logs: 2d, audit: never, interval: never, batch_size: 2}
                """.formatted(MASTER_KEY))) {
            RetentionSettings settings = gateway.gateway().settings().ditto().retention();
            IdGenerator ids = IdGenerator.of(Clock.systemUTC());
            Instant now = Instant.now();
            for (int days : new int[] {1, 3, 4, 5}) {
                Instant at = now.minus(Duration.ofDays(days));
                gateway.gateway().compliance().store().spendLogs().append(SpendLogEntry.builder(
                        ids.next(IdGenerator.SPEND, at.toEpochMilli()), "req-" + days, "key_1", at).build());
            }
            gateway.gateway().compliance().store().audit().append(AuditRecord.builder(ids.next(IdGenerator.AUDIT),
                    now.minus(Duration.ofDays(900))).action("tenant.create", "tenant", "ten_a").build());

            HttpResponse<String> purge = gateway.send(HttpRequest.newBuilder(gateway.uri("/admin/retention/purge"))
                    .header("Authorization", "Bearer " + MASTER_KEY).POST(HttpRequest.BodyPublishers.noBody()).build());
            HttpResponse<String> anonymous = gateway.send(HttpRequest.newBuilder(gateway.uri("/admin/retention/purge"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build());
            // The anonymous 401 is itself audited, behind: wait for it, then read the whole export.
            AuditFiles.awaitExported(gateway, MASTER_KEY, "security.key_rejected", 1);
            List<String> audit = List.of(gateway.send(HttpRequest.newBuilder(gateway.uri("/admin/audit/export"))
                    .header("Authorization", "Bearer " + MASTER_KEY).build()).body().split("\n"));

            assertThat(settings.spendLogs()).isEqualTo(Duration.ofDays(2));
            assertThat(settings.audit()).isNull();
            assertThat(settings.interval()).isNull();
            assertThat(purge.statusCode()).isEqualTo(200);
            JsonNode body = JSON.readTree(purge.body());
            assertThat(body.path("object").asText()).isEqualTo("retention.purge");
            assertThat(body.path("spend_logs_deleted").asLong()).isEqualTo(3);
            assertThat(body.path("audit_deleted").asLong()).isZero();
            assertThat(body.path("audit_cutoff").isMissingNode() || body.path("audit_cutoff").isNull()).isTrue();
            assertThat(anonymous.statusCode()).isEqualTo(401);
            List<JsonNode> records = new java.util.ArrayList<>();
            for (String line : audit) {
                records.add(JSON.readTree(line));
            }
            // The global chain: its genesis, the old record (audit is kept forever here), the purge, the refusal.
            assertThat(records).extracting(record -> record.path("action").asText()).containsExactly("audit.genesis",
                    "tenant.create", RetentionPurger.PURGE_ACTION, "security.key_rejected");
            JsonNode purged = records.get(2);
            assertThat(purged.path("actor").asText()).isEqualTo("master-key");
            assertThat(purged.path("chain").asText()).isEqualTo(AuditChain.GLOBAL);
            assertThat(JSON.readTree(purged.path("after").asText()).path("spend_logs_deleted").asText()).isEqualTo("3");
            assertThat(records.get(3).path("target_id").asText()).isEqualTo("/admin/retention/purge");
        }
    }
}
