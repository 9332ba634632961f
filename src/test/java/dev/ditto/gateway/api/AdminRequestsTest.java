package dev.ditto.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.control.AdminPrincipal;
import dev.ditto.control.ControlStore;
import dev.ditto.control.StoreUnavailableException;
import dev.ditto.control.admin.Administration;
import dev.ditto.control.keys.KeyHasher;
import dev.ditto.control.Invalidations;
import dev.ditto.store.jpa.Database;
import dev.ditto.store.jpa.JdbcUrl;
import dev.ditto.store.jpa.JpaControlStore;
import dev.ditto.testing.AdminApiServer;
import java.net.http.HttpResponse;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.util.List;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the admin API answers to requests it cannot carry out, and the details of paging,
 * partial updates and LiteLLM's fields: each refusal in OpenAI's shape naming the field, and
 * nothing written (no record, no audit entry) when a request is refused.
 */
class AdminRequestsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "master";

    private Database database;
    private AdminApiServer api;

    @BeforeEach
    void start() throws Exception {
        database = Database.ofPool(new JdbcUrl("jdbc:h2:mem:ditto-requests-" + UUID.randomUUID(), "sa", ""), 4);
        Administration admin = Administration.of(new JpaControlStore(database.entityManagerFactory()),
                KeyHasher.sha256(), Invalidations.local(), Clock.systemUTC());
        api = AdminApiServer.start(admin, Map.of(TOKEN, AdminPrincipal.masterKey()));
        created("POST", "/admin/tenants", "{\"id\":\"acme\",\"name\":\"Acme\"}");
        created("POST", "/admin/tenants", "{\"id\":\"globex\",\"name\":\"Globex\"}");
        created("POST", "/admin/projects", "{\"id\":\"web\",\"tenant_id\":\"acme\"}");
        created("POST", "/admin/projects", "{\"id\":\"ops\",\"tenant_id\":\"globex\"}");
    }

    @AfterEach
    void stop() throws Exception {
        api.close();
        database.close();
    }

    @Test
    void badFieldsAreRefusedNamingTheField() throws Exception {
        assertInvalid(send("POST", "/admin/tenants", "{\"name\":\"x\",\"nmae\":\"y\"}"), "nmae");
        assertInvalid(send("POST", "/admin/tenants", "{\"name\":5}"), "name");
        assertInvalid(send("POST", "/admin/tenants", "{}"), "name");
        assertInvalid(send("POST", "/admin/tenants", "{\"name\":\"x\",\"id\":\"has space\"}"), "id");
        assertInvalid(send("POST", "/admin/keys", "{\"models\":\"gpt-4o\"}"), "models");
        assertInvalid(send("POST", "/admin/keys", "{\"duration\":\"soon\"}"), "duration");
        assertInvalid(send("POST", "/admin/keys", "{\"duration\":\"999999999d\"}"), "duration");
        assertInvalid(send("POST", "/admin/keys", "{\"expires\":\"+20000-01-01T00:00:00Z\"}"), "expires");
        assertInvalid(send("POST", "/admin/keys", "{\"expires\":\"2030-01-01T00:00:00Z\",\"duration\":\"1d\"}"), "duration");
        assertInvalid(send("POST", "/admin/budgets", "{\"scope\":\"team:web\",\"max_budget\":1}"), "scope");
        assertInvalid(send("POST", "/admin/budgets", "{\"scope\":\"project:web\",\"max_budget\":-1}"), "max_budget");
        assertInvalid(send("POST", "/admin/budgets", "{\"scope\":\"project:web\",\"max_budget\":1,"
                + "\"budget_duration\":\"2mo\"}"), "budget_duration");
        assertInvalid(send("POST", "/admin/limits", "{\"scope\":\"project:web\"}"), "rpm_limit");
        assertInvalid(send("POST", "/admin/limits", "{\"scope\":\"project:web\",\"rpm_limit\":0}"), "rpm_limit");
        assertInvalid(send("GET", "/admin/tenants?limit=0", null), "limit");
        assertInvalid(send("GET", "/admin/tenants?limit=1001", null), "limit");
        assertInvalid(send("GET", "/admin/audit?from=yesterday", null), "from");
        assertInvalid(send("GET", "/admin/audit?cursor=garbage", null), "cursor");
        assertInvalid(send("GET", "/admin/spend?group_by=week", null), "group_by");
        assertThat(send("POST", "/admin/tenants", "[1]").statusCode()).isEqualTo(400);
        assertThat(auditCount("tenant.create")).as("only the set-up's tenants").isEqualTo(2);
    }

    @Test
    void ownersMustExistAndShareTheKeysTenant() throws Exception {
        assertInvalid(send("POST", "/admin/keys", "{\"tenant_id\":\"acme\",\"project_id\":\"ops\"}"), "project_id");
        assertInvalid(send("POST", "/admin/keys", "{\"project_id\":\"nope\"}"), "project_id");
        assertInvalid(send("POST", "/admin/keys", "{\"tenant_id\":\"nope\"}"), "tenant_id");
        assertInvalid(send("POST", "/admin/projects", "{\"tenant_id\":\"nope\"}"), "tenant_id");
        assertInvalid(send("POST", "/admin/budgets", "{\"scope\":\"key:key_nope\",\"max_budget\":1}"), "scope");
        assertThat(JSON.readTree(send("GET", "/admin/keys", null).body()).path("data")).isEmpty();
    }

    @Test
    void conflictsAndMissingRecordsWriteNothing() throws Exception {
        HttpResponse<String> duplicate = send("POST", "/admin/tenants", "{\"id\":\"acme\",\"name\":\"Again\"}");
        assertThat(duplicate.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(duplicate.body()).at("/error/code").asText()).isEqualTo("conflict");
        HttpResponse<String> inUse = send("DELETE", "/admin/tenants/acme", null);
        assertThat(inUse.statusCode()).as(inUse.body()).isEqualTo(409);
        assertThat(send("GET", "/admin/tenants/acme", null).statusCode()).isEqualTo(200);
        assertThat(auditCount("tenant.create")).isEqualTo(2);
        assertThat(auditCount("tenant.delete")).isZero();

        HttpResponse<String> missing = send("PATCH", "/admin/keys/key_nope", "{\"key_alias\":\"x\"}");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(missing.body()).at("/error/code").asText()).isEqualTo("key_not_found");
        assertThat(send("GET", "/admin/budgets/bud_nope", null).statusCode()).isEqualTo(404);
    }

    @Test
    void listingsArePagedByCursor() throws Exception {
        created("POST", "/admin/tenants", "{\"id\":\"initech\",\"name\":\"Initech\"}");

        JsonNode first = JSON.readTree(send("GET", "/admin/tenants?limit=2", null).body());
        JsonNode second = JSON.readTree(send("GET", "/admin/tenants?limit=2&cursor="
                + first.path("next_cursor").asText(), null).body());

        assertThat(first.path("data")).extracting(node -> node.path("id").asText()).containsExactly("acme", "globex");
        assertThat(first.path("has_more").asBoolean()).isTrue();
        assertThat(second.path("data")).extracting(node -> node.path("id").asText()).containsExactly("initech");
        assertThat(second.path("has_more").asBoolean()).isFalse();
        assertThat(second.path("next_cursor").isNull()).isTrue();
    }

    @Test
    void patchesChangeOnlyWhatTheyName() throws Exception {
        JsonNode budget = created("POST", "/admin/budgets", "{\"scope\":\"project:web\",\"max_budget\":\"12.50\","
                + "\"soft_budget\":10,\"budget_duration\":\"30d\"}");
        assertThat(budget.path("budget_duration").asText()).isEqualTo("30d");
        assertThat(budget.path("reset_period").asText()).isEqualTo("duration");
        assertThat(budget.path("tenant_id").asText()).isEqualTo("acme");
        JsonNode patched = JSON.readTree(send("PATCH", "/admin/budgets/" + budget.path("id").asText(),
                "{\"soft_budget\":null}").body());
        assertThat(patched.path("max_budget").decimalValue()).isEqualByComparingTo("12.5");
        assertThat(patched.path("soft_budget").isNull()).isTrue();
        assertThat(patched.path("budget_duration").asText()).isEqualTo("30d");

        JsonNode limit = created("POST", "/admin/limits", "{\"scope\":\"project:web\",\"rpm_limit\":10,\"tpm_limit\":1000,"
                + "\"algorithm\":\"token_bucket\"}");
        JsonNode cleared = JSON.readTree(send("PATCH", "/admin/limits/" + limit.path("id").asText(),
                "{\"rpm_limit\":null}").body());
        assertThat(cleared.path("rpm_limit").isNull()).isTrue();
        assertThat(cleared.path("tpm_limit").asLong()).isEqualTo(1000);
        assertThat(cleared.path("algorithm").asText()).isEqualTo("token_bucket");
        assertInvalid(send("PATCH", "/admin/limits/" + limit.path("id").asText(), "{\"tpm_limit\":null}"), "rpm_limit");

        JsonNode user = created("POST", "/admin/users", "{\"tenant_id\":\"acme\",\"email\":\"a@acme.example\","
                + "\"metadata\":{\"level\":3,\"tags\":[\"x\"]}}");
        assertThat(user.path("metadata").path("level").asText()).isEqualTo("3");
        assertThat(user.path("metadata").path("tags").asText()).isEqualTo("[\"x\"]");
        JsonNode renamed = JSON.readTree(send("PATCH", "/admin/users/" + user.path("id").asText(),
                "{\"alias\":\"Ann\"}").body());
        assertThat(renamed.path("email").asText()).isEqualTo("a@acme.example");
        assertThat(renamed.path("alias").asText()).isEqualTo("Ann");
    }

    @Test
    void theAuditKeepsBeforeAndAfterWithCredentialLabelsRedacted() throws Exception {
        send("PATCH", "/admin/tenants/acme", "{\"metadata\":{\"plan\":\"gold\",\"billing_api_key\":\"s3cr3t\"}}");

        JsonNode record = JSON.readTree(send("GET", "/admin/audit?action=tenant.update&target_id=acme", null).body())
                .path("data").get(0);

        assertThat(record.path("before").path("metadata").size()).isZero();
        assertThat(record.path("after").path("metadata").path("plan").asText()).isEqualTo("gold");
        assertThat(record.path("after").path("metadata").path("billing_api_key").asText()).isEqualTo("<redacted>");
        assertThat(record.toString()).doesNotContain("s3cr3t");
    }

    @Test
    void liteLlmFieldsDittoIgnoresAreReportedAndThoseItCannotHonourRefused() throws Exception {
        HttpResponse<String> team = send("POST", "/team/new", "{\"team_id\":\"mobile\",\"organization_id\":\"acme\","
                + "\"members_with_roles\":[{\"role\":\"admin\",\"user_id\":\"u1\"}],\"models\":[]}");
        assertThat(team.statusCode()).as(team.body()).isEqualTo(200);
        assertThat(team.headers().firstValue(LiteLlmResource.IGNORED_HEADER)).hasValue("members_with_roles,models");

        assertInvalid(send("POST", "/team/new", "{\"team_id\":\"restricted\",\"models\":[\"gpt-4o\"]}"), "models");
        assertThat(send("GET", "/admin/projects/restricted", null).statusCode()).isEqualTo(404);
        assertInvalid(send("POST", "/key/generate", "{\"tags\":[\"a\"]}"), "tags");
        assertInvalid(send("POST", "/team/new", "{\"unheard_of\":1}"), "unheard_of");
        assertInvalid(send("GET", "/spend/logs?request_id=abc&user_id=u1", null), "request_id");
    }

    @Test
    void aLiteLlmRequestIsOneTransaction() throws Exception {
        long keysBefore = JSON.readTree(send("GET", "/admin/keys", null).body()).path("data").size();

        assertInvalid(send("POST", "/key/generate", "{\"team_id\":\"web\",\"max_budget\":5,\"budget_duration\":\"3mo\"}"),
                "budget_duration");

        assertThat(JSON.readTree(send("GET", "/admin/keys", null).body()).path("data")).hasSize((int) keysBefore);
        assertThat(auditCount("key.create")).as("the key's audit record went with it").isZero();
    }

    @Test
    void liteLlmBudgetFieldsCreateChangeAndRemoveTheKeysBudgetAndLimit() throws Exception {
        String key = created200("/key/generate", "{\"team_id\":\"web\"}").path("token").asText();
        assertThat(info(key).path("max_budget").isNull()).isTrue();

        send("POST", "/key/update", "{\"key\":\"" + key + "\",\"max_budget\":5,\"tpm_limit\":1000}");
        assertThat(info(key).path("max_budget").decimalValue()).isEqualByComparingTo("5");
        assertThat(info(key).path("budget_duration").isNull()).isTrue();
        assertThat(info(key).path("tpm_limit").asLong()).isEqualTo(1000);

        send("POST", "/key/update", "{\"key\":\"" + key + "\",\"budget_duration\":\"1w\",\"rpm_limit\":30}");
        JsonNode both = info(key);
        assertThat(both.path("max_budget").decimalValue()).isEqualByComparingTo("5");
        assertThat(both.path("budget_duration").asText()).isEqualTo("1w");
        assertThat(both.path("tpm_limit").asLong()).isEqualTo(1000);
        assertThat(both.path("rpm_limit").asLong()).isEqualTo(30);

        send("POST", "/key/update", "{\"key\":\"" + key + "\",\"max_budget\":null,\"rpm_limit\":null,\"tpm_limit\":null}");
        assertThat(info(key).path("max_budget").isNull()).isTrue();
        assertThat(info(key).path("rpm_limit").isNull()).isTrue();
        assertThat(JSON.readTree(send("GET", "/admin/budgets?scope=key:" + key, null).body()).path("data")).isEmpty();
        assertThat(JSON.readTree(send("GET", "/admin/limits?scope=key:" + key, null).body()).path("data")).isEmpty();

        assertInvalid(send("POST", "/key/update", "{\"key\":\"" + key + "\",\"team_id\":\"other\"}"), "team_id");
        assertThat(send("POST", "/key/update", "{\"key\":\"" + key + "\",\"team_id\":\"web\",\"key_alias\":\"same\"}")
                .statusCode()).as("owners may be repeated as they are").isEqualTo(200);
    }

    @Test
    void liteLlmKeyListPagesByNumber() throws Exception {
        for (int i = 0; i < 3; i++) {
            created200("/key/generate", "{\"organization_id\":\"acme\"}");
        }
        JsonNode first = JSON.readTree(send("GET", "/key/list?organization_id=acme&size=2", null).body());
        JsonNode second = JSON.readTree(send("GET", "/key/list?organization_id=acme&size=2&page=2", null).body());
        JsonNode beyond = JSON.readTree(send("GET", "/key/list?organization_id=acme&size=2&page=3", null).body());

        assertThat(first.path("keys")).hasSize(2);
        assertThat(first.path("keys").get(0).isTextual()).isTrue();
        assertThat(first.path("total_pages").asInt()).isEqualTo(2);
        assertThat(first.path("total_count").isNull()).isTrue();
        assertThat(second.path("keys")).hasSize(1);
        assertThat(second.path("total_count").asInt()).isEqualTo(3);
        assertThat(second.path("total_pages").asInt()).isEqualTo(2);
        assertThat(beyond.path("keys")).isEmpty();
        assertThat(beyond.path("total_count").asInt()).isEqualTo(3);
        JsonNode full = JSON.readTree(send("GET", "/key/list?organization_id=acme&return_full_object=true", null).body());
        assertThat(full.path("keys").get(0).path("token").asText()).startsWith("key_");
    }

    @Test
    void liteLlmUserNewIssuesTheUsersKeyUnlessDeclined() throws Exception {
        JsonNode user = created200("/user/new", "{\"user_id\":\"ann\",\"organization_id\":\"acme\",\"user_email\":"
                + "\"ann@acme.example\",\"user_role\":\"proxy_admin\",\"max_budget\":20,\"models\":[\"ditto/echo\"],"
                + "\"team_id\":\"web\"}");

        assertThat(user.path("key").asText()).startsWith("sk-");
        assertThat(user.path("max_budget").decimalValue()).isEqualByComparingTo("20");
        JsonNode info = JSON.readTree(send("GET", "/user/info?user_id=ann", null).body());
        assertThat(info.path("user_info").path("user_email").asText()).isEqualTo("ann@acme.example");
        assertThat(info.path("keys")).hasSize(1);
        assertThat(info.path("keys").get(0).path("token").asText()).isEqualTo(user.path("token").asText());
        assertThat(info.path("keys").get(0).path("models").toString()).isEqualTo("[\"ditto/echo\"]");
        assertThat(info.path("teams").get(0).path("team_id").asText()).isEqualTo("web");
        assertThat(info.toString()).doesNotContain(user.path("key").asText());
    }

    @Test
    void aDatabaseThatDoesNotAnswerIsA503() throws Exception {
        ControlStore down = (ControlStore) Proxy.newProxyInstance(ControlStore.class.getClassLoader(),
                new Class<?>[] {ControlStore.class}, (proxy, method, args) -> {
                    throw new StoreUnavailableException("the database failed: connection refused", new SQLException());
                });
        Administration admin = Administration.of(down, KeyHasher.sha256(), Invalidations.local(), Clock.systemUTC());
        try (AdminApiServer unavailable = AdminApiServer.start(admin, Map.of(TOKEN, AdminPrincipal.masterKey()))) {
            HttpResponse<String> write = unavailable.send("POST", "/admin/tenants", TOKEN, "{\"name\":\"Late\"}");
            HttpResponse<String> read = unavailable.send("GET", "/admin/keys/key_1", TOKEN, null);

            for (HttpResponse<String> response : List.of(write, read)) {
                assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
                JsonNode error = JSON.readTree(response.body()).path("error");
                assertThat(error.path("code").asText()).isEqualTo("store_unavailable");
                assertThat(error.path("message").asText()).doesNotContain("connection refused");
            }
        }
    }

    private JsonNode info(String key) throws Exception {
        return JSON.readTree(send("GET", "/key/info?key=" + key, null).body()).path("info");
    }

    private long auditCount(String action) throws Exception {
        return JSON.readTree(send("GET", "/admin/audit?action=" + action, null).body()).path("data").size();
    }

    private JsonNode created(String method, String path, String body) throws Exception {
        HttpResponse<String> response = send(method, path, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body());
    }

    private JsonNode created200(String path, String body) throws Exception {
        HttpResponse<String> response = send("POST", path, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> send(String method, String path, @Nullable String body) throws Exception {
        return api.send(method, path, TOKEN, body);
    }

    private static void assertInvalid(HttpResponse<String> response, String param) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("param").asText()).as(response.body()).isEqualTo(param);
    }
}
