package dev.ditto.gateway.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.testing.FakeUpstream;
import dev.ditto.testing.GatewayServer;
import dev.ditto.testing.PrometheusText;
import dev.ditto.testing.Reply;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 6, item 5: the passthrough routes and the Anthropic ingress are governed exactly like
 * the OpenAI routes. One key budget is spent through {@code /v1/messages}, an image generation
 * and a chat completion alike; once it is spent, every route refuses, the routes without a model
 * (files, batches) cannot be used as a way around it, and every refusal is counted in
 * {@code ditto_admission_rejections_total} whichever route it came on.
 */
class BudgetOnEveryRouteTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MASTER_KEY = "sk-master-every-route";
    /** 12 prompt and 300 output tokens: $0.000312 at $1 per million. */
    private static final String IMAGE = """
            {"created":1770935200,"data":[{"b64_json":"aGk="}],"usage":{"input_tokens":12,"output_tokens":300,\
            "total_tokens":312}}""";
    private static final String CHAT = "{\"model\":\"gpt\",\"max_tokens\":100,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";
    private static final String IMAGE_REQUEST = "{\"model\":\"gpt\",\"prompt\":\"a sea otter\"}";

    @Test
    void aBudgetSpentThroughAnyRouteRefusesEveryRoute() throws Exception {
        try (FakeUpstream upstream = FakeUpstream.start();
                GatewayServer gateway = GatewayServer.start("""
                        model_list:
                          - model_name: gpt
                            litellm_params: {model: openai/gpt-4.1-nano, api_base: "%s/v1", api_key: sk-test}
                            model_info: {id: nano, input_cost_per_token: 0.000001, output_cost_per_token: 0.000001,
                                         max_output_tokens: 500}
                        router_settings: {num_retries: 0}
                        general_settings: {master_key: %s}
                        ditto:
                          limits:
                            key: {max_budget: 0.001}
                        """.formatted(upstream.baseUri(), MASTER_KEY))) {
            upstream.on("POST", "/v1/chat/completions").enqueue(Reply.fixture("openai-chat/openai-text.json"),
                    Reply.fixture("openai-chat/openai-text.json"));
            upstream.on("POST", "/v1/images/generations").enqueue(Reply.json(IMAGE));

            // Each answer costs what its usage says: 16 + 363 tokens for the chat fixture, 312 for the image.
            HttpResponse<String> messages = post(gateway, "/v1/messages", CHAT, "messages-1");
            HttpResponse<String> image = post(gateway, "/v1/images/generations", IMAGE_REQUEST, "image-1");
            HttpResponse<String> chat = post(gateway, "/v1/chat/completions", CHAT, "chat-1");
            // $0.00107 is now spent of $0.001: nothing more may pass, on any route.
            HttpResponse<String> messagesAfter = post(gateway, "/v1/messages", CHAT, "messages-2");
            HttpResponse<String> imageAfter = post(gateway, "/v1/images/generations", IMAGE_REQUEST, "image-2");
            HttpResponse<String> chatAfter = post(gateway, "/v1/chat/completions", CHAT, "chat-2");
            HttpResponse<String> batches = gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/batches"))
                    .header("Authorization", "Bearer " + MASTER_KEY).GET().build());

            assertThat(messages.statusCode()).isEqualTo(200);
            assertThat(image.statusCode()).isEqualTo(200);
            assertThat(chat.statusCode()).isEqualTo(200);
            assertThat(gateway.awaitRecord("messages-1").cost()).isEqualByComparingTo(new BigDecimal("0.000379"));
            assertThat(gateway.awaitRecord("image-1").cost()).isEqualByComparingTo(new BigDecimal("0.000312"));
            assertThat(gateway.awaitRecord("chat-1").cost()).isEqualByComparingTo(new BigDecimal("0.000379"));

            assertThat(messagesAfter.statusCode()).isEqualTo(429);
            JsonNode anthropic = JSON.readTree(messagesAfter.body());
            assertThat(anthropic.path("type").asText()).isEqualTo("error");
            assertThat(anthropic.at("/error/message").asText()).startsWith("Budget has been exceeded!");
            assertThat(imageAfter.statusCode()).isEqualTo(429);
            assertThat(JSON.readTree(imageAfter.body()).at("/error/code").asText()).isEqualTo("budget_exceeded");
            assertThat(chatAfter.statusCode()).isEqualTo(429);
            assertThat(JSON.readTree(chatAfter.body()).at("/error/code").asText()).isEqualTo("budget_exceeded");
            assertThat(batches.statusCode()).as("a batch may run any model: with no price, it is refused, never free")
                    .isEqualTo(403);
            assertThat(JSON.readTree(batches.body()).at("/error/code").asText()).isEqualTo("model_not_priced");
            assertThat(upstream.requests()).as("no refused request reached the upstream").hasSize(3);

            PrometheusText metrics = PrometheusText.parse(gateway.send(HttpRequest.newBuilder(gateway.uri("/metrics"))
                    .header("Authorization", "Bearer " + MASTER_KEY).build()).body());
            assertThat(metrics.value("ditto_admission_rejections_total", Map.of("reason", "budget_exceeded")))
                    .hasValue(3.0);
            assertThat(metrics.value("ditto_admission_rejections_total", Map.of("reason", "model_not_priced")))
                    .hasValue(1.0);
            assertThat(metrics.value("ditto_admission_admitted_total", Map.of())).hasValue(3.0);
            assertThat(metrics.value("ditto_reservations_open", Map.of())).hasValue(0.0);
            assertThat(metrics.value("ditto_reservations_reserved_usd", Map.of())).hasValue(0.0);
            assertThat(metrics.value("ditto_write_behind_queue_depth", Map.of("queue", "spend_log"))).isPresent();
            assertThat(metrics.value("ditto_write_behind_lag_seconds", Map.of("queue", "spend_log"))).isPresent();
            assertThat(metrics.value("ditto_write_behind_lag", Map.of("queue", "spend_log"))).as("the name it had first")
                    .isPresent();
        }
    }

    private static HttpResponse<String> post(GatewayServer gateway, String path, String body, String requestId)
            throws Exception {
        HttpResponse<String> response = gateway.send(HttpRequest.newBuilder(gateway.uri(path))
                .header("Authorization", "Bearer " + MASTER_KEY).header("content-type", "application/json")
                .header("anthropic-version", "2023-06-01").header("x-request-id", requestId)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        if (response.statusCode() == 200) {
            gateway.awaitRecord(requestId);     // settled: the next admission sees the committed cost
        }
        return response;
    }
}
