package dev.ditto.gateway.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.control.RequestRecord;
import dev.ditto.gateway.tokens.LocalTokenCounter;
import dev.ditto.sdk.LanguageModelRequest;
import dev.ditto.testing.FakeUpstream;
import dev.ditto.testing.GatewayServer;
import dev.ditto.testing.Reply;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Limits and budgets over real HTTP, configured in {@code ditto.limits}: a request over a rate
 * limit gets 429 with {@code Retry-After} and the rate-limit headers in the route's own shape
 * (OpenAI's on the OpenAI routes, Anthropic's as well on {@code /v1/messages}); route groups
 * count separately; an exhausted budget answers LiteLLM's {@code budget_exceeded}.
 */
class LimitsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHAT = "{\"model\":\"ditto/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String MESSAGES = "{\"model\":\"ditto/echo\",\"max_tokens\":10,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private static final String RPM_TWO_PER_ROUTE_GROUP = """
            model_list:
              - {model_name: ditto/echo, litellm_params: {model: ditto/echo}}
            ditto:
              limits:
                route_groups:
                  chat: [/v1/chat/completions, /v1/responses]
                  messages: [/v1/messages]
                key:
                  route_groups:
                    chat: {rpm_limit: 2}
                    messages: {rpm_limit: 2}
            """;

    @Test
    void theThirdChatRequestWithRpmTwoGets429InOpenAisShape() throws Exception {
        try (GatewayServer gateway = GatewayServer.start(RPM_TWO_PER_ROUTE_GROUP)) {
            HttpResponse<String> first = gateway.postJson("/v1/chat/completions", CHAT);
            HttpResponse<String> second = gateway.postJson("/v1/chat/completions", CHAT);
            HttpResponse<String> third = gateway.postJson("/v1/chat/completions", CHAT);

            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(second.statusCode()).isEqualTo(200);
            assertThat(third.statusCode()).isEqualTo(429);
            assertThat(Long.parseLong(third.headers().firstValue("retry-after").orElseThrow())).isBetween(1L, 120L);
            assertThat(third.headers().firstValue("x-ratelimit-limit-requests")).contains("2");
            assertThat(third.headers().firstValue("x-ratelimit-remaining-requests")).contains("0");
            assertThat(third.headers().firstValue("x-ratelimit-reset-requests").orElseThrow())
                    .matches("(\\d+m)?\\d+(\\.\\d+)?s|\\d+ms");
            assertThat(third.headers().firstValue("anthropic-ratelimit-requests-limit")).isEmpty();
            JsonNode error = JSON.readTree(third.body()).path("error");
            assertThat(error.path("type").asText()).isEqualTo("rate_limit_error");
            assertThat(error.path("code").asText()).isEqualTo("rate_limit_exceeded");
            assertThat(error.path("message").asText()).contains("2 requests per minute").contains("route group chat");
        }
    }

    @Test
    void theThirdMessagesRequestGets429InAnthropicsShapeWhileChatKeepsItsOwnQuota() throws Exception {
        try (GatewayServer gateway = GatewayServer.start(RPM_TWO_PER_ROUTE_GROUP)) {
            gateway.postJson("/v1/messages", MESSAGES);
            gateway.postJson("/v1/messages", MESSAGES);
            HttpResponse<String> third = gateway.postJson("/v1/messages", MESSAGES);
            HttpResponse<String> chat = gateway.postJson("/v1/chat/completions", CHAT);

            assertThat(third.statusCode()).isEqualTo(429);
            assertThat(third.headers().firstValue("retry-after")).isPresent();
            assertThat(third.headers().firstValue("anthropic-ratelimit-requests-limit")).contains("2");
            assertThat(third.headers().firstValue("anthropic-ratelimit-requests-remaining")).contains("0");
            assertThat(third.headers().firstValue("anthropic-ratelimit-requests-reset").orElseThrow())
                    .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
            assertThat(third.headers().firstValue("x-ratelimit-limit-requests")).contains("2");
            JsonNode body = JSON.readTree(third.body());
            assertThat(body.path("type").asText()).isEqualTo("error");
            assertThat(body.at("/error/type").asText()).isEqualTo("rate_limit_error");
            assertThat(body.at("/error/message").asText()).contains("route group messages");
            assertThat(chat.statusCode()).as("the chat group is counted apart").isEqualTo(200);
        }
    }

    @Test
    void anExhaustedBudgetAnswersBudgetExceededAndEveryRequestIsChargedExactly() throws Exception {
        try (FakeUpstream upstream = FakeUpstream.start();
                GatewayServer gateway = GatewayServer.start("""
                        model_list:
                          - model_name: gpt
                            litellm_params: {model: openai/gpt-4.1-nano, api_base: "%s/v1", api_key: sk-test}
                            model_info: {id: nano, input_cost_per_token: 0.000001, output_cost_per_token: 0.000001}
                        router_settings: {num_retries: 0}
                        ditto:
                          limits:
                            key: {max_budget: 0.001, budget_duration: 1d}
                        """.formatted(upstream.baseUri()))) {
            for (int i = 0; i < 3; i++) {
                upstream.on("POST", "/v1/chat/completions").enqueue(Reply.fixture("openai-chat/openai-text.json"));
            }
            // Each call uses 16 + 363 tokens = $0.000379 and may cost up to about $0.000425 (max_tokens 400).
            HttpResponse<String> first = post(gateway, "req-1");
            HttpResponse<String> second = post(gateway, "req-2");
            HttpResponse<String> third = post(gateway, "req-3");

            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(second.statusCode()).isEqualTo(200);
            assertThat(third.statusCode()).isEqualTo(429);
            JsonNode error = JSON.readTree(third.body()).path("error");
            assertThat(error.path("type").asText()).isEqualTo("budget_exceeded");
            assertThat(error.path("code").asText()).isEqualTo("budget_exceeded");
            assertThat(error.path("message").asText())
                    .startsWith("Budget has been exceeded! Current cost: 0.000758, Max budget: 0.001");
            assertThat(third.headers().firstValue("retry-after")).isPresent();
            RequestRecord record = gateway.awaitRecord("req-1");
            assertThat(record.cost()).isEqualByComparingTo(new BigDecimal("0.000379"));
            assertThat(upstream.requests()).hasSize(2);
        }
    }

    @Test
    void anUnreachableRedisAnswers503UnderFailClosed() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (GatewayServer gateway = GatewayServer.start("""
                model_list:
                  - {model_name: ditto/echo, litellm_params: {model: ditto/echo}}
                ditto:
                  limits:
                    key: {rpm_limit: 100}
                """, Map.of("REDIS_URL", "redis://127.0.0.1:" + closedPort))) {
            HttpResponse<String> chat = gateway.postJson("/v1/chat/completions", CHAT);
            HttpResponse<String> messages = gateway.postJson("/v1/messages", MESSAGES);

            assertThat(chat.statusCode()).isEqualTo(503);
            assertThat(chat.headers().firstValue("retry-after")).contains("1");
            assertThat(JSON.readTree(chat.body()).at("/error/code").asText()).isEqualTo("limits_unavailable");
            assertThat(JSON.readTree(chat.body()).at("/error/type").asText()).isEqualTo("server_error");
            assertThat(messages.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(messages.body()).at("/error/type").asText()).isEqualTo("api_error");
        }
    }

    @Test
    void successfulAnswersCarryWhatIsLeftOfTheCallersLimits() throws Exception {
        try (GatewayServer gateway = GatewayServer.start("""
                model_list:
                  - {model_name: ditto/echo, litellm_params: {model: ditto/echo}}
                ditto:
                  limits:
                    key: {rpm_limit: 5, tpm_limit: 10000}
                """)) {
            HttpResponse<String> first = gateway.postJson("/v1/chat/completions", CHAT);
            HttpResponse<String> stream = gateway.postJson("/v1/chat/completions",
                    CHAT.replace("{\"model\"", "{\"stream\":true,\"model\""));
            HttpResponse<String> messages = gateway.postJson("/v1/messages", MESSAGES);

            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.headers().firstValue("x-ratelimit-limit-requests")).contains("5");
            assertThat(first.headers().firstValue("x-ratelimit-remaining-requests")).contains("4");
            assertThat(first.headers().firstValue("x-ratelimit-limit-tokens")).contains("10000");
            assertThat(Long.parseLong(first.headers().firstValue("x-ratelimit-remaining-tokens").orElseThrow()))
                    .isBetween(1L, 9_999L);
            assertThat(first.headers().firstValue("x-ratelimit-reset-requests")).isPresent();
            assertThat(first.headers().firstValue("anthropic-ratelimit-requests-limit")).isEmpty();
            assertThat(stream.headers().firstValue("x-ratelimit-remaining-requests")).contains("3");
            assertThat(messages.headers().firstValue("x-ratelimit-remaining-requests")).contains("2");
            assertThat(messages.headers().firstValue("anthropic-ratelimit-requests-remaining")).contains("2");
        }
    }

    @Test
    void withNothingLimitedNoRequestTouchesTheLimitsStore() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (GatewayServer gateway = GatewayServer.start("""
                model_list:
                  - {model_name: ditto/echo, litellm_params: {model: ditto/echo}}
                """, Map.of("REDIS_URL", "redis://127.0.0.1:" + closedPort))) {
            assertThat(gateway.postJson("/v1/chat/completions", CHAT).statusCode())
                    .as("an unreachable Redis is never asked").isEqualTo(200);
            assertThat(gateway.postJson("/v1/messages", MESSAGES).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void thePromptIsCountedWithTheTokenizerNotGuessedFromTheBodySize() throws Exception {
        String padded = "{\"model\":\"ditto/echo\",\"max_tokens\":10," + " ".repeat(4_000)
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        String text = "word ".repeat(100);
        String large = "{\"model\":\"ditto/echo\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\""
                + text + "\"}]}";
        long counted = LocalTokenCounter.create().count(LanguageModelRequest.of(text), "ditto/echo");
        try (GatewayServer gateway = GatewayServer.start("""
                model_list:
                  - {model_name: ditto/echo, litellm_params: {model: ditto/echo}}
                ditto:
                  limits:
                    key: {tpm_limit: 60}
                """)) {
            HttpResponse<String> fits = gateway.postJson("/v1/chat/completions", padded);
            HttpResponse<String> refused = gateway.postJson("/v1/chat/completions", large);

            assertThat(fits.statusCode()).as("a 4 KB body whose prompt is a few tokens fits in 60 tpm").isEqualTo(200);
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(JSON.readTree(refused.body()).at("/error/message").asText())
                    .contains("needs an estimated " + (counted + 10) + " tokens");
        }
    }

    private static HttpResponse<String> post(GatewayServer gateway, String requestId) throws Exception {
        HttpResponse<String> response = gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/chat/completions"))
                .header("content-type", "application/json").header("x-request-id", requestId)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt\",\"max_tokens\":400,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}"))
                .build());
        if (response.statusCode() == 200) {
            gateway.awaitRecord(requestId);     // settled: the next admission sees the committed cost
        }
        return response;
    }
}
