package dev.ditto.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.testing.GatewayServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A limit or budget written through the admin API applies to the very next request, although
 * the gateway caches what each scope has stored for ten minutes: the write announces the change
 * after its commit, and the stored-quota cache forgets the scope.
 */
class AdminQuotaChangesTest {

    private static final String MASTER_KEY = "sk-master-quotas-1234";
    private static final String CHAT = "{\"model\":\"ditto/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static GatewayServer gateway;
    private static String tenant;

    @BeforeAll
    static void start() throws Exception {
        gateway = GatewayServer.start("""
                model_list:
                  - {model_name: ditto/echo, litellm_params: {model: ditto/echo},
                     model_info: {input_cost_per_token: 0.0001, output_cost_per_token: 0.0004}}
                general_settings:
                  master_key: %s
                ditto:
                  limits: {cache_ttl: 600}
                """.formatted(MASTER_KEY));
        tenant = body(admin("POST", "/admin/tenants", "{\"name\":\"Acme\"}"), 201).path("id").asText();
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
    }

    @Test
    void aNewLimitAppliesToTheNextRequest() throws Exception {
        JsonNode key = newKey();
        assertThat(chat(key).statusCode()).as("the key's scope is cached with nothing stored").isEqualTo(200);

        body(admin("POST", "/admin/limits", "{\"scope\":\"key:" + key.path("id").asText() + "\",\"rpm_limit\":1}"), 201);

        assertThat(chat(key).statusCode()).isEqualTo(200);
        assertThat(chat(key).statusCode()).isEqualTo(429);
    }

    @Test
    void raisingAndDeletingALimitApplyToTheNextRequest() throws Exception {
        JsonNode key = newKey();
        String limit = body(admin("POST", "/admin/limits", "{\"scope\":\"key:" + key.path("id").asText()
                + "\",\"rpm_limit\":1}"), 201).path("id").asText();
        assertThat(chat(key).statusCode()).isEqualTo(200);
        assertThat(chat(key).statusCode()).isEqualTo(429);

        body(admin("PATCH", "/admin/limits/" + limit, "{\"rpm_limit\":100}"), 200);
        assertThat(chat(key).statusCode()).as("raised").isEqualTo(200);

        body(admin("PATCH", "/admin/limits/" + limit, "{\"rpm_limit\":1}"), 200);
        assertThat(chat(key).statusCode()).as("lowered again").isEqualTo(429);

        body(admin("DELETE", "/admin/limits/" + limit, null), 200);
        assertThat(chat(key).statusCode()).as("deleted").isEqualTo(200);
    }

    @Test
    void aBudgetAndItsChangesApplyToTheNextRequest() throws Exception {
        JsonNode key = newKey();
        assertThat(chat(key).statusCode()).isEqualTo(200);

        String budget = body(admin("POST", "/admin/budgets", "{\"scope\":\"key:" + key.path("id").asText()
                + "\",\"max_budget\":0.0001}"), 201).path("id").asText();
        HttpResponse<String> refused = chat(key);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
        assertThat(JSON.readTree(refused.body()).path("error").path("type").asText()).isEqualTo("budget_exceeded");

        body(admin("PATCH", "/admin/budgets/" + budget, "{\"max_budget\":100}"), 200);
        assertThat(chat(key).statusCode()).as("raised").isEqualTo(200);

        body(admin("PATCH", "/admin/budgets/" + budget, "{\"max_budget\":0.0001}"), 200);
        assertThat(chat(key).statusCode()).as("lowered again").isEqualTo(429);

        body(admin("DELETE", "/admin/budgets/" + budget, null), 200);
        assertThat(chat(key).statusCode()).as("deleted").isEqualTo(200);
    }

    @Test
    void limitsSetThroughLiteLlmsKeyUpdateApplyToTheNextRequest() throws Exception {
        JsonNode key = newKey();
        assertThat(chat(key).statusCode()).isEqualTo(200);

        body(admin("POST", "/key/update", "{\"key\":\"" + key.path("id").asText() + "\",\"rpm_limit\":1}"), 200);

        assertThat(chat(key).statusCode()).isEqualTo(200);
        assertThat(chat(key).statusCode()).isEqualTo(429);
    }

    private static JsonNode newKey() throws Exception {
        return body(admin("POST", "/admin/keys", "{\"tenant_id\":\"" + tenant + "\"}"), 201);
    }

    private static JsonNode body(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> chat(JsonNode key) throws Exception {
        return gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/chat/completions"))
                .header("content-type", "application/json").header("authorization", "Bearer " + key.path("key").asText())
                .POST(HttpRequest.BodyPublishers.ofString(CHAT)).build());
    }

    private static HttpResponse<String> admin(String method, String path, @Nullable String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.uri(path))
                .header("authorization", "Bearer " + MASTER_KEY)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("content-type", "application/json");
        }
        return gateway.send(request.build());
    }
}
