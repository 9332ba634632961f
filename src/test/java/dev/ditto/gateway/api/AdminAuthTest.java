package dev.ditto.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.testing.GatewayServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of admin caller over real HTTP: the master key, admin tokens of each role, and users
 * the container signed in (the embedded launcher's Jetty HashLoginService with BASIC), resolved
 * through {@code GET /admin/whoami}; and the 401 and 403 answers around them.
 */
class AdminAuthTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MASTER = "sk-master-admin-auth";
    private static final String ADMIN_TOKEN = "adm-0123456789abcdef0123456789abcdef";
    private static final String VIEWER_TOKEN = "viw-0123456789abcdef0123456789abcdef";
    private static final String ACME_ADMIN_TOKEN = "acm-0123456789abcdef0123456789abcdef";
    private static final String ACME_VIEWER_TOKEN = "acv-0123456789abcdef0123456789abcdef";
    private static final String ADMIN = "ditto:\n  admin:\n";
    private static final String MODELS = "model_list:\n  - {model_name: ditto/echo, litellm_params: {model: ditto/echo}}\n";
    private static final String TOKENS = """
            general_settings:
              master_key: %s
            ditto:
              admin:
                tokens:
                  - {name: ci, token: %s, role: admin}
                  - {name: auditor, token: os.environ/VIEWER_TOKEN, role: viewer}
                  - {name: acme-ops, token: %s, role: tenant_admin, tenant_id: acme}
                  - {name: acme-read, token: %s, role: tenant_viewer, tenant_id: acme}
            """.formatted(MASTER, ADMIN_TOKEN, ACME_ADMIN_TOKEN, ACME_VIEWER_TOKEN);
    /** A users file as an operator writes one: {@code user: password,role,...}. */
    private static final String USERS = """
            root: root-pw,ditto-admin
            olga: olga-pw,ditto-viewer
            alice@acme: alice-pw,ditto-tenant-admin
            victor@acme: victor-pw,ditto-tenant-viewer
            bob@acme: bob-pw,some-other-role
            dave: dave-pw,ditto-tenant-admin
            carol: carol-pw,ditto-tenant-viewer,ditto-tenant:globex
            """;

    @TempDir
    Path dir;

    @Test
    void theMasterKeyIsAGlobalAdmin() throws Exception {
        try (GatewayServer gateway = GatewayServer.start(MODELS + TOKENS, Map.of("VIEWER_TOKEN", VIEWER_TOKEN))) {
            assertWhoami(whoami(gateway, Map.of("authorization", "Bearer " + MASTER)), "master-key", "global_admin", null);
        }
    }

    @Test
    void eachAdminTokenSignsInWithItsRoleAndTenant() throws Exception {
        try (GatewayServer gateway = GatewayServer.start(MODELS + TOKENS, Map.of("VIEWER_TOKEN", VIEWER_TOKEN))) {
            assertWhoami(whoami(gateway, Map.of("authorization", "Bearer " + ADMIN_TOKEN)), "token:ci", "global_admin", null);
            assertWhoami(whoami(gateway, Map.of("x-api-key", VIEWER_TOKEN)), "token:auditor", "global_viewer", null);
            assertWhoami(whoami(gateway, Map.of("authorization", "bearer " + ACME_ADMIN_TOKEN)), "token:acme-ops",
                    "tenant_admin", "acme");
            assertWhoami(whoami(gateway, Map.of("x-api-key", ACME_VIEWER_TOKEN)), "token:acme-read", "tenant_viewer",
                    "acme");
            assertThat(JSON.readTree(whoami(gateway, Map.of("x-api-key", ACME_VIEWER_TOKEN)).body())
                    .path("can_write").asBoolean()).isFalse();
        }
    }

    @Test
    void anUnknownOrMissingTokenIs401WithABearerChallenge() throws Exception {
        try (GatewayServer gateway = GatewayServer.start(MODELS + TOKENS, Map.of("VIEWER_TOKEN", VIEWER_TOKEN))) {
            for (Map<String, String> headers : java.util.List.of(Map.of("authorization", "Bearer " + ADMIN_TOKEN + "x"),
                    Map.of("x-api-key", "adm-0123456789abcdef0123456789abcdee"), Map.<String, String>of())) {
                HttpResponse<String> response = whoami(gateway, headers);

                assertThat(response.statusCode()).as(headers.toString()).isEqualTo(401);
                assertThat(response.headers().allValues("www-authenticate")).containsExactly("Bearer");
                JsonNode error = JSON.readTree(response.body()).path("error");
                assertThat(error.path("type").asText()).isEqualTo("authentication_error");
                assertThat(error.path("code").asText()).isEqualTo("invalid_api_key");
            }
        }
    }

    @Test
    void aContainerUserGetsTheRoleAndTenantOfItsRoles() throws Exception {
        try (GatewayServer gateway = GatewayServer.start(MODELS + TOKENS + realm(""),
                Map.of("VIEWER_TOKEN", VIEWER_TOKEN))) {
            assertWhoami(whoami(gateway, basic("alice@acme", "alice-pw")), "alice@acme", "tenant_admin", "acme");
            assertWhoami(whoami(gateway, basic("victor@acme", "victor-pw")), "victor@acme", "tenant_viewer", "acme");
            assertWhoami(whoami(gateway, basic("root", "root-pw")), "root", "global_admin", null);
            assertWhoami(whoami(gateway, basic("olga", "olga-pw")), "olga", "global_viewer", null);
        }
    }

    @Test
    void aContainerUserWithoutADittoRoleIs403AndAWrongPasswordIs401() throws Exception {
        try (GatewayServer gateway = GatewayServer.start(MODELS + TOKENS + realm(""),
                Map.of("VIEWER_TOKEN", VIEWER_TOKEN))) {
            HttpResponse<String> noRole = whoami(gateway, basic("bob@acme", "bob-pw"));
            assertThat(noRole.statusCode()).isEqualTo(403);
            JsonNode error = JSON.readTree(noRole.body()).path("error");
            assertThat(error.path("type").asText()).isEqualTo("permission_error");
            assertThat(error.path("code").asText()).isEqualTo("admin_role_required");
            assertThat(error.path("message").asText()).contains("bob@acme", "ditto-admin", "ditto-tenant-viewer");

            for (Map<String, String> headers : java.util.List.of(basic("alice@acme", "wrong"), basic("nobody", "x"),
                    Map.<String, String>of())) {
                HttpResponse<String> response = whoami(gateway, headers);
                assertThat(response.statusCode()).as(headers.toString()).isEqualTo(401);
                assertThat(response.headers().allValues("www-authenticate"))
                        .containsExactly("Bearer", "Basic realm=\"ditto\", charset=\"UTF-8\"");
                assertThat(JSON.readTree(response.body()).at("/error/type").asText()).isEqualTo("authentication_error");
            }
            HttpResponse<String> noTenant = whoami(gateway, basic("dave", "dave-pw"));
            assertThat(noTenant.statusCode()).isEqualTo(403);
            assertThat(JSON.readTree(noTenant.body()).at("/error/code").asText()).isEqualTo("tenant_unknown");
        }
    }

    @Test
    void aTokenWinsOverTheContainerUser() throws Exception {
        try (GatewayServer gateway = GatewayServer.start(MODELS + TOKENS + realm(""),
                Map.of("VIEWER_TOKEN", VIEWER_TOKEN))) {
            Map<String, String> both = new LinkedHashMap<>(basic("root", "root-pw"));
            both.put("x-api-key", ACME_VIEWER_TOKEN);
            assertWhoami(whoami(gateway, both), "token:acme-read", "tenant_viewer", "acme");

            both.put("x-api-key", "not-a-token-not-a-token-not-a-token");
            assertThat(whoami(gateway, both).statusCode()).as("a wrong token never falls back to the user")
                    .isEqualTo(401);
        }
    }

    @Test
    void everyAdminEndpointSeesTheContainerUserThroughItsHeaders() throws Exception {
        try (GatewayServer gateway = GatewayServer.start(MODELS + TOKENS + realm(""),
                Map.of("VIEWER_TOKEN", VIEWER_TOKEN))) {
            // AdminDeploymentsResource calls require(headers) alone, without the SecurityContext.
            assertThat(send(gateway, "/admin/deployments", basic("root", "root-pw")).statusCode()).isEqualTo(200);
            assertThat(send(gateway, "/admin/deployments", basic("bob@acme", "bob-pw")).statusCode()).isEqualTo(403);
            assertThat(send(gateway, "/admin/deployments", basic("root", "wrong")).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void deploymentsAreGatewayWideSoOnlyGlobalRolesSeeThemAndOnlyAdminsResetThem() throws Exception {
        try (GatewayServer gateway = GatewayServer.start(MODELS + TOKENS, Map.of("VIEWER_TOKEN", VIEWER_TOKEN))) {
            assertThat(send(gateway, "/admin/deployments", Map.of("x-api-key", VIEWER_TOKEN)).statusCode()).isEqualTo(200);
            HttpResponse<String> tenant = send(gateway, "/admin/deployments", Map.of("x-api-key", ACME_ADMIN_TOKEN));
            assertThat(tenant.statusCode()).isEqualTo(403);
            assertThat(JSON.readTree(tenant.body()).at("/error/code").asText()).isEqualTo("global_role_required");
            assertThat(JSON.readTree(tenant.body()).at("/error/type").asText()).isEqualTo("permission_error");

            HttpResponse<String> viewerReset = post(gateway, "/admin/deployments/nope/reset", VIEWER_TOKEN);
            assertThat(viewerReset.statusCode()).isEqualTo(403);
            assertThat(JSON.readTree(viewerReset.body()).at("/error/code").asText()).isEqualTo("read_only");
            assertThat(post(gateway, "/admin/deployments/nope/reset", ADMIN_TOKEN).statusCode())
                    .as("past the role check: the deployment is unknown").isEqualTo(404);
        }
    }

    @Test
    void underRolePatternTheCallerNamesATenantItHoldsTheRoleFor() throws Exception {
        try (GatewayServer gateway = GatewayServer.start(MODELS + ADMIN + realm("      tenant_from: role_pattern\n"))) {
            Map<String, String> globex = new LinkedHashMap<>(basic("carol", "carol-pw"));
            globex.put("x-ditto-tenant", "globex");
            assertWhoami(whoami(gateway, globex), "carol", "tenant_viewer", "globex");

            Map<String, String> acme = new LinkedHashMap<>(basic("carol", "carol-pw"));
            acme.put("x-ditto-tenant", "acme");
            HttpResponse<String> other = whoami(gateway, acme);
            assertThat(other.statusCode()).isEqualTo(403);
            assertThat(JSON.readTree(other.body()).at("/error/code").asText()).isEqualTo("tenant_forbidden");

            HttpResponse<String> unnamed = whoami(gateway, basic("carol", "carol-pw"));
            assertThat(unnamed.statusCode()).isEqualTo(403);
            assertThat(JSON.readTree(unnamed.body()).at("/error/message").asText())
                    .contains("X-Ditto-Tenant", "ditto-tenant:<tenant>");
        }
    }

    @Test
    void withNothingConfiguredTheAdminApiIsOffButTheRealmStillOffersSignIn() throws Exception {
        try (GatewayServer gateway = GatewayServer.start(MODELS)) {
            HttpResponse<String> response = whoami(gateway, Map.of("authorization", "Bearer anything"));
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(JSON.readTree(response.body()).at("/error/code").asText()).isEqualTo("admin_api_disabled");
        }
        try (GatewayServer gateway = GatewayServer.start(MODELS + ADMIN + realm(""))) {
            assertThat(whoami(gateway, Map.of()).statusCode()).isEqualTo(401);
            assertWhoami(whoami(gateway, basic("root", "root-pw")), "root", "global_admin", null);
        }
    }

    @Test
    void anUnreadableUsersFileStopsTheLauncherNamingTheSetting() {
        String config = MODELS + ADMIN + "    realm:\n      jetty_users_file: " + dir.resolve("missing.properties") + "\n";

        assertThatThrownBy(() -> GatewayServer.start(config).close())
                .hasMessageContaining("ditto.admin.realm.jetty_users_file")
                .hasMessageContaining("missing.properties");
    }

    /** The {@code realm:} block under {@code ditto.admin}, with the users file written. */
    private String realm(String extra) throws Exception {
        Path users = dir.resolve("users.properties");
        Files.writeString(users, USERS);
        return "    realm:\n      jetty_users_file: " + users + "\n" + extra;
    }

    private static void assertWhoami(HttpResponse<String> response, String actor, String role, String tenant)
            throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("actor").asText()).isEqualTo(actor);
        assertThat(body.path("role").asText()).isEqualTo(role);
        if (tenant == null) {
            assertThat(body.path("tenant_id").isNull()).as("tenant_id of " + actor).isTrue();
        } else {
            assertThat(body.path("tenant_id").asText()).isEqualTo(tenant);
        }
        assertThat(body.path("can_write").asBoolean()).isEqualTo(role.endsWith("admin"));
    }

    private static Map<String, String> basic(String user, String password) {
        return Map.of("authorization", "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    private static HttpResponse<String> whoami(GatewayServer gateway, Map<String, String> headers) throws Exception {
        return send(gateway, "/admin/whoami", headers);
    }

    private static HttpResponse<String> post(GatewayServer gateway, String path, String token) throws Exception {
        return gateway.send(HttpRequest.newBuilder(gateway.uri(path)).header("x-api-key", token)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private static HttpResponse<String> send(GatewayServer gateway, String path, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.uri(path)).GET();
        headers.forEach(request::header);
        return gateway.send(request.build());
    }
}
