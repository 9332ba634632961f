package dev.ditto.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.testing.GatewayServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * LiteLLM's {@code /team/update}, {@code /team/delete}, {@code /user/update},
 * {@code /user/delete} and {@code /organization/*} on the whole gateway: changes keep what is
 * left out, budgets follow {@code max_budget}, records never move between organizations, and a
 * delete is all or none. Who may call them is {@link AdminTenantIsolationTest}'s matter.
 */
class LiteLlmTeamsUsersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MASTER = "sk-master-teams-1234";
    private static GatewayServer gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = GatewayServer.start("""
                model_list:
                  - {model_name: ditto/echo, litellm_params: {model: ditto/echo}}
                general_settings:
                  master_key: %s
                """.formatted(MASTER));
        assertThat(call("POST", "/admin/tenants", "{\"id\":\"acme\",\"name\":\"Acme\"}").statusCode()).isEqualTo(201);
        assertThat(call("POST", "/admin/tenants", "{\"id\":\"globex\",\"name\":\"Globex\"}").statusCode()).isEqualTo(201);
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
    }

    @Test
    void teamUpdateChangesWhatItNamesAndNothingElse() throws Exception {
        String team = json(call("POST", "/team/new", "{\"organization_id\":\"acme\",\"team_alias\":\"web\","
                + "\"metadata\":{\"cost_center\":\"42\"}}")).path("team_id").asText();

        HttpResponse<String> updated = call("POST", "/team/update", "{\"team_id\":\"" + team + "\",\"team_alias\":\"web-2\","
                + "\"max_budget\":25,\"rpm_limit\":60}");

        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        JsonNode data = json(updated).path("data");
        assertThat(json(updated).path("team_id").asText()).isEqualTo(team);
        assertThat(data.path("team_alias").asText()).isEqualTo("web-2");
        assertThat(data.at("/metadata/cost_center").asText()).isEqualTo("42");
        assertThat(data.path("max_budget").decimalValue()).isEqualByComparingTo("25");
        assertThat(data.path("rpm_limit").asLong()).isEqualTo(60);
        JsonNode info = json(call("GET", "/team/info?team_id=" + team, null)).path("team_info");
        assertThat(info.path("team_alias").asText()).isEqualTo("web-2");
        assertThat(info.path("max_budget").decimalValue()).isEqualByComparingTo("25");

        JsonNode withoutBudget = json(call("POST", "/team/update", "{\"team_id\":\"" + team + "\",\"max_budget\":null}"));
        assertThat(withoutBudget.at("/data/max_budget").isNull()).isTrue();
        assertThat(withoutBudget.at("/data/team_alias").asText()).isEqualTo("web-2");

        assertError(call("POST", "/team/update", "{\"team_id\":\"" + team + "\",\"organization_id\":\"globex\"}"), 400,
                "organization_id");
        assertThat(call("POST", "/team/update", "{\"team_id\":\"prj_nope\",\"team_alias\":\"x\"}").statusCode())
                .isEqualTo(404);
        assertError(call("POST", "/team/update", "{\"team_alias\":\"x\"}"), 400, "team_id");
    }

    @Test
    void teamDeleteIsAllOrNoneAndKeepsATeamThatStillHasKeys() throws Exception {
        String empty = json(call("POST", "/team/new", "{\"organization_id\":\"acme\"}")).path("team_id").asText();
        String withKey = json(call("POST", "/team/new", "{\"organization_id\":\"acme\"}")).path("team_id").asText();
        String key = json(call("POST", "/key/generate", "{\"team_id\":\"" + withKey + "\"}")).path("token").asText();

        HttpResponse<String> refused = call("POST", "/team/delete", "{\"team_ids\":[\"" + empty + "\",\"" + withKey + "\"]}");

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        assertThat(call("GET", "/team/info?team_id=" + empty, null).statusCode()).as("all or none").isEqualTo(200);

        call("POST", "/key/delete", "{\"keys\":[\"" + key + "\"]}");
        HttpResponse<String> deleted = call("POST", "/team/delete", "{\"team_ids\":[\"" + empty + "\",\"" + withKey + "\"]}");
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
        assertThat(json(deleted).path("deleted_teams")).hasSize(2);
        assertThat(call("GET", "/team/info?team_id=" + empty, null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/team/info?team_id=" + withKey, null).statusCode()).isEqualTo(404);
        assertError(call("POST", "/team/delete", "{\"team_ids\":[]}"), 400, "team_ids");
    }

    @Test
    void userUpdateChangesWhatItNamesAndNothingElse() throws Exception {
        call("POST", "/user/new", "{\"user_id\":\"ann@acme.example\",\"user_email\":\"ann@acme.example\","
                + "\"user_alias\":\"Ann\",\"organization_id\":\"acme\",\"auto_create_key\":false}");

        HttpResponse<String> updated = call("POST", "/user/update", "{\"user_id\":\"ann@acme.example\","
                + "\"user_email\":\"ann.b@acme.example\",\"max_budget\":5,\"budget_duration\":\"30d\"}");

        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        JsonNode data = json(updated).path("data");
        assertThat(data.path("user_email").asText()).isEqualTo("ann.b@acme.example");
        assertThat(data.path("user_alias").asText()).isEqualTo("Ann");
        assertThat(data.path("max_budget").decimalValue()).isEqualByComparingTo("5");
        assertThat(data.path("budget_duration").asText()).isEqualTo("30d");
        JsonNode info = json(call("GET", "/user/info?user_id=ann@acme.example", null)).path("user_info");
        assertThat(info.path("user_email").asText()).isEqualTo("ann.b@acme.example");
        assertError(call("POST", "/user/update", "{\"user_id\":\"ann@acme.example\",\"tenant_id\":\"globex\"}"), 400,
                "tenant_id");
        assertThat(call("POST", "/user/update", "{\"user_id\":\"nobody\",\"user_alias\":\"x\"}").statusCode())
                .isEqualTo(404);
    }

    @Test
    void userDeleteIsAllOrNoneAndKeepsAUserThatStillHasKeys() throws Exception {
        call("POST", "/user/new", "{\"user_id\":\"gone@acme.example\",\"organization_id\":\"acme\",\"auto_create_key\":false}");
        JsonNode withKey = json(call("POST", "/user/new", "{\"user_id\":\"kept@acme.example\",\"organization_id\":\"acme\"}"));

        HttpResponse<String> refused = call("POST", "/user/delete",
                "{\"user_ids\":[\"gone@acme.example\",\"kept@acme.example\"]}");

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        assertThat(call("GET", "/user/info?user_id=gone@acme.example", null).statusCode()).isEqualTo(200);
        call("POST", "/key/delete", "{\"keys\":[\"" + withKey.path("token").asText() + "\"]}");
        HttpResponse<String> deleted = call("POST", "/user/delete",
                "{\"user_ids\":[\"gone@acme.example\",\"kept@acme.example\"]}");
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
        assertThat(json(deleted).path("deleted_users")).hasSize(2);
        assertThat(call("GET", "/user/info?user_id=kept@acme.example", null).statusCode()).isEqualTo(404);
    }

    @Test
    void anOrganizationIsATenantWithItsBudgetAndLimit() throws Exception {
        HttpResponse<String> created = call("POST", "/organization/new", "{\"organization_id\":\"initech\","
                + "\"organization_alias\":\"Initech\",\"max_budget\":100,\"rpm_limit\":600,\"metadata\":{\"tier\":\"gold\"}}");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertThat(json(created).path("organization_id").asText()).isEqualTo("initech");
        assertThat(json(created).path("max_budget").decimalValue()).isEqualByComparingTo("100");
        assertThat(json(call("GET", "/admin/tenants/initech", null)).path("name").asText()).isEqualTo("Initech");
        JsonNode info = json(call("GET", "/organization/info?organization_id=initech", null));
        assertThat(info.path("organization_alias").asText()).isEqualTo("Initech");
        assertThat(info.path("rpm_limit").asLong()).isEqualTo(600);
        assertThat(info.at("/metadata/tier").asText()).isEqualTo("gold");

        JsonNode updated = json(call("PATCH", "/organization/update", "{\"organization_id\":\"initech\","
                + "\"organization_alias\":\"Initech Corp\",\"max_budget\":null}"));
        assertThat(updated.path("organization_alias").asText()).isEqualTo("Initech Corp");
        assertThat(updated.path("max_budget").isNull()).isTrue();
        assertThat(updated.path("rpm_limit").asLong()).isEqualTo(600);
        HttpResponse<String> list = call("GET", "/organization/list", null);
        assertThat(list.headers().firstValue("x-ditto-has-more")).contains("false");
        List<String> ids = new ArrayList<>();
        json(list).forEach(organization -> ids.add(organization.path("organization_id").asText()));
        assertThat(ids).contains("acme", "globex", "initech");

        String team = json(call("POST", "/team/new", "{\"organization_id\":\"initech\"}")).path("team_id").asText();
        assertThat(call("DELETE", "/organization/delete", "{\"organization_ids\":[\"initech\"]}").statusCode())
                .as("an organization with a team").isEqualTo(409);
        call("POST", "/team/delete", "{\"team_ids\":[\"" + team + "\"]}");
        HttpResponse<String> deleted = call("DELETE", "/organization/delete", "{\"organization_ids\":[\"initech\"]}");
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
        assertThat(json(deleted).path("deleted_organizations").get(0).asText()).isEqualTo("initech");
        assertThat(call("GET", "/organization/info?organization_id=initech", null).statusCode()).isEqualTo(404);
        assertError(call("POST", "/organization/new", "{\"max_budget\":1}"), 400, "organization_alias");
        assertError(call("POST", "/organization/new", "{\"organization_alias\":\"X\",\"models\":[\"gpt-4o\"]}"), 400,
                "models");
    }

    @Test
    void teamAndUserListsFollowLiteLlmsShapes() throws Exception {
        call("POST", "/admin/tenants", "{\"id\":\"lists\",\"name\":\"Lists\"}");
        String team = json(call("POST", "/team/new", "{\"organization_id\":\"lists\",\"team_alias\":\"l1\","
                + "\"max_budget\":0.0000005}")).path("team_id").asText();
        for (int i = 0; i < 5; i++) {
            call("POST", "/user/new", "{\"user_id\":\"u" + i + "@lists.example\",\"organization_id\":\"lists\","
                    + "\"auto_create_key\":false}");
        }

        HttpResponse<String> teams = call("GET", "/team/list?organization_id=lists", null);

        assertThat(teams.statusCode()).as(teams.body()).isEqualTo(200);
        assertThat(json(teams).isArray()).isTrue();
        assertThat(json(teams)).hasSize(1);
        assertThat(json(teams).get(0).path("team_id").asText()).isEqualTo(team);
        assertThat(json(teams).get(0).path("team_alias").asText()).isEqualTo("l1");
        assertThat(teams.headers().firstValue("x-ditto-has-more")).contains("false");
        assertThat(teams.body()).as("amounts in plain notation, as every admin answer").contains("\"max_budget\":0.0000005");

        JsonNode first = json(call("GET", "/user/list?organization_id=lists&page=1&page_size=2", null));
        assertThat(first.path("users")).hasSize(2);
        assertThat(first.path("total").isNull()).as("unknown before the last page").isTrue();
        assertThat(first.path("total_pages").asInt()).isEqualTo(2);
        List<String> seen = new ArrayList<>();
        int page = 1;
        JsonNode current = first;
        while (true) {
            current.path("users").forEach(user -> seen.add(user.path("user_id").asText()));
            if (current.path("page").asInt() == current.path("total_pages").asInt()) {
                break;
            }
            page++;
            current = json(call("GET", "/user/list?organization_id=lists&page=" + page + "&page_size=2", null));
        }
        assertThat(seen).containsExactlyInAnyOrder("u0@lists.example", "u1@lists.example", "u2@lists.example",
                "u3@lists.example", "u4@lists.example");
        assertThat(current.path("total").asInt()).isEqualTo(5);
        assertThat(current.path("page_size").asInt()).isEqualTo(2);
        assertError(call("GET", "/user/list?page_size=0", null), 400, "page_size");
        assertError(call("GET", "/key/list?size=5000", null), 400, "size");
    }

    private static HttpResponse<String> call(String method, String path, @Nullable String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.uri(path)).header("authorization", "Bearer " + MASTER)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("content-type", "application/json");
        }
        return gateway.send(request.build());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private static void assertError(HttpResponse<String> response, int status, String param) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(json(response).at("/error/param").asText()).isEqualTo(param);
    }
}
