package dev.ditto.gateway.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.NotFoundException;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageTokensCount;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.ditto.testing.CapturedRequest;
import dev.ditto.testing.FakeUpstream;
import dev.ditto.testing.GatewayServer;
import dev.ditto.testing.Reply;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/messages/count_tokens} over real HTTP: forwarded to an Anthropic upstream,
 * counted locally for an OpenAI deployment, read by the official anthropic-java client, and
 * refused in Anthropic's error shape.
 */
class CountTokensTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COUNT_PATH = "/anthropic/v1/messages/count_tokens";
    private static final String SYSTEM = "You are a terse assistant. Answer in one line.";
    private static final String PROMPT = "Count these tokens, please: naïve café, 1234567, <|endoftext|> 🙂";

    private FakeUpstream upstream;
    private GatewayServer gateway;

    @BeforeEach
    void start() throws Exception {
        upstream = FakeUpstream.start();
        gateway = GatewayServer.start("""
                model_list:
                  - model_name: claude
                    litellm_params: {model: anthropic/claude-sonnet-4-5, api_base: "%1$s/anthropic/v1", api_key: sk-ant}
                    model_info: {id: claude-1}
                  - model_name: gpt
                    litellm_params: {model: openai/gpt-4.1-nano, api_base: "%1$s/openai/v1", api_key: sk-o}
                    model_info: {id: gpt-1}
                  - model_name: legacy
                    litellm_params: {model: openai/gpt-4, api_base: "%1$s/openai/v1", api_key: sk-o}
                router_settings:
                  num_retries: 0
                """.formatted(upstream.baseUri()));
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
        upstream.close();
    }

    private AnthropicClient anthropic() {
        return AnthropicOkHttpClient.builder().baseUrl(gateway.baseUri().toString()).apiKey("sk-client").maxRetries(0)
                .build();
    }

    private static String body(String model) throws Exception {
        return JSON.writeValueAsString(JSON.createObjectNode().put("model", model).put("system", SYSTEM)
                .set("messages", JSON.readTree("[{\"role\":\"user\",\"content\":" + JSON.writeValueAsString(PROMPT) + "}]")));
    }

    @Test
    void anthropicDeploymentsAskTheUpstream() throws Exception {
        upstream.on("POST", COUNT_PATH).enqueue(Reply.json("{\"input_tokens\":1234}"));
        String request = """
                {"model":"claude","system":"Be brief.","messages":[{"role":"user","content":"Hello"}],
                 "tools":[{"name":"get_weather","description":"Weather","input_schema":{"type":"object","properties":{"city":{"type":"string"}}}}],
                 "thinking":{"type":"enabled","budget_tokens":2048}}""";

        HttpResponse<String> response = gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/messages/count_tokens"))
                .header("Content-Type", "application/json").header("anthropic-beta", "token-efficient-tools-2025-02-19")
                .POST(HttpRequest.BodyPublishers.ofString(request)).build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body())).isEqualTo(JSON.readTree("{\"input_tokens\":1234}"));
        assertThat(response.headers().firstValue("x-ditto-token-count-source")).contains("upstream");
        assertThat(response.headers().firstValue("x-ditto-model-id")).contains("claude-1");
        CapturedRequest sent = upstream.awaitRequest(1, TIMEOUT);
        assertThat(sent.path()).isEqualTo(COUNT_PATH);
        assertThat(sent.header("x-api-key")).contains("sk-ant");
        assertThat(sent.header("anthropic-version")).contains("2023-06-01");
        assertThat(sent.header("anthropic-beta")).contains("token-efficient-tools-2025-02-19");
        JsonNode forwarded = sent.bodyJson();
        assertThat(forwarded.path("model").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(forwarded.path("system").asText()).isEqualTo("Be brief.");
        assertThat(forwarded.at("/messages/0/content/0/text").asText()).isEqualTo("Hello");
        assertThat(forwarded.at("/tools/0/name").asText()).isEqualTo("get_weather");
        assertThat(forwarded.at("/thinking/budget_tokens").asInt()).isEqualTo(2048);
        assertThat(forwarded.has("max_tokens")).as("count_tokens refuses max_tokens").isFalse();
        assertThat(forwarded.has("stream")).isFalse();
    }

    @Test
    void openAiDeploymentsAreCountedLocallyWithTheModelsEncoding() throws Exception {
        Encoding o200k = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
        // OpenAI's chat framing: 3 tokens per message plus its role, and 3 that prime the reply.
        long expected = 3
                + 3 + o200k.countTokensOrdinary("system") + o200k.countTokensOrdinary(SYSTEM)
                + 3 + o200k.countTokensOrdinary("user") + o200k.countTokensOrdinary(PROMPT);

        HttpResponse<String> response = gateway.postJson("/messages/count_tokens", body("gpt"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("input_tokens").asLong()).isEqualTo(expected);
        assertThat(response.headers().firstValue("x-ditto-token-count-source")).contains("local");
        assertThat(response.headers().firstValue("x-ditto-model-id")).contains("gpt-1");
        assertThat(upstream.requestCount()).as("no upstream call").isZero();
    }

    @Test
    void olderOpenAiModelsUseCl100k() throws Exception {
        Encoding cl100k = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
        long expected = 3
                + 3 + cl100k.countTokensOrdinary("system") + cl100k.countTokensOrdinary(SYSTEM)
                + 3 + cl100k.countTokensOrdinary("user") + cl100k.countTokensOrdinary(PROMPT);

        HttpResponse<String> response = gateway.postJson("/v1/messages/count_tokens", body("legacy"));

        assertThat(JSON.readTree(response.body()).path("input_tokens").asLong()).isEqualTo(expected);
    }

    @Test
    void theAnthropicJavaClientCountsThroughTheGateway() {
        upstream.on("POST", COUNT_PATH).enqueue(Reply.json("{\"input_tokens\":42}"));
        AnthropicClient client = anthropic();
        try {
            MessageTokensCount upstreamCount = client.messages().countTokens(MessageCountTokensParams.builder()
                    .model("claude").addUserMessage("Hello, Claude").build());
            MessageTokensCount localCount = client.messages().countTokens(MessageCountTokensParams.builder()
                    .model("gpt").system(SYSTEM).addUserMessage(PROMPT).build());

            assertThat(upstreamCount.inputTokens()).isEqualTo(42);
            assertThat(localCount.inputTokens()).isGreaterThan(12);
            assertThatThrownBy(() -> client.messages().countTokens(MessageCountTokensParams.builder()
                    .model("nope").addUserMessage("hi").build())).isInstanceOf(NotFoundException.class);
        } finally {
            client.close();
        }
        assertThat(upstream.awaitRequest(1, TIMEOUT).bodyJson().path("model").asText()).isEqualTo("claude-sonnet-4-5");
    }

    @Test
    void badInputIsA400InAnthropicsShape() throws Exception {
        for (String bad : new String[] {
                "{\"model\":\"gpt\"",
                "{\"model\":\"gpt\"}",
                "{\"model\":\"gpt\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "{\"model\":\"gpt\",\"messages\":[{\"role\":\"robot\",\"content\":\"hi\"}]}"}) {
            HttpResponse<String> response = gateway.postJson("/v1/messages/count_tokens", bad);

            assertThat(response.statusCode()).as(bad).isEqualTo(400);
            JsonNode error = JSON.readTree(response.body());
            assertThat(error.path("type").asText()).as(bad).isEqualTo("error");
            assertThat(error.at("/error/type").asText()).as(bad).isEqualTo("invalid_request_error");
            assertThat(error.at("/error/message").asText()).as(bad).isNotBlank();
        }
        AnthropicClient client = anthropic();
        try {
            assertThatThrownBy(() -> client.messages().countTokens(MessageCountTokensParams.builder()
                    .model("claude").messages(java.util.List.of()).build())).isInstanceOf(BadRequestException.class);
        } finally {
            client.close();
        }
        assertThat(upstream.requestCount()).isZero();
    }

    @Test
    void anUnknownModelIsA404InAnthropicsShape() throws Exception {
        HttpResponse<String> response = gateway.postJson("/v1/messages/count_tokens",
                "{\"model\":\"nope\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(response.statusCode()).isEqualTo(404);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.at("/error/type").asText()).isEqualTo("not_found_error");
    }

    @Test
    void upstreamErrorsComeBackInAnthropicsShape() throws Exception {
        upstream.on("POST", COUNT_PATH).enqueue(Reply.json(400,
                "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"messages: too many\"}}"));

        HttpResponse<String> response = gateway.postJson("/v1/messages/count_tokens", body("claude"));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.at("/error/message").asText()).contains("messages: too many");
    }

    @Test
    void getIsNotAllowed() throws Exception {
        HttpResponse<String> response = gateway.get("/v1/messages/count_tokens");

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(JSON.readTree(response.body()).at("/error/type").asText()).isEqualTo("invalid_request_error");
    }
}
