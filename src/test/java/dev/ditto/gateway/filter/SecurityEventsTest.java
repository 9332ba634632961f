package dev.ditto.gateway.filter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.control.ControlStore;
import dev.ditto.control.keys.GeneratedKey;
import dev.ditto.control.keys.KeyGenerator;
import dev.ditto.control.keys.KeyHasher;
import dev.ditto.control.keys.VirtualKey;
import dev.ditto.control.tenancy.Tenant;
import dev.ditto.store.jpa.Database;
import dev.ditto.store.jpa.JpaControlStore;
import dev.ditto.testing.FakeUpstream;
import dev.ditto.testing.GatewayServer;
import dev.ditto.testing.Reply;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Refusals reach the audit log through the asynchronous writer: rejected keys (only a hint of
 * the key is kept, and a flood is sampled), 403s and rate-limit refusals, on the LLM routes and
 * the passthrough routes alike, and the admin API's 401s and 403s with the administrator's name,
 * each in the chain of the caller's tenant, all verifiable in the export.
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

    @Test
    void passthroughRefusalsAreAuditedLikeTheOtherRoutes() throws Exception {
        try (FakeUpstream upstream = FakeUpstream.start()) {
            upstream.on("POST", "/v1/moderations").enqueue(Reply.json("{\"id\":\"modr_1\",\"results\":[]}"));
            try (GatewayServer gateway = GatewayServer.start("""
                    model_list:
                      - {model_name: mod, litellm_params: {model: openai/omni-moderation-latest, api_base: "%s/v1", api_key: sk-u}}
                      - {model_name: img, litellm_params: {model: openai/gpt-image-1, api_base: "%s/v1", api_key: sk-u}}
                    general_settings: {master_key: %s}
                    ditto:
                      limits:
                        key: {rpm_limit: 1}
                    """.formatted(upstream.baseUri(), upstream.baseUri(), MASTER_KEY))) {
                GeneratedKey key = KeyGenerator.of(KeyHasher.sha256()).generate();
                try (Database database = gateway.openDatabase()) {
                    ControlStore store = new JpaControlStore(database.entityManagerFactory());
                    Instant now = Instant.now();
                    store.tenants().create(Tenant.of("ten_sec", "Security", now));
                    store.keys().create(VirtualKey.builder("key_mod", key.hash()).tenantId("ten_sec")
                            .allowedModels(Set.of("mod")).created(now).build());
                }

                int badKey = passthrough(gateway, "POST", "/v1/moderations", "sk-not-a-key-at-all-9876",
                        "{\"model\":\"mod\",\"input\":\"x\"}");
                int files = passthrough(gateway, "GET", "/v1/files", key.secret(), null);
                int image = passthrough(gateway, "POST", "/v1/images/generations", key.secret(),
                        "{\"model\":\"img\",\"prompt\":\"a cat\"}");
                int first = passthrough(gateway, "POST", "/v1/moderations", key.secret(),
                        "{\"model\":\"mod\",\"input\":\"x\"}");
                int second = passthrough(gateway, "POST", "/v1/moderations", key.secret(),
                        "{\"model\":\"mod\",\"input\":\"x\"}");

                assertThat(List.of(badKey, files, image, first, second)).containsExactly(401, 403, 403, 200, 429);
                JsonNode rejected = await(gateway, "security.key_rejected", 1).get(0);
                assertThat(rejected.path("target_id").asText()).isEqualTo("/v1/moderations");
                assertThat(JSON.readTree(rejected.path("after").asText()).path("key_hint").asText()).isEqualTo("...9876");
                List<JsonNode> forbidden = await(gateway, "security.forbidden", 2);
                assertThat(forbidden).allSatisfy(event -> {
                    assertThat(event.path("actor").asText()).isEqualTo("key_mod");
                    assertThat(event.path("chain").asText()).isEqualTo("tenant:ten_sec");
                });
                assertThat(forbidden).extracting(event -> event.path("target_id").asText())
                        .containsExactlyInAnyOrder("/v1/files", "/v1/images/generations");
                assertThat(forbidden).extracting(event -> JSON.readTree(event.path("after").asText()).path("code").asText())
                        .containsExactlyInAnyOrder("route_not_allowed", "model_not_allowed");
                JsonNode denied = await(gateway, "security.admission_denied", 1).get(0);
                assertThat(denied.path("actor").asText()).isEqualTo("key_mod");
                assertThat(denied.path("target_id").asText()).isEqualTo("/v1/moderations");
                assertThat(JSON.readTree(denied.path("after").asText()).path("status").asText()).isEqualTo("429");
            }
        }
    }

    @Test
    void adminRefusalsAreAuditedWithTheAdministratorsName() throws Exception {
        String viewerToken = "tv-" + "0123456789abcdef".repeat(3);
        try (GatewayServer gateway = GatewayServer.start("""
                model_list: [{model_name: ditto/echo, litellm_params: {model: ditto/echo}}]
                general_settings: {master_key: %s}
                ditto:
                  admin:
                    tokens:
                      - {name: acme-viewer, token: %s, role: tenant_viewer, tenant_id: ten_acme}
                """.formatted(MASTER_KEY, viewerToken))) {

            int wrongToken = admin(gateway, "GET", "/admin/tenants", "sk-wrong-admin-token", null);
            int otherTenantsExport = admin(gateway, "GET", "/admin/audit/export?tenant_id=ten_other", viewerToken, null);
            int reap = admin(gateway, "POST", "/admin/reservations/reap", viewerToken, "{}");
            int newTenant = admin(gateway, "POST", "/admin/tenants", viewerToken, "{\"name\":\"x\"}");

            assertThat(List.of(wrongToken, otherTenantsExport, reap, newTenant)).containsExactly(401, 403, 403, 403);
            JsonNode rejected = await(gateway, "security.key_rejected", 1).get(0);
            assertThat(rejected.path("actor").asText()).isEqualTo("anonymous");
            assertThat(rejected.path("target_id").asText()).isEqualTo("/admin/tenants");
            assertThat(rejected.path("chain").asText()).isEqualTo("global");
            assertThat(rejected.toString()).doesNotContain("sk-wrong-admin-token");
            List<JsonNode> forbidden = await(gateway, "security.forbidden", 3);
            assertThat(forbidden).hasSize(3).allSatisfy(event -> {
                assertThat(event.path("actor").asText()).isEqualTo("token:acme-viewer");
                assertThat(event.path("role").asText()).isEqualTo("tenant_viewer");
                assertThat(event.path("chain").asText()).isEqualTo("tenant:ten_acme");
                assertThat(JSON.readTree(event.path("after").asText()).path("status").asText()).isEqualTo("403");
            });
            assertThat(forbidden).extracting(event -> event.path("target_id").asText())
                    .containsExactlyInAnyOrder("/admin/audit/export", "/admin/reservations/reap", "/admin/tenants");
            assertThat(String.join("\n", exportLines(gateway))).doesNotContain(viewerToken);
        }
    }

    private static int passthrough(GatewayServer gateway, String method, String path, String key, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.uri(path)).header("Authorization", "Bearer " + key);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return gateway.send(request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build()).statusCode();
    }

    private static int admin(GatewayServer gateway, String method, String path, String token, String body)
            throws Exception {
        return passthrough(gateway, method, path, token, body);
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
