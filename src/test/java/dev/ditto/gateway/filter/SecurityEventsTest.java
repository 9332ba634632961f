package dev.ditto.gateway.filter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.testing.GatewayServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Refusals on the data plane reach the audit log through the asynchronous writer: rejected keys
 * (only a hint of the key is kept, and a flood is sampled), and rate-limit refusals, each in
 * the chain of the caller's tenant, all verifiable in the export.
 */
class SecurityEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MASTER_KEY = "sk-master-security";
    private static final String CHAT = "{\"model\":\"ditto/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @Test
    void rejectedKeysAreAuditedWithAHintOnlyAndAFloodIsSampled() throws Exception {
        try (GatewayServer gateway = GatewayServer.start("""
                model_list: [{model_name: ditto/echo, litellm_params: {model: ditto/echo}}]
                general_settings: {master_key: %s}
                """.formatted(MASTER_KEY))) {
            for (int i = 0; i < 40; i++) {
                HttpResponse<String> refused = gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/chat/completions"))
                        .header("Authorization", "Bearer sk-wrong-key-00000" + (1000 + i))
                        .header("x-request-id", "req-" + i)
                        .POST(HttpRequest.BodyPublishers.ofString(CHAT)).build());
                assertThat(refused.statusCode()).isEqualTo(401);
            }

            List<JsonNode> events = await(gateway, "security.key_rejected", 1);
            JsonNode first = events.get(0);

            assertThat(first.path("actor").asText()).isEqualTo("anonymous");
            assertThat(first.path("role").asText()).isEqualTo("data_plane");
            assertThat(first.path("chain").asText()).isEqualTo("global");
            assertThat(first.path("target_id").asText()).isEqualTo("/v1/chat/completions");
            assertThat(first.path("request_id").asText()).isEqualTo("req-0");
            JsonNode details = JSON.readTree(first.path("after").asText());
            assertThat(details.path("status").asText()).isEqualTo("401");
            assertThat(details.path("code").asText()).isEqualTo("invalid_api_key");
            assertThat(details.path("key_hint").asText()).isEqualTo("...1000");
            String export = String.join("\n", exportLines(gateway));
            assertThat(export).doesNotContain("sk-wrong-key");
            // 40 refusals in well under a second or two: at most 10 a second are kept.
            assertThat(events.size()).isLessThan(40);
        }
    }

    @Test
    void rateLimitRefusalsAreAuditedInTheCallersChain() throws Exception {
        try (GatewayServer gateway = GatewayServer.start("""
                model_list: [{model_name: ditto/echo, litellm_params: {model: ditto/echo}}]
                general_settings: {master_key: %s}
                ditto:
                  limits:
                    key: {rpm_limit: 1}
                """.formatted(MASTER_KEY))) {
            HttpRequest chat = HttpRequest.newBuilder(gateway.uri("/v1/chat/completions"))
                    .header("Authorization", "Bearer " + MASTER_KEY).POST(HttpRequest.BodyPublishers.ofString(CHAT))
                    .build();
            assertThat(gateway.send(chat).statusCode()).isEqualTo(200);
            assertThat(gateway.send(chat).statusCode()).isEqualTo(429);

            JsonNode event = await(gateway, "security.admission_denied", 1).get(0);

            assertThat(event.path("actor").asText()).isEqualTo("master");
            JsonNode details = JSON.readTree(event.path("after").asText());
            assertThat(details.path("status").asText()).isEqualTo("429");
            assertThat(details.path("code").asText()).isEqualTo("rate_limit_exceeded");
            assertThat(details.path("message").asText()).contains("1 requests per minute");
        }
    }

    /** Polls the export until {@code count} records of an action are there (the writer is asynchronous). */
    private static List<JsonNode> await(GatewayServer gateway, String action, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            List<JsonNode> found = new ArrayList<>();
            for (String line : exportLines(gateway)) {
                JsonNode record = JSON.readTree(line);
                if (record.path("action").asText().equals(action)) {
                    found.add(record);
                }
            }
            if (found.size() >= count) {
                return found;
            }
            assertThat(System.nanoTime()).as("%s records of %s within 20 s", count, action).isLessThan(deadline);
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }

    private static List<String> exportLines(GatewayServer gateway) throws Exception {
        HttpResponse<String> export = gateway.send(HttpRequest.newBuilder(gateway.uri("/admin/audit/export"))
                .header("Authorization", "Bearer " + MASTER_KEY).build());
        assertThat(export.statusCode()).isEqualTo(200);
        return export.body().isEmpty() ? List.of() : List.of(export.body().split("\n"));
    }
}
