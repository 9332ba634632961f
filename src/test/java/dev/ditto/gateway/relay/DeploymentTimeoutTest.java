package dev.ditto.gateway.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.ditto.testing.FakeUpstream;
import dev.ditto.testing.GatewayServer;
import dev.ditto.testing.Reply;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A deployment's LiteLLM {@code timeout} bounds its attempt, and the request falls back. */
class DeploymentTimeoutTest {

    @Test
    void aSlowDeploymentTimesOutAndTheFallbackAnswers() throws Exception {
        try (FakeUpstream upstream = FakeUpstream.start();
                GatewayServer gateway = GatewayServer.start("""
                        model_list:
                          - model_name: slow
                            litellm_params: {model: openai/m, api_base: "%1$s/slow/v1", api_key: k, timeout: 1}
                            model_info: {id: slow}
                          - model_name: backup
                            litellm_params: {model: openai/m, api_base: "%1$s/backup/v1", api_key: k}
                            model_info: {id: backup}
                        router_settings: {num_retries: 0}
                        litellm_settings: {fallbacks: [{"slow": ["backup"]}]}
                        """.formatted(upstream.baseUri()))) {
            // Without the deployment's timeout the transport's default (minutes) would apply and
            // this test would hit the preemptive limit below.
            upstream.on("POST", "/slow/v1/chat/completions").enqueue(Reply.fixture("openai-chat/openai-text.json")
                    .toBuilder().delayBeforeHeaders(Duration.ofMinutes(5)).build());
            upstream.on("POST", "/backup/v1/chat/completions").enqueue(Reply.fixture("openai-chat/openai-text.json"));

            HttpResponse<String> response = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> gateway.postJson(
                    "/v1/chat/completions", "{\"model\":\"slow\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue(Answers.MODEL_ID_HEADER)).contains("backup");
            upstream.awaitExchange(1, Duration.ofSeconds(30)).awaitClientDisconnect(Duration.ofSeconds(30));
        }
    }
}
