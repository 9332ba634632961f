package dev.ditto.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.control.AdminPrincipal;
import dev.ditto.control.audit.AuditChain;
import dev.ditto.control.AdminRole;
import dev.ditto.control.ControlStore;
import dev.ditto.control.Scope;
import dev.ditto.control.admin.AdminCall;
import dev.ditto.control.admin.Administration;
import dev.ditto.control.admin.BudgetSpec;
import dev.ditto.control.admin.LimitSpec;
import dev.ditto.control.admin.NewKey;
import dev.ditto.control.budget.ResetPeriod;
import dev.ditto.control.keys.KeyHasher;
import dev.ditto.control.Invalidations;
import dev.ditto.control.limits.LimitAlgorithm;
import dev.ditto.store.jpa.Database;
import dev.ditto.store.jpa.JdbcUrl;
import dev.ditto.store.jpa.JpaControlStore;
import dev.ditto.testing.AdminApiServer;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tenant isolation on every admin endpoint, over real HTTP: each endpoint x each kind of
 * administrator (global admin, global viewer, tenant admin of A, tenant viewer of A) x an object
 * of tenant A or of tenant B. Allowed calls answer their success status and write exactly one
 * audit record; refused calls answer 403 in OpenAI's error shape and write nothing.
 */
class AdminAccessMatrixTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AdminCall MASTER = AdminCall.of(AdminPrincipal.masterKey());

    private static Database database;
    private static Administration admin;
    private static AdminApiServer api;
    private static Map<String, Fixture> fixtures;

    /** Who calls. */
    enum Caller {
        GLOBAL_ADMIN(new AdminPrincipal("ops", AdminRole.GLOBAL_ADMIN, null)),
        GLOBAL_VIEWER(new AdminPrincipal("auditor", AdminRole.GLOBAL_VIEWER, null)),
        TENANT_ADMIN_A(new AdminPrincipal("alice", AdminRole.TENANT_ADMIN, "ten-a")),
        TENANT_VIEWER_A(new AdminPrincipal("victor", AdminRole.TENANT_VIEWER, "ten-a"));

        final AdminPrincipal principal;

        Caller(AdminPrincipal principal) {
            this.principal = principal;
        }

        String token() {
            return name().toLowerCase();
        }
    }

    /** What an endpoint needs. */
    enum Rule {
        /** Read access to the object's tenant. */
        READ,
        /** Write access to the object's tenant. */
        WRITE,
        /** A global role. */
        GLOBAL_READ,
        /** A global admin. */
        GLOBAL_WRITE,
        /** Anyone: LiteLLM's listings without a tenant take the caller's own. */
        ANY_READ;

        boolean allows(Caller caller, String tenant) {
            AdminRole role = caller.principal.role();
            boolean reach = role.isGlobal() || tenant.equals(caller.principal.tenantId());
            return switch (this) {
                case READ -> reach;
                case WRITE -> reach && role.canWrite();
                case GLOBAL_READ -> role.isGlobal();
                case GLOBAL_WRITE -> role.isGlobal() && role.canWrite();
                case ANY_READ -> true;
            };
        }

        boolean writes() {
            return this == WRITE || this == GLOBAL_WRITE;
        }
    }

    /** A tenant's records, made by the master key before the matrix runs. */
    record Fixture(String tenant, String project, String user, String key, String budget, String limit) {

        String freshProject() {
            return admin.projects().create(MASTER, null, tenant, "fresh", Map.of()).id();
        }

        String freshUser() {
            return admin.users().create(MASTER, null, tenant, null, "fresh", Map.of()).id();
        }

        String freshKey() {
            return admin.keys().create(MASTER, new NewKey(tenant, null, null, "fresh", Set.of(), Set.of(), null,
                    Map.of(), false)).key().id();
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

    /** One request of the matrix. */
    record Call(String method, String path, @Nullable String body) {}

    /** An endpoint: the request to make against a tenant's records, what it needs, and its success. */
    record Endpoint(String name, Rule rule, int success, Function<Fixture, Call> call) {

        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        database = Database.ofPool(new JdbcUrl("jdbc:h2:mem:ditto-matrix-" + UUID.randomUUID(), "sa", ""), 4);
        ControlStore store = new JpaControlStore(database.entityManagerFactory());
        admin = Administration.of(store, KeyHasher.sha256(), Invalidations.local(), Clock.systemUTC());
        fixtures = Map.of("ten-a", fixture("ten-a"), "ten-b", fixture("ten-b"));
        Map<String, AdminPrincipal> tokens = new java.util.HashMap<>();
        for (Caller caller : Caller.values()) {
            tokens.put(caller.token(), caller.principal);
        }
        api = AdminApiServer.start(admin, tokens);
    }

    private static Fixture fixture(String tenant) {
        admin.tenants().create(MASTER, tenant, "Tenant " + tenant, Map.of());
        String project = admin.projects().create(MASTER, null, tenant, "web", Map.of()).id();
        String user = admin.users().create(MASTER, null, tenant, "dev@" + tenant + ".example", "dev", Map.of()).id();
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
        api.close();
        database.close();
    }

    static List<Endpoint> endpoints() {
        List<Endpoint> all = new ArrayList<>();
        // Tenants
        all.add(new Endpoint("GET /admin/tenants/{id}", Rule.READ, 200, f -> get("/admin/tenants/" + f.tenant())));
        all.add(new Endpoint("PATCH /admin/tenants/{id}", Rule.WRITE, 200,
                f -> new Call("PATCH", "/admin/tenants/" + f.tenant(), "{\"metadata\":{\"touched\":\"yes\"}}")));
        all.add(new Endpoint("GET /admin/tenants", Rule.GLOBAL_READ, 200, f -> get("/admin/tenants")));
        all.add(new Endpoint("POST /admin/tenants", Rule.GLOBAL_WRITE, 201,
                f -> new Call("POST", "/admin/tenants", "{\"name\":\"New\"}")));
        all.add(new Endpoint("DELETE /admin/tenants/{id}", Rule.GLOBAL_WRITE, 200,
                f -> new Call("DELETE", "/admin/tenants/" + admin.tenants().create(MASTER, null, "Empty", Map.of()).id(),
                        null)));
        // Projects and users
        for (String kind : List.of("projects", "users")) {
            boolean projects = kind.equals("projects");
            all.add(new Endpoint("POST /admin/" + kind, Rule.WRITE, 201,
                    f -> new Call("POST", "/admin/" + kind, "{\"tenant_id\":\"" + f.tenant() + "\",\"alias\":\"x\"}")));
            all.add(new Endpoint("GET /admin/" + kind + "?tenant_id", Rule.READ, 200,
                    f -> get("/admin/" + kind + "?tenant_id=" + f.tenant())));
            all.add(new Endpoint("GET /admin/" + kind, Rule.GLOBAL_READ, 200, f -> get("/admin/" + kind)));
            all.add(new Endpoint("GET /admin/" + kind + "/{id}", Rule.READ, 200,
                    f -> get("/admin/" + kind + "/" + (projects ? f.project() : f.user()))));
            all.add(new Endpoint("PATCH /admin/" + kind + "/{id}", Rule.WRITE, 200,
                    f -> new Call("PATCH", "/admin/" + kind + "/" + (projects ? f.project() : f.user()),
                            "{\"alias\":\"renamed\"}")));
            all.add(new Endpoint("DELETE /admin/" + kind + "/{id}", Rule.WRITE, 200,
                    f -> new Call("DELETE", "/admin/" + kind + "/" + (projects ? f.freshProject() : f.freshUser()), null)));
        }
        // Keys
        all.add(new Endpoint("POST /admin/keys (tenant_id)", Rule.WRITE, 201,
                f -> new Call("POST", "/admin/keys", "{\"tenant_id\":\"" + f.tenant() + "\"}")));
        all.add(new Endpoint("POST /admin/keys (project_id only)", Rule.WRITE, 201,
                f -> new Call("POST", "/admin/keys", "{\"project_id\":\"" + f.project() + "\"}")));
        all.add(new Endpoint("GET /admin/keys?tenant_id", Rule.READ, 200, f -> get("/admin/keys?tenant_id=" + f.tenant())));
        all.add(new Endpoint("GET /admin/keys", Rule.GLOBAL_READ, 200, f -> get("/admin/keys")));
        all.add(new Endpoint("GET /admin/keys/{id}", Rule.READ, 200, f -> get("/admin/keys/" + f.key())));
        all.add(new Endpoint("PATCH /admin/keys/{id}", Rule.WRITE, 200,
                f -> new Call("PATCH", "/admin/keys/" + f.key(), "{\"key_alias\":\"renamed\"}")));
        all.add(new Endpoint("POST /admin/keys/{id}/rotate", Rule.WRITE, 200,
                f -> new Call("POST", "/admin/keys/" + f.key() + "/rotate", "{\"grace_period_seconds\":60}")));
        all.add(new Endpoint("POST /admin/keys/{id}/block", Rule.WRITE, 200,
                f -> new Call("POST", "/admin/keys/" + f.key() + "/block", null)));
        all.add(new Endpoint("POST /admin/keys/{id}/unblock", Rule.WRITE, 200,
                f -> new Call("POST", "/admin/keys/" + f.key() + "/unblock", null)));
        all.add(new Endpoint("DELETE /admin/keys/{id}", Rule.WRITE, 200,
                f -> new Call("DELETE", "/admin/keys/" + f.freshKey(), null)));
        // Budgets and limits
        all.add(new Endpoint("POST /admin/budgets", Rule.WRITE, 201, f -> new Call("POST", "/admin/budgets",
                "{\"scope\":\"project:" + f.project() + "\",\"max_budget\":10,\"budget_duration\":\"30d\"}")));
        all.add(new Endpoint("POST /admin/limits", Rule.WRITE, 201, f -> new Call("POST", "/admin/limits",
                "{\"scope\":\"key:" + f.key() + "\",\"rpm_limit\":10}")));
        for (String kind : List.of("budgets", "limits")) {
            boolean budgets = kind.equals("budgets");
            all.add(new Endpoint("GET /admin/" + kind + "?tenant_id", Rule.READ, 200,
                    f -> get("/admin/" + kind + "?tenant_id=" + f.tenant())));
            all.add(new Endpoint("GET /admin/" + kind, Rule.GLOBAL_READ, 200, f -> get("/admin/" + kind)));
            all.add(new Endpoint("GET /admin/" + kind + "/{id}", Rule.READ, 200,
                    f -> get("/admin/" + kind + "/" + (budgets ? f.budget() : f.limit()))));
            all.add(new Endpoint("PATCH /admin/" + kind + "/{id}", Rule.WRITE, 200,
                    f -> new Call("PATCH", "/admin/" + kind + "/" + (budgets ? f.budget() : f.limit()),
                            budgets ? "{\"max_budget\":20}" : "{\"tpm_limit\":1000}")));
            all.add(new Endpoint("DELETE /admin/" + kind + "/{id}", Rule.WRITE, 200,
                    f -> new Call("DELETE", "/admin/" + kind + "/" + (budgets ? f.freshBudget() : f.freshLimit()), null)));
        }
        // Reports
        for (String report : List.of("ledgers", "spend", "audit")) {
            all.add(new Endpoint("GET /admin/" + report + "?tenant_id", Rule.READ, 200,
                    f -> get("/admin/" + report + "?tenant_id=" + f.tenant())));
            all.add(new Endpoint("GET /admin/" + report, Rule.GLOBAL_READ, 200, f -> get("/admin/" + report)));
        }
        // LiteLLM's endpoints
        all.add(new Endpoint("POST /key/generate (organization_id)", Rule.WRITE, 200,
                f -> new Call("POST", "/key/generate", "{\"organization_id\":\"" + f.tenant() + "\"}")));
        all.add(new Endpoint("POST /key/generate (team_id only)", Rule.WRITE, 200,
                f -> new Call("POST", "/key/generate", "{\"team_id\":\"" + f.project() + "\"}")));
        all.add(new Endpoint("GET /key/info", Rule.READ, 200, f -> get("/key/info?key=" + f.key())));
        all.add(new Endpoint("POST /key/update", Rule.WRITE, 200,
                f -> new Call("POST", "/key/update", "{\"key\":\"" + f.key() + "\",\"key_alias\":\"again\"}")));
        all.add(new Endpoint("POST /key/delete", Rule.WRITE, 200,
                f -> new Call("POST", "/key/delete", "{\"keys\":[\"" + f.freshKey() + "\"]}")));
        all.add(new Endpoint("POST /key/block", Rule.WRITE, 200,
                f -> new Call("POST", "/key/block", "{\"key\":\"" + f.key() + "\"}")));
        all.add(new Endpoint("POST /key/unblock", Rule.WRITE, 200,
                f -> new Call("POST", "/key/unblock", "{\"key\":\"" + f.key() + "\"}")));
        all.add(new Endpoint("POST /key/regenerate", Rule.WRITE, 200,
                f -> new Call("POST", "/key/regenerate", "{\"key\":\"" + f.key() + "\",\"grace_period\":\"1h\"}")));
        all.add(new Endpoint("POST /key/{key}/regenerate", Rule.WRITE, 200,
                f -> new Call("POST", "/key/" + f.key() + "/regenerate", null)));
        all.add(new Endpoint("GET /key/list?organization_id", Rule.READ, 200,
                f -> get("/key/list?organization_id=" + f.tenant())));
        all.add(new Endpoint("GET /key/list?team_id", Rule.READ, 200, f -> get("/key/list?team_id=" + f.project())));
        all.add(new Endpoint("GET /key/list (caller's tenant)", Rule.ANY_READ, 200, f -> get("/key/list")));
        all.add(new Endpoint("POST /team/new", Rule.WRITE, 200,
                f -> new Call("POST", "/team/new", "{\"organization_id\":\"" + f.tenant() + "\",\"team_alias\":\"t\"}")));
        all.add(new Endpoint("POST /team/update", Rule.WRITE, 200,
                f -> new Call("POST", "/team/update", "{\"team_id\":\"" + f.project() + "\",\"team_alias\":\"t2\"}")));
        all.add(new Endpoint("POST /team/delete", Rule.WRITE, 200,
                f -> new Call("POST", "/team/delete", "{\"team_ids\":[\"" + f.freshProject() + "\"]}")));
        all.add(new Endpoint("GET /team/list?organization_id", Rule.READ, 200,
                f -> get("/team/list?organization_id=" + f.tenant())));
        all.add(new Endpoint("GET /team/list (caller's tenant)", Rule.ANY_READ, 200, f -> get("/team/list")));
        all.add(new Endpoint("GET /user/list?organization_id", Rule.READ, 200,
                f -> get("/user/list?organization_id=" + f.tenant())));
        all.add(new Endpoint("GET /user/list (caller's tenant)", Rule.ANY_READ, 200, f -> get("/user/list")));
        all.add(new Endpoint("GET /team/info", Rule.READ, 200, f -> get("/team/info?team_id=" + f.project())));
        all.add(new Endpoint("POST /user/new", Rule.WRITE, 200, f -> new Call("POST", "/user/new",
                "{\"organization_id\":\"" + f.tenant() + "\",\"auto_create_key\":false}")));
        all.add(new Endpoint("POST /user/update", Rule.WRITE, 200,
                f -> new Call("POST", "/user/update", "{\"user_id\":\"" + f.user() + "\",\"user_alias\":\"u2\"}")));
        all.add(new Endpoint("POST /user/delete", Rule.WRITE, 200,
                f -> new Call("POST", "/user/delete", "{\"user_ids\":[\"" + f.freshUser() + "\"]}")));
        all.add(new Endpoint("GET /user/info", Rule.READ, 200, f -> get("/user/info?user_id=" + f.user())));
        all.add(new Endpoint("POST /organization/new", Rule.GLOBAL_WRITE, 200,
                f -> new Call("POST", "/organization/new", "{\"organization_alias\":\"Org\"}")));
        all.add(new Endpoint("GET /organization/info", Rule.READ, 200,
                f -> get("/organization/info?organization_id=" + f.tenant())));
        all.add(new Endpoint("PATCH /organization/update", Rule.WRITE, 200, f -> new Call("PATCH", "/organization/update",
                "{\"organization_id\":\"" + f.tenant() + "\",\"metadata\":{\"touched\":\"yes\"}}")));
        all.add(new Endpoint("GET /organization/list", Rule.ANY_READ, 200, f -> get("/organization/list")));
        all.add(new Endpoint("DELETE /organization/delete", Rule.GLOBAL_WRITE, 200, f -> new Call("DELETE",
                "/organization/delete", "{\"organization_ids\":[\""
                        + admin.tenants().create(MASTER, null, "Empty", Map.of()).id() + "\"]}")));
        all.add(new Endpoint("GET /spend/logs?organization_id", Rule.READ, 200,
                f -> get("/spend/logs?organization_id=" + f.tenant())));
        all.add(new Endpoint("GET /spend/logs?api_key", Rule.READ, 200, f -> get("/spend/logs?api_key=" + f.key())));
        all.add(new Endpoint("GET /spend/logs (caller's tenant)", Rule.ANY_READ, 200, f -> get("/spend/logs")));
        return all;
    }

    static Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        for (Endpoint endpoint : endpoints()) {
            for (Caller caller : Caller.values()) {
                for (String tenant : List.of("ten-a", "ten-b")) {
                    cases.add(Arguments.of(endpoint, caller, tenant));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} as {1} on {2}")
    @MethodSource("matrix")
    void eachEndpointAnswersEachCallerForEachTenant(Endpoint endpoint, Caller caller, String tenant) throws Exception {
        Call call = endpoint.call().apply(fixtures.get(tenant));
        long auditBefore = auditRows();

        HttpResponse<String> response = api.send(call.method(), call.path(), caller.token(), call.body());

        long written = auditRows() - auditBefore;
        if (endpoint.rule().allows(caller, tenant)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(endpoint.success());
            assertThat(written).as("audit records of %s", endpoint).isEqualTo(endpoint.rule().writes() ? 1 : 0);
        } else {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
            JsonNode error = JSON.readTree(response.body()).path("error");
            assertThat(error.path("type").asText()).isEqualTo("permission_error");
            assertThat(error.path("code").asText()).isIn("tenant_forbidden", "read_only", "global_role_required");
            assertThat(written).as("a refused call writes nothing").isZero();
        }
    }

    private static Call get(String path) {
        return new Call("GET", path, null);
    }

    private static long auditRows() throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement();
                // A write into a chain not used before (a new tenant's) also writes the chain's genesis record.
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM ditto_audit WHERE action <> '"
                        + AuditChain.GENESIS_ACTION + "'")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
