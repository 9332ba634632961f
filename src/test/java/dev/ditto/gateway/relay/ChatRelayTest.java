package dev.ditto.gateway.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import dev.ditto.testing.CapturedRequest;
import dev.ditto.testing.Exchange;
import dev.ditto.testing.FakeUpstream;
import dev.ditto.testing.GatewayServer;
import dev.ditto.testing.Reply;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * /v1/chat/completions translated through the adapters to fake upstreams, over real HTTP on both
 * sides; the OpenAI deployments are set to {@code ditto_mode: translate} (passthrough has its own
 * test, {@link PassthroughRelayTest}).
 */
class ChatRelayTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private FakeUpstream upstream;
    private GatewayServer gateway;
    private OpenAIClient client;

    @BeforeEach
    void start() throws Exception {
        upstream = FakeUpstream.start();
        gateway = GatewayServer.start("""
                model_list:
                  - model_name: gpt
                    litellm_params: {model: openai/gpt-4.1-nano, api_base: "%1$s/primary/v1", api_key: sk-primary, ditto_mode: translate}
                    model_info: {id: primary}
                  - model_name: claude
                    litellm_params: {model: anthropic/claude-sonnet-4-5, api_base: "%1$s/anthropic/v1", api_key: sk-ant}
                    model_info: {id: anthropic}
                  - model_name: backup
                    litellm_params: {model: openai/gpt-4.1-mini, api_base: "%1$s/backup/v1", api_key: sk-backup, ditto_mode: translate}
                    model_info: {id: backup}
                router_settings:
                  num_retries: 1
                  routing_strategy: round-robin
                litellm_settings:
                  fallbacks: [{"gpt": ["backup"]}]
                """.formatted(upstream.baseUri()));
        client = OpenAIOkHttpClient.builder().baseUrl(gateway.baseUri() + "/v1").apiKey("sk-client").maxRetries(0).build();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        gateway.close();
        upstream.close();
    }

    private static ChatCompletionCreateParams.Builder params(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("hello");
    }

    @Test
    void relaysACompletionAndSaysWhoServedIt() throws Exception {
        upstream.on("POST", "/primary/v1/chat/completions").enqueue(Reply.fixture("openai-chat/openai-text.json"));
        JsonNode recorded = JSON.readTree(java.nio.file.Files.readString(
                dev.ditto.testing.Fixtures.path("openai-chat/openai-text.json")));

        HttpResponse<String> response = gateway.postJson("/v1/chat/completions",
                "{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}");

        JsonNode body = JSON.readTree(response.body());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue(Answers.MODEL_ID_HEADER)).contains("primary");
        assertThat(response.headers().firstValue(Answers.PROVIDER_HEADER)).contains("openai");
        assertThat(response.headers().firstValue(Answers.OVERHEAD_HEADER)).isPresent();
        assertThat(body.at("/model").asText()).isEqualTo("gpt");
        assertThat(body.at("/choices/0/message/content").asText())
                .isEqualTo(recorded.at("/choices/0/message/content").asText());
        assertThat(body.at("/usage/completion_tokens").asLong()).isEqualTo(recorded.at("/usage/completion_tokens").asLong());
        CapturedRequest sent = upstream.awaitRequest(1, TIMEOUT);
        assertThat(sent.header("authorization")).contains("Bearer sk-primary");
        assertThat(sent.bodyJson().path("model").asText()).isEqualTo("gpt-4.1-nano");
    }

    @Test
    void theOverheadHeaderCountsTheGatewaysOwnTimeNotTheUpstreams() throws Exception {
        // A first request warms the JVM up (the tokenizer, the provider's client): then the gateway's own time is small.
        upstream.on("POST", "/primary/v1/chat/completions").enqueue(Reply.fixture("openai-chat/openai-text.json"),
                Reply.fixture("openai-chat/openai-text.json").toBuilder().delayBeforeHeaders(Duration.ofMillis(1500))
                        .build());
        assertThat(gateway.postJson("/v1/chat/completions",
                "{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}").statusCode())
                .isEqualTo(200);

        long started = System.nanoTime();
        HttpResponse<String> response = gateway.postJson("/v1/chat/completions",
                "{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}");
        long elapsedMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();

        long overhead = Long.parseLong(response.headers().firstValue(Answers.OVERHEAD_HEADER).orElseThrow());
        assertThat(elapsedMillis).isGreaterThanOrEqualTo(1500);
        assertThat(overhead).as("milliseconds before the upstream call, without its 1.5 s").isBetween(0L, 1000L);
        // LiteLLM's names for the same, for clients and log pipelines that read them.
        assertThat(response.headers().firstValue("x-litellm-overhead-duration-ms")).contains(Long.toString(overhead));
        assertThat(response.headers().firstValue("x-litellm-model-id"))
                .isEqualTo(response.headers().firstValue(Answers.MODEL_ID_HEADER)).isPresent();
    }

    @Test
    void translatesAnAnthropicStreamForOpenaiJava() {
        upstream.on("POST", "/anthropic/v1/messages").enqueue(Reply.fixture("anthropic-messages/anthropic-text.chunks.txt"));
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();

        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params("claude")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(accumulator::accumulate);
        }

        ChatCompletion completion = accumulator.chatCompletion();
        assertThat(completion.choices().get(0).message().content()).get().asString().isNotBlank();
        assertThat(completion.usage()).isPresent();
        assertThat(upstream.awaitRequest(1, TIMEOUT).header("x-api-key")).contains("sk-ant");
    }

    @Test
    void retriesThenFallsBackWhenTheGroupKeepsFailing() throws Exception {
        upstream.on("POST", "/primary/v1/chat/completions").defaultReply(
                Reply.json(500, "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}"));
        upstream.on("POST", "/backup/v1/chat/completions").enqueue(Reply.fixture("openai-chat/openai-text.json"));

        HttpResponse<String> response = gateway.postJson("/v1/chat/completions",
                "{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue(Answers.MODEL_ID_HEADER)).contains("backup");
        assertThat(upstream.requests()).extracting(CapturedRequest::path).containsExactly(
                "/primary/v1/chat/completions", "/primary/v1/chat/completions", "/backup/v1/chat/completions");
    }

    @Test
    void clientErrorsAreNotRetriedAndKeepTheirStatus() throws Exception {
        upstream.on("POST", "/primary/v1/chat/completions").defaultReply(Reply.json(400,
                "{\"error\":{\"message\":\"bad temperature\",\"type\":\"invalid_request_error\",\"param\":\"temperature\"}}"));

        HttpResponse<String> response = gateway.postJson("/v1/chat/completions",
                "{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).at("/error/message").asText()).contains("bad temperature");
        assertThat(upstream.requestCount()).isEqualTo(1);
    }

    @Test
    void noRetryOnceTheStreamHasStarted() throws Exception {
        upstream.on("POST", "/primary/v1/chat/completions").enqueue(Reply.fixture("openai-chat/openai-text.chunks.txt")
                .toBuilder().cutAfterEvents(3).build());

        HttpResponse<String> response = gateway.postJson("/v1/chat/completions",
                "{\"model\":\"gpt\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("chat.completion.chunk").contains("\"error\"").doesNotContain("[DONE]");
        assertThat(upstream.requestCount()).isEqualTo(1);
    }

    @Test
    void aClientThatLeavesCancelsTheUpstream() throws Exception {
        upstream.on("POST", "/primary/v1/chat/completions").enqueue(Reply.fixture("openai-chat/openai-text.chunks.txt")
                .toBuilder().gateBeforeEvent(2, new java.util.concurrent.CompletableFuture<>()).build());

        HttpResponse<InputStream> response = gateway.client().send(HttpRequest.newBuilder(gateway.uri("/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"gpt\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        Exchange exchange = upstream.awaitExchange(1, TIMEOUT);
        exchange.awaitEventsSent(2, TIMEOUT);
        assertThat(response.body().read()).isPositive();
        response.body().close();

        exchange.awaitClientDisconnect(TIMEOUT);
    }
}
