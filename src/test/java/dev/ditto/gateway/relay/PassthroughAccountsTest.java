package dev.ditto.gateway.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.testing.FakeUpstream;
import dev.ditto.testing.GatewayServer;
import dev.ditto.testing.Reply;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Where the routes without a model go: the configured deployment, else the first that can take them. */
class PassthroughAccountsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private FakeUpstream upstream;

    @BeforeEach
    void start() {
        upstream = FakeUpstream.start();
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    @Test
    void theConfiguredDeploymentsServeFilesAndStoredResponses() throws Exception {
        upstream.on("GET", "/azure-like/v1/files").enqueue(Reply.json("{\"object\":\"list\",\"data\":[]}"));
        upstream.on("GET", "/oai/v1/responses/resp_1").enqueue(Reply.json("{\"id\":\"resp_1\"}"));
        try (GatewayServer gateway = GatewayServer.start("""
                model_list:
                  - {model_name: local, litellm_params: {model: hosted_vllm/llama, api_base: "%1$s/vllm/v1"}}
                  - {model_name: gpt-4o, litellm_params: {model: openai/gpt-4o, api_base: "%1$s/oai/v1", api_key: sk-o}}
                  - {model_name: batchy, litellm_params: {model: openai/gpt-4o-mini, api_base: "%1$s/azure-like/v1", api_key: sk-f}, model_info: {id: files-account}}
                ditto:
                  passthrough: {files_deployment: files-account}
                """.formatted(upstream.baseUri()))) {

            HttpResponse<String> files = gateway.get("/v1/files");
            HttpResponse<String> stored = gateway.get("/v1/responses/resp_1");

            assertThat(files.statusCode()).isEqualTo(200);
            assertThat(files.headers().firstValue(Answers.MODEL_ID_HEADER)).contains("files-account");
            assertThat(upstream.awaitRequest(1, TIMEOUT).header("authorization")).contains("Bearer sk-f");
            // Without responses_deployment, stored responses live on the first openai deployment.
            assertThat(JSON.readTree(stored.body()).path("id").asText()).isEqualTo("resp_1");
            assertThat(upstream.awaitRequest(2, TIMEOUT).header("authorization")).contains("Bearer sk-o");
        }
    }

    @Test
    void withoutAnOpenAiCompatibleDeploymentTheRoutesSaySoInOpenAisShape() throws Exception {
        try (GatewayServer gateway = GatewayServer.start("""
                model_list:
                  - {model_name: claude, litellm_params: {model: anthropic/claude-sonnet-4-5, api_key: sk-ant}}
                """)) {

            HttpResponse<String> files = gateway.get("/v1/files");

            assertThat(files.statusCode()).isEqualTo(404);
            assertThat(JSON.readTree(files.body()).at("/error/code").asText()).isEqualTo("route_not_configured");
            assertThat(JSON.readTree(files.body()).at("/error/message").asText())
                    .contains("ditto.passthrough.files_deployment");
        }
    }
}
