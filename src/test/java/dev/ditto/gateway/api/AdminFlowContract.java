package dev.ditto.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.control.AdminPrincipal;
import dev.ditto.control.AdminRole;

import dev.ditto.control.RequestRecord;
import dev.ditto.control.admin.Administration;
import dev.ditto.control.keys.KeyHasher;
import dev.ditto.control.Invalidations;

import dev.ditto.store.jpa.Database;
import dev.ditto.store.jpa.JpaControlStore;
import dev.ditto.testing.AdminApiServer;
import dev.ditto.testing.GatewayServer;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The control plane's "done when" flow, over real HTTP, on whichever database a subclass gives
 * the gateway: a global administrator (the master key) sets up a tenant, a project, a user and
 * keys through {@code /admin} and through LiteLLM's endpoints; the keys call
 * {@code /v1/chat/completions}; their spend shows in {@code /admin/spend} and
 * {@code /spend/logs}; every write left exactly one audit record per record it changed, with
 * no key or hash in it; and a tenant administrator of another tenant gets 403 on all of it.
 *
 * <p>The spend log is not fed by the data plane yet (the write-behind is separate work): the
 * spend comes from the gateway's own write-behind spend log, priced by the deployment's
 * {@code model_info} costs.
 */
abstract class AdminFlowContract {

    static final String MASTER_KEY = "sk-master-flow-1234";
    static final String CONFIG = """
            model_list:
              - {model_name: ditto/echo, litellm_params: {model: ditto/echo},
                 model_info: {input_cost_per_token: 0.0001, output_cost_per_token: 0.0004}}
            general_settings:
              master_key: %s
            %s""";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHAT = "{\"model\":\"ditto/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private final List<String> writes = new ArrayList<>();

    /**
     * Starts the gateway on the database under test.
     *
     * @param config the configuration
     * @return the gateway
     */
    abstract GatewayServer start(String config) throws Exception;

    /**
     * Opens the gateway's database a second time, for the test's own store.
     *
     * @param gateway the running gateway
     * @return the database
     */
    abstract Database openDatabase(GatewayServer gateway);

    /** @return extra configuration lines (general_settings continued, or other sections) */
    String extraConfig() {
        return "";
    }

    @Test
    void aGlobalAdminSetsUpATenantWhoseKeysCallModelsAndWhoseSpendAndAuditShow() throws Exception {
        try (GatewayServer gateway = start(CONFIG.formatted(MASTER_KEY, extraConfig()))) {
            // Through /admin
            String tenant = created(write(gateway, "POST", "/admin/tenants", "{\"name\":\"Acme\"}"), 201).path("id").asText();
            String project = created(write(gateway, "POST", "/admin/projects",
                    "{\"tenant_id\":\"" + tenant + "\",\"alias\":\"web\"}"), 201).path("id").asText();
            String user = created(write(gateway, "POST", "/admin/users",
                    "{\"tenant_id\":\"" + tenant + "\",\"email\":\"ann@acme.example\"}"), 201).path("id").asText();
            JsonNode key = created(write(gateway, "POST", "/admin/keys", "{\"project_id\":\"" + project + "\",\"user_id\":\""
                    + user + "\",\"key_alias\":\"web-prod\",\"models\":[\"ditto/echo\"]}"), 201);
            assertThat(key.path("tenant_id").asText()).as("the tenant follows the project").isEqualTo(tenant);
            String secret = key.path("key").asText();
            String keyId = key.path("id").asText();
            String budget = created(write(gateway, "POST", "/admin/budgets", "{\"scope\":\"project:" + project
                    + "\",\"max_budget\":100,\"budget_duration\":\"1mo\"}"), 201).path("id").asText();

            assertThat(chat(gateway, secret, "req-admin-key").statusCode()).isEqualTo(200);
            RequestRecord record = gateway.awaitRecord("req-admin-key");
            assertThat(record.caller().keyId()).isEqualTo(keyId);
            assertThat(record.caller().tenantId()).isEqualTo(tenant);
            assertThat(record.caller().projectId()).isEqualTo(project);

            // The same through LiteLLM's endpoints
            JsonNode team = created(write(gateway, "POST", "/team/new", "{\"organization_id\":\"" + tenant
                    + "\",\"team_alias\":\"mobile\",\"max_budget\":50,\"rpm_limit\":100,\"members_with_roles\":[]}"), 200);
            String teamId = team.path("team_id").asText();
            assertThat(team.path("max_budget").decimalValue()).isEqualByComparingTo("50");
            assertThat(team.path("rpm_limit").asInt()).isEqualTo(100);
            JsonNode liteUser = created(write(gateway, "POST", "/user/new", "{\"user_id\":\"bob@acme.example\","
                    + "\"organization_id\":\"" + tenant + "\",\"user_email\":\"bob@acme.example\",\"auto_create_key\":false}"), 200);
            assertThat(liteUser.path("key").isNull()).isTrue();
            JsonNode generated = created(write(gateway, "POST", "/key/generate", "{\"team_id\":\"" + teamId
                    + "\",\"user_id\":\"bob@acme.example\",\"key_alias\":\"mobile-ci\",\"models\":[\"ditto/echo\"],"
                    + "\"duration\":\"30d\",\"max_budget\":10,\"budget_duration\":\"1d\",\"rpm_limit\":60,"
                    + "\"metadata\":{\"env\":\"ci\"}}"), 200);
            String liteSecret = generated.path("key").asText();
            String liteKeyId = generated.path("token").asText();
            assertThat(liteSecret).startsWith("sk-");
            assertThat(generated.path("key_name").asText()).isEqualTo("sk-..." + liteSecret.substring(liteSecret.length() - 4));
            assertThat(generated.path("expires").asText()).isNotEmpty();
            assertThat(generated.path("organization_id").asText()).isEqualTo(tenant);

            assertThat(chat(gateway, liteSecret, "req-lite-key").statusCode()).isEqualTo(200);
            assertThat(gateway.awaitRecord("req-lite-key").caller().projectId()).isEqualTo(teamId);

            JsonNode info = JSON.readTree(admin(gateway, "GET", "/key/info?key=" + liteSecret, null).body()).path("info");
            assertThat(info.path("token").asText()).isEqualTo(liteKeyId);
            assertThat(info.path("team_id").asText()).isEqualTo(teamId);
            assertThat(info.path("user_id").asText()).isEqualTo("bob@acme.example");
            assertThat(info.path("max_budget").decimalValue()).isEqualByComparingTo("10");
            assertThat(info.path("budget_duration").asText()).isEqualTo("1d");
            assertThat(info.path("rpm_limit").asInt()).isEqualTo(60);
            assertThat(info.path("metadata").path("env").asText()).isEqualTo("ci");

            // Each request is "hi" to the echo model: 1 token in at $0.0001 and 1 out at $0.0004. The
            // write-behind flushes within half a second; wait until both rows are in the database.
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
            while (totals(JSON.readTree(admin(gateway, "GET", "/admin/spend?group_by=key&tenant_id=" + tenant, null)
                    .body())).size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            String byKeyText = admin(gateway, "GET", "/admin/spend?group_by=key&tenant_id=" + tenant, null).body();
            assertThat(byKeyText).as("exact amounts in plain notation").contains("\"spend\":0.0005");
            JsonNode byKey = JSON.readTree(byKeyText);
            assertThat(totals(byKey)).containsExactlyInAnyOrderEntriesOf(Map.of(keyId, "0.0005", liteKeyId, "0.0005"));
            JsonNode byProject = JSON.readTree(admin(gateway, "GET", "/admin/spend?group_by=project&tenant_id=" + tenant,
                    null).body());
            assertThat(totals(byProject)).containsExactlyInAnyOrderEntriesOf(Map.of(project, "0.0005", teamId, "0.0005"));
            JsonNode byTenant = JSON.readTree(admin(gateway, "GET", "/admin/spend?group_by=tenant", null).body());
            assertThat(totals(byTenant)).containsEntry(tenant, "0.001");
            JsonNode logs = JSON.readTree(admin(gateway, "GET", "/spend/logs?api_key=" + liteSecret, null).body());
            assertThat(logs).hasSize(1);
            assertThat(logs.get(0).path("request_id").asText()).isEqualTo("req-lite-key");
            assertThat(logs.get(0).path("spend").decimalValue()).isEqualByComparingTo("0.0005");
            // One request, through the request-id index.
            JsonNode ofRequest = JSON.readTree(admin(gateway, "GET", "/spend/logs?request_id=req-lite-key", null).body());
            assertThat(ofRequest).hasSize(1);
            assertThat(ofRequest.get(0).path("api_key").asText()).isEqualTo(liteKeyId);
            assertThat(JSON.readTree(admin(gateway, "GET", "/spend/logs?request_id=req-none", null).body())).isEmpty();
            assertThat(admin(gateway, "GET", "/spend/logs?request_id=req-lite-key&api_key=" + liteSecret, null)
                    .statusCode()).isEqualTo(400);

            assertAuditOfEveryWrite(gateway, tenant, List.of(secret, liteSecret));
            assertAnotherTenantsAdminIsRefused(gateway, Map.of("tenant", tenant, "project", project, "user", user,
                    "key", keyId, "budget", budget, "team", teamId, "liteSecret", liteSecret));
        }
    }

    /** Each write left exactly the audit records of what it created, under its request id, without secrets. */
    private void assertAuditOfEveryWrite(GatewayServer gateway, String tenant, List<String> secrets) throws Exception {
        JsonNode audit = JSON.readTree(admin(gateway, "GET", "/admin/audit?limit=1000&tenant_id=" + tenant, null).body());
        Map<String, List<String>> actionsByRequest = new java.util.LinkedHashMap<>();
        for (JsonNode record : audit.path("data")) {
            actionsByRequest.computeIfAbsent(record.path("request_id").asText(), id -> new ArrayList<>())
                    .add(record.path("action").asText());
            assertThat(record.path("actor").asText()).isEqualTo("master-key");
            assertThat(record.path("role").asText()).isEqualTo("global_admin");
            assertThat(record.path("client_address").asText()).isNotEmpty();
        }
        assertThat(actionsByRequest.keySet()).containsExactlyElementsOf(writes);
        assertThat(actionsByRequest.values()).containsExactly(
                List.of("tenant.create"), List.of("project.create"), List.of("user.create"), List.of("key.create"),
                List.of("budget.create"), List.of("project.create", "budget.create", "limit.create"),
                List.of("user.create"), List.of("key.create", "budget.create", "limit.create"));
        String text = audit.toString();
        for (String secret : secrets) {
            assertThat(text).doesNotContain(secret).doesNotContain(KeyHasher.sha256().hash(secret));
        }
        JsonNode keyCreated = audit.path("data").get(3).path("after");
        assertThat(keyCreated.path("key_alias").asText()).isEqualTo("web-prod");
        assertThat(keyCreated.path("key_name").asText()).startsWith("sk-...");
    }

    /** A tenant administrator of another tenant: 403 on every record of the flow, read or write. */
    private void assertAnotherTenantsAdminIsRefused(GatewayServer gateway, Map<String, String> ids) throws Exception {
        write(gateway, "POST", "/admin/tenants", "{\"id\":\"globex\",\"name\":\"Globex\"}");
        try (Database database = openDatabase(gateway)) {
            Administration administration = Administration.of(new JpaControlStore(database.entityManagerFactory()),
                    KeyHasher.sha256(), Invalidations.local(), Clock.systemUTC());
            Map<String, AdminPrincipal> tokens = Map.of(
                    "globex-admin", new AdminPrincipal("gus", AdminRole.TENANT_ADMIN, "globex"),
                    "acme-admin", new AdminPrincipal("ann", AdminRole.TENANT_ADMIN, ids.get("tenant")));
            try (AdminApiServer api = AdminApiServer.start(administration, tokens)) {
                String tenant = ids.get("tenant");
                List<String[]> calls = List.of(
                        new String[] {"GET", "/admin/tenants/" + tenant, null},
                        new String[] {"GET", "/admin/projects/" + ids.get("project"), null},
                        new String[] {"GET", "/admin/users/" + ids.get("user"), null},
                        new String[] {"GET", "/admin/keys/" + ids.get("key"), null},
                        new String[] {"GET", "/admin/budgets/" + ids.get("budget"), null},
                        new String[] {"GET", "/admin/keys?tenant_id=" + tenant, null},
                        new String[] {"GET", "/admin/projects?tenant_id=" + tenant, null},
                        new String[] {"GET", "/admin/spend?group_by=key&tenant_id=" + tenant, null},
                        new String[] {"GET", "/admin/audit?tenant_id=" + tenant, null},
                        new String[] {"GET", "/admin/ledgers?tenant_id=" + tenant, null},
                        new String[] {"GET", "/admin/spend?group_by=tenant", null},
                        new String[] {"GET", "/key/info?key=" + ids.get("liteSecret"), null},
                        new String[] {"GET", "/team/info?team_id=" + ids.get("team"), null},
                        new String[] {"GET", "/user/info?user_id=bob@acme.example", null},
                        new String[] {"GET", "/spend/logs?api_key=" + ids.get("key"), null},
                        new String[] {"GET", "/spend/logs?request_id=req-lite-key", null},
                        new String[] {"GET", "/key/list?team_id=" + ids.get("team"), null},
                        new String[] {"PATCH", "/admin/projects/" + ids.get("project"), "{\"alias\":\"mine\"}"},
                        new String[] {"POST", "/admin/keys/" + ids.get("key") + "/block", null},
                        new String[] {"DELETE", "/admin/keys/" + ids.get("key"), null},
                        new String[] {"POST", "/key/update", "{\"key\":\"" + ids.get("key") + "\",\"models\":[]}"},
                        new String[] {"POST", "/key/generate", "{\"team_id\":\"" + ids.get("team") + "\"}"});
                for (String[] call : calls) {
                    HttpResponse<String> refused = api.send(call[0], call[1], "globex-admin", call[2]);
                    assertThat(refused.statusCode()).as(call[0] + " " + call[1] + ": " + refused.body()).isEqualTo(403);
                    assertThat(JSON.readTree(refused.body()).at("/error/type").asText()).isEqualTo("permission_error");
                }
                // The records are there: their own tenant's administrator reads them.
                assertThat(api.send("GET", "/admin/keys/" + ids.get("key"), "acme-admin", null).statusCode()).isEqualTo(200);
                assertThat(api.send("GET", "/admin/spend?group_by=key&tenant_id=" + tenant, "acme-admin", null)
                        .statusCode()).isEqualTo(200);
                HttpResponse<String> own = api.send("GET", "/spend/logs?request_id=req-lite-key", "acme-admin", null);
                assertThat(JSON.readTree(own.body())).as(own.body()).hasSize(1);
            }
        }
    }

    private static Map<String, String> totals(JsonNode answer) {
        Map<String, String> totals = new java.util.HashMap<>();
        answer.path("data").forEach(group -> totals.put(group.path("group").asText(),
                group.path("spend").decimalValue().stripTrailingZeros().toPlainString()));
        return totals;
    }

    private static JsonNode created(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    /** An admin write with a request id of its own, remembered to match the audit records. */
    private HttpResponse<String> write(GatewayServer gateway, String method, String path, String body) throws Exception {
        String requestId = "write-" + (writes.size() + 1) + "-" + UUID.randomUUID();
        if (!path.equals("/admin/tenants") || !body.contains("globex")) {
            writes.add(requestId);
        }
        return send(gateway, method, path, body, requestId);
    }

    private static HttpResponse<String> admin(GatewayServer gateway, String method, String path, @Nullable String body)
            throws Exception {
        return send(gateway, method, path, body, "read-" + UUID.randomUUID());
    }

    private static HttpResponse<String> send(GatewayServer gateway, String method, String path, @Nullable String body,
            String requestId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.uri(path))
                .header("authorization", "Bearer " + MASTER_KEY).header("x-request-id", requestId)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("content-type", "application/json");
        }
        return gateway.send(request.build());
    }

    private static HttpResponse<String> chat(GatewayServer gateway, String key, String requestId) throws Exception {
        return gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/chat/completions"))
                .header("content-type", "application/json").header("authorization", "Bearer " + key)
                .header("x-request-id", requestId).POST(HttpRequest.BodyPublishers.ofString(CHAT)).build());
    }
}
