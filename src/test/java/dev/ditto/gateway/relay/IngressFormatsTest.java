package dev.ditto.gateway.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.NotFoundException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.TextBlock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import dev.ditto.testing.CapturedRequest;
import dev.ditto.testing.Fixtures;
import dev.ditto.testing.FakeUpstream;
import dev.ditto.testing.GatewayServer;
import dev.ditto.testing.Reply;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Anthropic and Responses ingress routes, read by the real clients, with upstreams of
 * another format: Anthropic clients on an OpenAI deployment, Responses clients on Anthropic
 * and on OpenAI (through OpenAI's own Responses API).
 */
class IngressFormatsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private FakeUpstream upstream;
    private GatewayServer gateway;

    @BeforeEach
    void start() throws Exception {
        upstream = FakeUpstream.start();
        gateway = GatewayServer.start("""
                model_list:
                  - {model_name: gpt, litellm_params: {model: openai/gpt-4.1-nano, api_base: "%1$s/openai/v1", api_key: sk-o}}
                  - {model_name: claude, litellm_params: {model: anthropic/claude-sonnet-4-5, api_base: "%1$s/anthropic/v1", api_key: sk-a}}
                """.formatted(upstream.baseUri()));
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
        upstream.close();
    }

    private AnthropicClient anthropic() {
        return AnthropicOkHttpClient.builder().baseUrl(gateway.baseUri().toString()).apiKey("sk-client").maxRetries(0).build();
    }

    private OpenAIClient openAi() {
        return OpenAIOkHttpClient.builder().baseUrl(gateway.baseUri() + "/v1").apiKey("sk-client").maxRetries(0).build();
    }

    @Test
    void anthropicClientStreamsFromAnOpenAiDeployment() throws Exception {
        upstream.on("POST", "/openai/v1/chat/completions").enqueue(Reply.fixture("openai-chat/openai-text.chunks.txt"));
        StringBuilder expected = new StringBuilder();
        for (String payload : Fixtures.payloads("openai-chat/openai-text.chunks.txt")) {
            expected.append(JSON.readTree(payload).at("/choices/0/delta/content").asText(""));
        }
        AnthropicClient client = anthropic();
        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(MessageCreateParams.builder()
                .model("gpt").maxTokens(100).addUserMessage("hello").build())) {
            stream.stream().forEach(accumulator::accumulate);
        } finally {
            client.close();
        }

        Message message = accumulator.message();
        String text = message.content().stream().flatMap(block -> block.text().stream()).map(TextBlock::text)
                .reduce("", String::concat);
        assertThat(text).isEqualTo(expected.toString());
        assertThat(message.usage().outputTokens()).isPositive();
        CapturedRequest sent = upstream.awaitRequest(1, TIMEOUT);
        assertThat(sent.bodyJson().path("max_completion_tokens").asInt(sent.bodyJson().path("max_tokens").asInt()))
                .isEqualTo(100);
    }

    @Test
    void anthropicRoutesAnswerErrorsInAnthropicsShape() throws Exception {
        AnthropicClient client = anthropic();
        try {
            assertThatThrownBy(() -> client.messages().create(MessageCreateParams.builder()
                    .model("nope").maxTokens(10).addUserMessage("hi").build()))
                    .isInstanceOf(NotFoundException.class);
        } finally {
            client.close();
        }
        HttpResponse<String> bad = gateway.postJson("/v1/messages", "{\"model\":\"claude\"");
        JsonNode body = JSON.readTree(bad.body());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(body.path("type").asText()).isEqualTo("error");
        assertThat(body.at("/error/type").asText()).isEqualTo("invalid_request_error");
    }

    @Test
    void responsesClientOnAnAnthropicDeployment() {
        upstream.on("POST", "/anthropic/v1/messages").enqueue(Reply.fixture("anthropic-messages/anthropic-text.json"));
        OpenAIClient client = openAi();
        Response response;
        try {
            response = client.responses().create(ResponseCreateParams.builder().model("claude").input("hello").build());
        } finally {
            client.close();
        }

        assertThat(response.output()).isNotEmpty();
        assertThat(response.usage()).isPresent();
        assertThat(upstream.awaitRequest(1, TIMEOUT).header("x-api-key")).contains("sk-a");
    }

    @Test
    void responsesClientOnAnOpenAiDeploymentUsesTheResponsesApi() {
        upstream.on("POST", "/openai/v1/responses").enqueue(Reply.fixture("openai-responses/openai-web-search-tool.1.json"));
        OpenAIClient client = openAi();
        try {
            client.responses().create(ResponseCreateParams.builder().model("gpt").input("hello").build());
        } finally {
            client.close();
        }

        CapturedRequest sent = upstream.awaitRequest(1, TIMEOUT);
        assertThat(sent.path()).isEqualTo("/openai/v1/responses");
        assertThat(sent.bodyJson().path("model").asText()).isEqualTo("gpt-4.1-nano");
    }
}
