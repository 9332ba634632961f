package dev.ditto.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.testing.FakeUpstream;
import dev.ditto.testing.GatewayServer;
import dev.ditto.testing.Reply;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** /admin/deployments over real HTTP: breaker states driven by a failing fake upstream, reset, and the master key. */
class AdminDeploymentsResourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MASTER_KEY = "sk-master-123";
    private static final String CHAT = "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private FakeUpstream upstream;
    private GatewayServer gateway;

    @BeforeEach
    void start() throws Exception {
        upstream = FakeUpstream.start();
        gateway = GatewayServer.start(config("master_key: " + MASTER_KEY));
    }

    private String config(String generalSettings) {
        return """
                model_list:
                  - model_name: flaky
                    litellm_params: {model: openai/gpt-4.1-nano, api_base: "%1$s/flaky/v1", api_key: sk-f}
                    model_info: {id: flaky-1}
                  - model_name: steady
                    litellm_params: {model: anthropic/claude-sonnet-4-5, api_base: "%1$s/steady/v1", api_key: sk-s}
                    model_info: {id: steady-1}
                router_settings:
                  num_retries: 0
                  allowed_fails: 1
                  cooldown_time: 600
                general_settings:
                  %2$s
                """.formatted(upstream.baseUri(), generalSettings);
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
        upstream.close();
    }

    @Test
    void listsEveryDeploymentWithItsBreakerAndLoad() throws Exception {
        upstream.on("POST", "/steady/v1/messages").enqueue(Reply.fixture("anthropic-messages/anthropic-text.json"));
        assertThat(chat("steady").statusCode()).isEqualTo(200);

        JsonNode list = JSON.readTree(admin("GET", "/admin/deployments", "Bearer " + MASTER_KEY).body());

        assertThat(list.path("data")).hasSize(2);
        JsonNode flaky = list.at("/data/0");
        assertThat(flaky.path("id").asText()).isEqualTo("flaky-1");
        assertThat(flaky.path("model_name").asText()).isEqualTo("flaky");
        assertThat(flaky.path("provider").asText()).isEqualTo("openai");
        assertThat(flaky.path("model").asText()).isEqualTo("gpt-4.1-nano");
        assertThat(flaky.path("state").asText()).isEqualTo("healthy");
        assertThat(flaky.path("cooldown_until").isNull()).isTrue();
        assertThat(flaky.path("latency_ewma_ms").isNull()).as("never called").isTrue();
        JsonNode steady = list.at("/data/1");
        assertThat(steady.path("provider").asText()).isEqualTo("anthropic");
        assertThat(steady.path("in_flight").asInt()).isZero();
        assertThat(steady.path("latency_ewma_ms").isNumber()).isTrue();
        assertThat(steady.path("rpm_used").asInt()).isEqualTo(1);
    }

    @Test
    void upstreamFailuresShowAsCoolingDownUntilReset() throws Exception {
        upstream.on("POST", "/flaky/v1/chat/completions")
                .defaultReply(Reply.json(500, "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}"));
        chat("flaky");
        JsonNode afterOne = deployment("flaky-1");
        assertThat(afterOne.path("state").asText()).isEqualTo("healthy");
        assertThat(afterOne.path("failures_in_window").asInt()).isEqualTo(1);

        chat("flaky");

        JsonNode cooling = deployment("flaky-1");
        assertThat(cooling.path("state").asText()).isEqualTo("cooling_down");
        assertThat(Instant.parse(cooling.path("cooldown_until").asText())).isAfter(Instant.now());
        assertThat(deployment("steady-1").path("state").asText()).isEqualTo("healthy");

        HttpResponse<String> reset = admin("POST", "/admin/deployments/flaky-1/reset", "Bearer " + MASTER_KEY);

        assertThat(reset.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(reset.body()).path("state").asText()).isEqualTo("healthy");
        JsonNode healthy = deployment("flaky-1");
        assertThat(healthy.path("state").asText()).isEqualTo("healthy");
        assertThat(healthy.path("cooldown_until").isNull()).isTrue();
        assertThat(healthy.path("failures_in_window").asInt()).isZero();
    }

    @Test
    void healthAliasAndApiKeyHeaderWork() throws Exception {
        HttpResponse<String> response = gateway.send(HttpRequest.newBuilder(gateway.uri("/admin/deployments/health"))
                .header("x-api-key", MASTER_KEY).GET().build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("data")).hasSize(2);
    }

    @Test
    void resetOfAnUnknownDeploymentIs404() throws Exception {
        HttpResponse<String> response = admin("POST", "/admin/deployments/nope/reset", "Bearer " + MASTER_KEY);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(response.body()).at("/error/code").asText()).isEqualTo("deployment_not_found");
    }

    @Test
    void missingOrWrongKeyIs401InOpenAisShape() throws Exception {
        for (String authorization : new String[] {null, "Bearer sk-wrong", "Bearer " + MASTER_KEY + "x", "Basic abc"}) {
            HttpResponse<String> response = admin("GET", "/admin/deployments", authorization);

            assertThat(response.statusCode()).as(String.valueOf(authorization)).isEqualTo(401);
            JsonNode error = JSON.readTree(response.body()).path("error");
            assertThat(error.path("type").asText()).isEqualTo("authentication_error");
            assertThat(error.path("code").asText()).isEqualTo("invalid_api_key");
        }
        HttpResponse<String> reset = admin("POST", "/admin/deployments/flaky-1/reset", "Bearer sk-wrong");
        assertThat(reset.statusCode()).isEqualTo(401);
    }

    @Test
    void withoutAMasterKeyTheAdminApiIs403() throws Exception {
        gateway.close();
        gateway = GatewayServer.start(config("max_request_size_mb: 8"));

        HttpResponse<String> response = admin("GET", "/admin/deployments", "Bearer anything");

        assertThat(response.statusCode()).isEqualTo(403);
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("permission_error");
        assertThat(error.path("message").asText()).contains("master_key", "DITTO_MASTER_KEY");
    }

    @Test
    void theMasterKeyMayComeFromTheEnvironment() throws Exception {
        gateway.close();
        gateway = GatewayServer.start(config("max_request_size_mb: 8"), Map.of("DITTO_MASTER_KEY", "sk-from-env"));

        assertThat(admin("GET", "/admin/deployments", "Bearer sk-from-env").statusCode()).isEqualTo(200);
        assertThat(admin("GET", "/admin/deployments", "Bearer " + MASTER_KEY).statusCode()).isEqualTo(401);
    }

    private JsonNode deployment(String id) throws Exception {
        for (JsonNode deployment : JSON.readTree(admin("GET", "/admin/deployments", "Bearer " + MASTER_KEY).body())
                .path("data")) {
            if (deployment.path("id").asText().equals(id)) {
                return deployment;
            }
        }
        throw new AssertionError("no deployment " + id);
    }

    /** A chat request, with the master key when one is configured: it guards the data plane too. */
    private HttpResponse<String> chat(String model) throws Exception {
        return gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/chat/completions"))
                .header("content-type", "application/json").header("authorization", "Bearer " + MASTER_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(CHAT.formatted(model))).build());
    }

    private HttpResponse<String> admin(String method, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.uri(path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return gateway.send(request.build());
    }
}
