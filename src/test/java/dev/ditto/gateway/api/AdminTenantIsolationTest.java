package dev.ditto.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.control.AdminPrincipal;
import dev.ditto.control.AdminRole;
import dev.ditto.control.Invalidations;
import dev.ditto.control.Scope;
import dev.ditto.control.admin.AdminCall;
import dev.ditto.control.admin.Administration;
import dev.ditto.control.admin.BudgetSpec;
import dev.ditto.control.admin.LimitSpec;
import dev.ditto.control.admin.NewKey;
import dev.ditto.control.budget.ResetPeriod;
import dev.ditto.control.keys.KeyHasher;
import dev.ditto.control.limits.LimitAlgorithm;
import dev.ditto.store.jpa.Database;
import dev.ditto.store.jpa.JpaControlStore;
import dev.ditto.testing.GatewayServer;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tenant isolation on the whole gateway, as deployed: every admin endpoint (the {@code /admin}
 * API, LiteLLM's management endpoints and the global operations) x every kind of caller the
 * gateway signs in (the master key; {@code ditto.admin.tokens} of each role; users of the
 * container's realm holding each {@code ditto-*} role, over BASIC; a virtual key; no
 * credentials) x records of the caller's own tenant, of another tenant and of no tenant. A
 * caller without the right gets 403 in OpenAI's error shape, never a 200 with an empty list; a
 * caller without admin credentials gets 401 (but for a virtual key at {@code /key/info}, which
 * may describe itself there and is 403 for any other key). {@link AdminAccessMatrixTest} runs the same
 * endpoints on the resources alone and checks the audit records as well.
 */
class AdminTenantIsolationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AdminCall MASTER = AdminCall.of(AdminPrincipal.masterKey());
    private static final String MASTER_KEY = "sk-master-isolation-1234";
    private static final String OWN = "ten-a";
    private static final String OTHER = "ten-b";
    private static final String NONE = "none";
    private static final String USERS = """
            root: root-pw,ditto-admin
            olga: olga-pw,ditto-viewer
            alice@ten-a: alice-pw,ditto-tenant-admin
            victor@ten-a: victor-pw,ditto-tenant-viewer
            """;

    private static Path dir;
    private static GatewayServer gateway;
    private static Database database;
    private static Administration admin;
    private static Map<String, Fixture> fixtures;
    private static String virtualKey;
    private static String deployment;

    /** Who calls, and how it presents itself. */
    enum Caller {
        MASTER_KEY(AdminRole.GLOBAL_ADMIN, null, bearer(AdminTenantIsolationTest.MASTER_KEY)),
        TOKEN_ADMIN(AdminRole.GLOBAL_ADMIN, null, bearer("adm-0123456789abcdef0123456789abcdef")),
        TOKEN_VIEWER(AdminRole.GLOBAL_VIEWER, null, bearer("viw-0123456789abcdef0123456789abcdef")),
        TOKEN_TENANT_ADMIN(AdminRole.TENANT_ADMIN, OWN, bearer("tad-0123456789abcdef0123456789abcdef")),
        TOKEN_TENANT_VIEWER(AdminRole.TENANT_VIEWER, OWN, bearer("tvw-0123456789abcdef0123456789abcdef")),
        REALM_ADMIN(AdminRole.GLOBAL_ADMIN, null, basic("root", "root-pw")),
        REALM_VIEWER(AdminRole.GLOBAL_VIEWER, null, basic("olga", "olga-pw")),
        REALM_TENANT_ADMIN(AdminRole.TENANT_ADMIN, OWN, basic("alice@ten-a", "alice-pw")),
        REALM_TENANT_VIEWER(AdminRole.TENANT_VIEWER, OWN, basic("victor@ten-a", "victor-pw")),
        VIRTUAL_KEY(null, null, null),
        NO_CREDENTIALS(null, null, null);

        final @Nullable AdminRole role;
        final @Nullable String tenant;
        final @Nullable String authorization;

        Caller(@Nullable AdminRole role, @Nullable String tenant, @Nullable String authorization) {
            this.role = role;
            this.tenant = tenant;
            this.authorization = authorization;
        }

        @Nullable String authorization() {
            return this == VIRTUAL_KEY ? "Bearer " + virtualKey : authorization;
        }

        private static String bearer(String token) {
            return "Bearer " + token;
        }

        private static String basic(String user, String password) {
            return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** What an endpoint needs. */
    enum Rule {
        /** Read access to the records' tenant. */
        READ,
        /** Write access to the records' tenant. */
        WRITE,
        /** A global role. */
        GLOBAL_READ,
        /** A global admin. */
        GLOBAL_WRITE,
        /** Any administrator: what it reaches defaults to its own tenant. */
        ANY_READ,
        /** Any administrator that may write: what it creates goes to its own tenant. */
        ANY_WRITE;

        boolean allows(Caller caller, @Nullable String tenant) {
            AdminRole role = caller.role;
            if (role == null) {
                return false;
            }
            boolean reach = role.isGlobal() || tenant != null && tenant.equals(caller.tenant);
            return switch (this) {
                case READ -> reach;
                case WRITE -> reach && role.canWrite();
                case GLOBAL_READ -> role.isGlobal();
                case GLOBAL_WRITE -> role.isGlobal() && role.canWrite();
                case ANY_READ -> true;
                case ANY_WRITE -> role.canWrite();
            };
        }
    }

    /** The records of one tenant (or of none), made by the master key before the matrix runs. */
    record Fixture(@Nullable String tenant, String project, String user, String key, String budget, String limit) {

        String freshProject() {
            return admin.projects().create(MASTER, null, tenant, "fresh", Map.of()).id();
        }

        String freshUser() {
            return admin.users().create(MASTER, null, tenant, null, "fresh", Map.of()).id();
        }

        String freshKey() {
            return admin.keys().create(MASTER, new NewKey(tenant, tenant == null ? project : null, null, "fresh",
                    Set.of(), Set.of(), null, Map.of(), false)).key().id();
        }

        String freshBudget() {
            return admin.budgets().create(MASTER, Scope.project(project), new BudgetSpec(BigDecimal.ONE, null,
                    ResetPeriod.of(ResetPeriod.Kind.NEVER))).id();
        }

        String freshLimit() {
            return admin.limits().create(MASTER, Scope.key(key), new LimitSpec(5, null, null, null, null,
                    LimitAlgorithm.SLIDING_WINDOW)).id();
        }
    }

    /** One request; a null body sends none. */
    record Call(String method, String path, @Nullable String body) {}

    /**
     * An endpoint: what it needs, its success status, and the request to make against a target's
     * records (null when the endpoint has no form for that target, such as a tenant filter for
     * records of no tenant). An untargeted endpoint runs once per caller. A virtual key is 401
     * on the admin API, but where the endpoint gives it a refusal code of its own: 403 with that
     * code ({@code /key/info}, where a key may describe itself and no other).
     */
    record Endpoint(String name, Rule rule, int success, boolean targeted, Function<Fixture, @Nullable Call> call,
            @Nullable String virtualKeyRefusal) {

        Endpoint(String name, Rule rule, int success, boolean targeted, Function<Fixture, @Nullable Call> call) {
            this(name, rule, success, targeted, call, null);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("ditto-isolation");
        Path users = dir.resolve("users.properties");
        Files.writeString(users, USERS);
        gateway = GatewayServer.start("""
                model_list:
                  - {model_name: ditto/echo, litellm_params: {model: ditto/echo}}
                general_settings:
                  master_key: %s
                ditto:
                  admin:
                    tokens:
                      - {name: ops, token: adm-0123456789abcdef0123456789abcdef, role: admin}
                      - {name: auditor, token: viw-0123456789abcdef0123456789abcdef, role: viewer}
                      - {name: a-ops, token: tad-0123456789abcdef0123456789abcdef, role: tenant_admin, tenant_id: ten-a}
                      - {name: a-read, token: tvw-0123456789abcdef0123456789abcdef, role: tenant_viewer, tenant_id: ten-a}
                    realm:
                      jetty_users_file: %s
                """.formatted(MASTER_KEY, users));
        database = gateway.openDatabase();
        admin = Administration.of(new JpaControlStore(database.entityManagerFactory()), KeyHasher.sha256(),
                Invalidations.local(), Clock.systemUTC());
        fixtures = new HashMap<>();
        fixtures.put(OWN, fixture(OWN));
        fixtures.put(OTHER, fixture(OTHER));
        fixtures.put(NONE, fixture(null));
        virtualKey = admin.keys().create(MASTER, new NewKey(OWN, null, null, "caller", Set.of(), Set.of(), null, Map.of(),
                false)).secret();
        HttpResponse<String> deployments = send(Caller.MASTER_KEY, new Call("GET", "/admin/deployments", null));
        deployment = JSON.readTree(deployments.body()).path("data").get(0).path("id").asText();
    }

    private static Fixture fixture(@Nullable String tenant) {
        if (tenant != null) {
            admin.tenants().create(MASTER, tenant, "Tenant " + tenant, Map.of());
        }
        String project = admin.projects().create(MASTER, null, tenant, "web", Map.of()).id();
        String user = admin.users().create(MASTER, null, tenant, null, "dev", Map.of()).id();
        String key = admin.keys().create(MASTER, new NewKey(tenant, project, user, "ci", Set.of(), Set.of(), null,
                Map.of(), false)).key().id();
        String budget = admin.budgets().create(MASTER, Scope.project(project), new BudgetSpec(BigDecimal.TEN, null,
                ResetPeriod.of(ResetPeriod.Kind.MONTHLY))).id();
        String limit = admin.limits().create(MASTER, Scope.key(key), new LimitSpec(60, null, null, null, null,
                LimitAlgorithm.SLIDING_WINDOW)).id();
        return new Fixture(tenant, project, user, key, budget, limit);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (database != null) {
                database.close();
            }
            if (gateway != null) {
                gateway.close();
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    static List<Endpoint> endpoints() {
        List<Endpoint> all = new ArrayList<>();
        tenants(all);
        projectsAndUsers(all);
        keys(all);
        budgetsAndLimits(all);
        for (String report : List.of("ledgers", "spend", "audit")) {
            all.add(targeted("GET /admin/" + report + "?tenant_id", Rule.READ, 200,
                    f -> f.tenant() == null ? null : get("/admin/" + report + "?tenant_id=" + f.tenant())));
            all.add(global("GET /admin/" + report, Rule.GLOBAL_READ, 200, get("/admin/" + report)));
        }
        liteLlm(all);
        all.add(global("GET /admin/whoami", Rule.ANY_READ, 200, get("/admin/whoami")));
        all.add(global("GET /admin/deployments", Rule.GLOBAL_READ, 200, get("/admin/deployments")));
        all.add(global("GET /admin/deployments/health", Rule.GLOBAL_READ, 200, get("/admin/deployments/health")));
        all.add(new Endpoint("POST /admin/deployments/{id}/reset", Rule.GLOBAL_WRITE, 200, false,
                f -> new Call("POST", "/admin/deployments/" + deployment + "/reset", null)));
        all.add(global("POST /admin/reservations/reap?dry_run", Rule.GLOBAL_READ, 200,
                new Call("POST", "/admin/reservations/reap?dry_run=true", null)));
        all.add(global("POST /admin/reservations/reap", Rule.GLOBAL_WRITE, 200,
                new Call("POST", "/admin/reservations/reap", null)));
        return all;
    }

    private static void tenants(List<Endpoint> all) {
        all.add(targeted("GET /admin/tenants/{id}", Rule.READ, 200,
                f -> f.tenant() == null ? null : get("/admin/tenants/" + f.tenant())));
        all.add(targeted("PATCH /admin/tenants/{id}", Rule.WRITE, 200, f -> f.tenant() == null ? null
                : new Call("PATCH", "/admin/tenants/" + f.tenant(), "{\"metadata\":{\"touched\":\"yes\"}}")));
        all.add(global("GET /admin/tenants", Rule.GLOBAL_READ, 200, get("/admin/tenants")));
        all.add(global("POST /admin/tenants", Rule.GLOBAL_WRITE, 201, new Call("POST", "/admin/tenants", "{\"name\":\"New\"}")));
        all.add(new Endpoint("DELETE /admin/tenants/{id}", Rule.GLOBAL_WRITE, 200, false, f -> new Call("DELETE",
                "/admin/tenants/" + admin.tenants().create(MASTER, null, "Empty", Map.of()).id(), null)));
    }

    private static void projectsAndUsers(List<Endpoint> all) {
        for (String kind : List.of("projects", "users")) {
            boolean projects = kind.equals("projects");
            all.add(targeted("POST /admin/" + kind + " (tenant_id)", Rule.WRITE, 201, f -> f.tenant() == null ? null
                    : new Call("POST", "/admin/" + kind, "{\"tenant_id\":\"" + f.tenant() + "\",\"alias\":\"x\"}")));
            all.add(global("POST /admin/" + kind + " (caller's tenant)", Rule.ANY_WRITE, 201,
                    new Call("POST", "/admin/" + kind, "{\"alias\":\"x\"}")));
            all.add(targeted("GET /admin/" + kind + "?tenant_id", Rule.READ, 200,
                    f -> f.tenant() == null ? null : get("/admin/" + kind + "?tenant_id=" + f.tenant())));
            all.add(global("GET /admin/" + kind, Rule.GLOBAL_READ, 200, get("/admin/" + kind)));
            all.add(targeted("GET /admin/" + kind + "/{id}", Rule.READ, 200,
                    f -> get("/admin/" + kind + "/" + (projects ? f.project() : f.user()))));
            all.add(targeted("PATCH /admin/" + kind + "/{id}", Rule.WRITE, 200,
                    f -> new Call("PATCH", "/admin/" + kind + "/" + (projects ? f.project() : f.user()),
                            "{\"alias\":\"renamed\"}")));
            all.add(targeted("DELETE /admin/" + kind + "/{id}", Rule.WRITE, 200,
                    f -> new Call("DELETE", "/admin/" + kind + "/" + (projects ? f.freshProject() : f.freshUser()), null)));
        }
    }

    private static void keys(List<Endpoint> all) {
        all.add(targeted("POST /admin/keys (tenant_id)", Rule.WRITE, 201, f -> f.tenant() == null ? null
                : new Call("POST", "/admin/keys", "{\"tenant_id\":\"" + f.tenant() + "\"}")));
        all.add(targeted("POST /admin/keys (project_id only)", Rule.WRITE, 201,
                f -> new Call("POST", "/admin/keys", "{\"project_id\":\"" + f.project() + "\"}")));
        all.add(global("POST /admin/keys (caller's tenant)", Rule.ANY_WRITE, 201, new Call("POST", "/admin/keys", "{}")));
        all.add(targeted("GET /admin/keys?tenant_id", Rule.READ, 200,
                f -> f.tenant() == null ? null : get("/admin/keys?tenant_id=" + f.tenant())));
        all.add(global("GET /admin/keys", Rule.GLOBAL_READ, 200, get("/admin/keys")));
        all.add(targeted("GET /admin/keys/{id}", Rule.READ, 200, f -> get("/admin/keys/" + f.key())));
        all.add(targeted("PATCH /admin/keys/{id}", Rule.WRITE, 200,
                f -> new Call("PATCH", "/admin/keys/" + f.key(), "{\"key_alias\":\"renamed\"}")));
        all.add(targeted("POST /admin/keys/{id}/rotate", Rule.WRITE, 200,
                f -> new Call("POST", "/admin/keys/" + f.key() + "/rotate", "{\"grace_period_seconds\":60}")));
        all.add(targeted("POST /admin/keys/{id}/block", Rule.WRITE, 200,
                f -> new Call("POST", "/admin/keys/" + f.key() + "/block", null)));
        all.add(targeted("POST /admin/keys/{id}/unblock", Rule.WRITE, 200,
                f -> new Call("POST", "/admin/keys/" + f.key() + "/unblock", null)));
        all.add(targeted("DELETE /admin/keys/{id}", Rule.WRITE, 200,
                f -> new Call("DELETE", "/admin/keys/" + f.freshKey(), null)));
    }

    private static void budgetsAndLimits(List<Endpoint> all) {
        all.add(targeted("POST /admin/budgets", Rule.WRITE, 201, f -> new Call("POST", "/admin/budgets",
                "{\"scope\":\"project:" + f.project() + "\",\"max_budget\":10,\"budget_duration\":\"30d\"}")));
        all.add(targeted("POST /admin/limits", Rule.WRITE, 201, f -> new Call("POST", "/admin/limits",
                "{\"scope\":\"key:" + f.key() + "\",\"rpm_limit\":10}")));
        for (String kind : List.of("budgets", "limits")) {
            boolean budgets = kind.equals("budgets");
            all.add(targeted("GET /admin/" + kind + "?tenant_id", Rule.READ, 200,
                    f -> f.tenant() == null ? null : get("/admin/" + kind + "?tenant_id=" + f.tenant())));
            all.add(global("GET /admin/" + kind, Rule.GLOBAL_READ, 200, get("/admin/" + kind)));
            all.add(targeted("GET /admin/" + kind + "/{id}", Rule.READ, 200,
                    f -> get("/admin/" + kind + "/" + (budgets ? f.budget() : f.limit()))));
            all.add(targeted("PATCH /admin/" + kind + "/{id}", Rule.WRITE, 200,
                    f -> new Call("PATCH", "/admin/" + kind + "/" + (budgets ? f.budget() : f.limit()),
                            budgets ? "{\"max_budget\":20}" : "{\"tpm_limit\":1000}")));
            all.add(targeted("DELETE /admin/" + kind + "/{id}", Rule.WRITE, 200,
                    f -> new Call("DELETE", "/admin/" + kind + "/" + (budgets ? f.freshBudget() : f.freshLimit()), null)));
        }
    }

    private static void liteLlm(List<Endpoint> all) {
        all.add(targeted("POST /key/generate (organization_id)", Rule.WRITE, 200, f -> f.tenant() == null ? null
                : new Call("POST", "/key/generate", "{\"organization_id\":\"" + f.tenant() + "\"}")));
        all.add(targeted("POST /key/generate (team_id only)", Rule.WRITE, 200,
                f -> new Call("POST", "/key/generate", "{\"team_id\":\"" + f.project() + "\"}")));
        all.add(global("POST /key/generate (caller's tenant)", Rule.ANY_WRITE, 200,
                new Call("POST", "/key/generate", "{}")));
        all.add(new Endpoint("GET /key/info", Rule.READ, 200, true, f -> get("/key/info?key=" + f.key()),
                "key_forbidden"));
        all.add(targeted("POST /key/update", Rule.WRITE, 200,
                f -> new Call("POST", "/key/update", "{\"key\":\"" + f.key() + "\",\"key_alias\":\"again\"}")));
        all.add(targeted("POST /key/delete", Rule.WRITE, 200,
                f -> new Call("POST", "/key/delete", "{\"keys\":[\"" + f.freshKey() + "\"]}")));
        all.add(targeted("POST /key/block", Rule.WRITE, 200,
                f -> new Call("POST", "/key/block", "{\"key\":\"" + f.key() + "\"}")));
        all.add(targeted("POST /key/unblock", Rule.WRITE, 200,
                f -> new Call("POST", "/key/unblock", "{\"key\":\"" + f.key() + "\"}")));
        all.add(targeted("POST /key/regenerate", Rule.WRITE, 200,
                f -> new Call("POST", "/key/regenerate", "{\"key\":\"" + f.key() + "\",\"grace_period\":\"1h\"}")));
        all.add(targeted("POST /key/{key}/regenerate", Rule.WRITE, 200,
                f -> new Call("POST", "/key/" + f.key() + "/regenerate", null)));
        all.add(targeted("GET /key/list?organization_id", Rule.READ, 200,
                f -> f.tenant() == null ? null : get("/key/list?organization_id=" + f.tenant())));
        all.add(targeted("GET /key/list?team_id", Rule.READ, 200, f -> get("/key/list?team_id=" + f.project())));
        all.add(global("GET /key/list (caller's tenant)", Rule.ANY_READ, 200, get("/key/list")));
        all.add(targeted("POST /team/new", Rule.WRITE, 200, f -> f.tenant() == null ? null
                : new Call("POST", "/team/new", "{\"organization_id\":\"" + f.tenant() + "\",\"team_alias\":\"t\"}")));
        all.add(global("POST /team/new (caller's tenant)", Rule.ANY_WRITE, 200,
                new Call("POST", "/team/new", "{\"team_alias\":\"t\"}")));
        all.add(targeted("POST /team/update", Rule.WRITE, 200,
                f -> new Call("POST", "/team/update", "{\"team_id\":\"" + f.project() + "\",\"team_alias\":\"t2\"}")));
        all.add(targeted("POST /team/delete", Rule.WRITE, 200,
                f -> new Call("POST", "/team/delete", "{\"team_ids\":[\"" + f.freshProject() + "\"]}")));
        all.add(targeted("GET /team/list?organization_id", Rule.READ, 200,
                f -> f.tenant() == null ? null : get("/team/list?organization_id=" + f.tenant())));
        all.add(global("GET /team/list (caller's tenant)", Rule.ANY_READ, 200, get("/team/list")));
        all.add(targeted("GET /user/list?organization_id", Rule.READ, 200,
                f -> f.tenant() == null ? null : get("/user/list?organization_id=" + f.tenant())));
        all.add(global("GET /user/list (caller's tenant)", Rule.ANY_READ, 200, get("/user/list")));
        all.add(targeted("GET /team/info", Rule.READ, 200, f -> get("/team/info?team_id=" + f.project())));
        all.add(targeted("POST /user/new", Rule.WRITE, 200, f -> f.tenant() == null ? null : new Call("POST",
                "/user/new", "{\"organization_id\":\"" + f.tenant() + "\",\"auto_create_key\":false}")));
        all.add(global("POST /user/new (caller's tenant)", Rule.ANY_WRITE, 200,
                new Call("POST", "/user/new", "{\"auto_create_key\":false}")));
        all.add(targeted("POST /user/update", Rule.WRITE, 200,
                f -> new Call("POST", "/user/update", "{\"user_id\":\"" + f.user() + "\",\"user_alias\":\"u2\"}")));
        all.add(targeted("POST /user/delete", Rule.WRITE, 200,
                f -> new Call("POST", "/user/delete", "{\"user_ids\":[\"" + f.freshUser() + "\"]}")));
        all.add(targeted("GET /user/info", Rule.READ, 200, f -> get("/user/info?user_id=" + f.user())));
        all.add(global("POST /organization/new", Rule.GLOBAL_WRITE, 200,
                new Call("POST", "/organization/new", "{\"organization_alias\":\"Org\"}")));
        all.add(targeted("GET /organization/info", Rule.READ, 200,
                f -> f.tenant() == null ? null : get("/organization/info?organization_id=" + f.tenant())));
        all.add(targeted("PATCH /organization/update", Rule.WRITE, 200, f -> f.tenant() == null ? null
                : new Call("PATCH", "/organization/update", "{\"organization_id\":\"" + f.tenant()
                        + "\",\"metadata\":{\"touched\":\"yes\"}}")));
        all.add(global("GET /organization/list", Rule.ANY_READ, 200, get("/organization/list")));
        all.add(new Endpoint("DELETE /organization/delete", Rule.GLOBAL_WRITE, 200, false, f -> new Call("DELETE",
                "/organization/delete", "{\"organization_ids\":[\""
                        + admin.tenants().create(MASTER, null, "Empty", Map.of()).id() + "\"]}")));
        all.add(targeted("GET /spend/logs?organization_id", Rule.READ, 200,
                f -> f.tenant() == null ? null : get("/spend/logs?organization_id=" + f.tenant())));
        all.add(targeted("GET /spend/logs?api_key", Rule.READ, 200, f -> get("/spend/logs?api_key=" + f.key())));
        all.add(global("GET /spend/logs (caller's tenant)", Rule.ANY_READ, 200, get("/spend/logs")));
    }

    static Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        for (Endpoint endpoint : endpoints()) {
            for (Caller caller : Caller.values()) {
                for (String target : endpoint.targeted() ? List.of(OWN, OTHER, NONE) : List.of(NONE)) {
                    cases.add(Arguments.of(endpoint, caller, target));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} as {1} on {2}")
    @MethodSource("matrix")
    void eachEndpointAnswersEachCallerForEachTenant(Endpoint endpoint, Caller caller, String target) throws Exception {
        Fixture fixture = fixtures.get(target);
        Call call = endpoint.call().apply(fixture);
        if (call == null) {
            return; // no form of this endpoint for records of no tenant: its global form is a row of its own
        }

        HttpResponse<String> response = send(caller, call);

        if (caller == Caller.VIRTUAL_KEY && endpoint.virtualKeyRefusal() != null) {
            // A virtual key may describe itself at /key/info, as LiteLLM allows (AdminKeysResourceTest); any other
            // key is refused, whoever's it is.
            assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
            assertThat(JSON.readTree(response.body()).at("/error/code").asText()).isEqualTo(endpoint.virtualKeyRefusal());
        } else if (caller.role == null) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        } else if (endpoint.rule().allows(caller, fixture.tenant())) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(endpoint.success());
        } else {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
            JsonNode error = JSON.readTree(response.body()).path("error");
            assertThat(error.path("type").asText()).isEqualTo("permission_error");
            assertThat(error.path("code").asText()).isIn("tenant_forbidden", "read_only", "global_role_required");
        }
    }

    private static Endpoint targeted(String name, Rule rule, int success, Function<Fixture, @Nullable Call> call) {
        return new Endpoint(name, rule, success, true, call);
    }

    private static Endpoint global(String name, Rule rule, int success, Call call) {
        return new Endpoint(name, rule, success, false, f -> call);
    }

    private static Call get(String path) {
        return new Call("GET", path, null);
    }

    private static HttpResponse<String> send(Caller caller, Call call) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.uri(call.path())).method(call.method(),
                call.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(call.body()));
        if (call.body() != null) {
            request.header("content-type", "application/json");
        }
        String authorization = caller.authorization();
        if (authorization != null) {
            request.header("authorization", authorization);
        }
        return gateway.send(request.build());
    }
}
