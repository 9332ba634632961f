package dev.ditto.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.FinishReason;
import dev.ditto.sdk.LanguageModelRequest;
import dev.ditto.sdk.LanguageModelResult;
import dev.ditto.sdk.ProviderOverloadedException;
import dev.ditto.sdk.ReasoningEffort;
import dev.ditto.sdk.ResponseFormat;
import dev.ditto.sdk.SdkException;
import dev.ditto.sdk.StreamPart;
import dev.ditto.sdk.UnexpectedResponseException;
import dev.ditto.sdk.Warning;
import dev.ditto.sdk.http.HttpTransport;
import dev.ditto.sdk.http.HttpTransportConfig;
import dev.ditto.sdk.message.Message;
import dev.ditto.sdk.tool.FunctionTool;
import dev.ditto.sdk.tool.ToolChoice;
import dev.ditto.testing.CapturedRequest;
import dev.ditto.testing.FakeUpstream;
import dev.ditto.testing.Fixtures;
import dev.ditto.testing.Framing;
import dev.ditto.testing.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The adapter over real HTTP against {@link FakeUpstream} replaying recorded Anthropic answers. */
class AnthropicLanguageModelTest {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String PATH = "/v1/messages";

    private static HttpTransport transport;
    private FakeUpstream upstream;
    private AnthropicLanguageModel model;

    @BeforeAll
    static void createTransport() {
        transport = HttpTransport.of(HttpTransportConfig.builder().errorMapper(AnthropicErrorMapper.ofDefaults()).build());
    }

    @AfterAll
    static void closeTransport() {
        transport.close();
    }

    @BeforeEach
    void start() {
        upstream = FakeUpstream.start();
        model = AnthropicProvider.builder()
                .apiKey("test-key")
                .baseUrl(upstream.uri("/v1"))
                .header("anthropic-beta", "files-api-2025-04-14")
                .transport(transport)
                .build()
                .languageModel("claude-sonnet-4-5");
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    static LanguageModelRequest weatherRequest() {
        ObjectNode schema = FixtureFacts.JSON.createObjectNode().put("type", "object");
        schema.putObject("properties").putObject("city").put("type", "string");
        ObjectNode options = FixtureFacts.JSON.createObjectNode();
        options.putArray("betas").add("context-management-2025-06-27");
        options.put("service_tier", "standard_only");
        return LanguageModelRequest.builder()
                .message(Message.system("Answer briefly."))
                .message(Message.user("Weather in Paris?"))
                .temperature(0.5)
                .maxOutputTokens(100)
                .stopSequences(List.of("END"))
                .tool(FunctionTool.of("get_weather", "Current weather", schema))
                .toolChoice(ToolChoice.auto())
                .parallelToolCalls(false)
                .user("user-42")
                .seed(7L)
                .providerOptions("anthropic", options)
                .build();
    }

    @Test
    void generatesOverHttpAndSendsTheMessagesRequest() throws Exception {
        upstream.on("POST", PATH).enqueue(Reply.fixture("anthropic-messages/anthropic-text.json"));
        JsonNode recorded = FixtureFacts.parse(Fixtures.text("anthropic-messages/anthropic-text.json"));

        LanguageModelResult result = model.generateAsync(weatherRequest()).get(30, TimeUnit.SECONDS);

        assertThat(result.text()).isEqualTo(recorded.path("content").get(0).path("text").asText());
        assertThat(result.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(result.usage().input().total()).isEqualTo(12L);
        assertThat(result.usage().output().total()).isEqualTo(29L);
        assertThat(result.modelId()).isEqualTo("claude-sonnet-4-5-20250929");
        assertThat(result.warnings()).extracting(Warning::setting).contains("seed");

        CapturedRequest sent = upstream.awaitRequest(1, TIMEOUT);
        assertThat(sent.path()).isEqualTo(PATH);
        assertThat(sent.header("x-api-key")).hasValue("test-key");
        assertThat(sent.header("anthropic-version")).hasValue("2023-06-01");
        assertThat(sent.header("anthropic-beta")).hasValue("files-api-2025-04-14,context-management-2025-06-27");
        assertThat(sent.header("content-type")).hasValue("application/json");
        JsonNode body = sent.bodyJson();
        assertThat(body.path("model").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(body.path("max_tokens").asInt()).isEqualTo(100);
        assertThat(body.path("system").asText()).isEqualTo("Answer briefly.");
        assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("user");
        assertThat(body.path("messages").get(0).path("content").get(0).path("text").asText()).isEqualTo("Weather in Paris?");
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.5);
        assertThat(body.path("stop_sequences").get(0).asText()).isEqualTo("END");
        assertThat(body.path("tools").get(0).path("name").asText()).isEqualTo("get_weather");
        assertThat(body.path("tools").get(0).path("input_schema").path("properties").has("city")).isTrue();
        assertThat(body.path("tool_choice").path("type").asText()).isEqualTo("auto");
        assertThat(body.path("tool_choice").path("disable_parallel_tool_use").asBoolean()).isTrue();
        assertThat(body.path("metadata").path("user_id").asText()).isEqualTo("user-42");
        assertThat(body.path("service_tier").asText()).isEqualTo("standard_only");
        assertThat(body.has("stream")).isFalse();
        assertThat(body.has("seed")).isFalse();
    }

    @Test
    void streamsOverHttp() {
        upstream.on("POST", PATH).enqueue(Reply.fixture("anthropic-messages/anthropic-text.chunks.txt"));

        StreamParts parts = collect(model.stream(weatherRequest()));

        assertThat(parts.error()).isNull();
        assertThat(parts.text()).isEqualTo("Hello! I'm doing well, thank you for asking. How are you doing today?"
                + " Is there anything I can help you with?");
        assertThat(parts.start().orElseThrow().warnings()).extracting(Warning::setting).contains("seed");
        assertThat(parts.finish().usage().output().total()).isEqualTo(30L);
        CapturedRequest sent = upstream.awaitRequest(1, TIMEOUT);
        assertThat(sent.bodyJson().path("stream").asBoolean()).isTrue();
        assertThat(sent.header("accept")).hasValue("text/event-stream");
        assertThat(sent.header("x-api-key")).hasValue("test-key");
    }

    @Test
    void aJsonSchemaAnswerGoesThroughTheJsonToolAndComesBackAsText() throws Exception {
        upstream.on("POST", PATH).enqueue(Reply.fixture("anthropic-messages/anthropic-json-tool.1.json"));
        ObjectNode schema = FixtureFacts.JSON.createObjectNode().put("type", "object");
        LanguageModelRequest request = LanguageModelRequest.builder().message(Message.user("Weather?"))
                .responseFormat(ResponseFormat.jsonSchema("weather", schema)).build();

        LanguageModelResult result = model.generateAsync(request).get(30, TimeUnit.SECONDS);

        assertThat(result.toolCalls()).isEmpty();
        assertThat(FixtureFacts.parse(result.text()).path("elements")).hasSize(4);
        assertThat(result.finishReason()).isEqualTo(FinishReason.STOP);
        JsonNode body = upstream.awaitRequest(1, TIMEOUT).bodyJson();
        assertThat(body.path("tools").get(0).path("name").asText()).isEqualTo("json");
        assertThat(body.path("tool_choice").path("type").asText()).isEqualTo("tool");
        assertThat(body.path("tool_choice").path("name").asText()).isEqualTo("json");
    }

    @Test
    void aReasoningEffortBecomesAThinkingBudgetWithAWarning() throws Exception {
        upstream.on("POST", PATH).enqueue(Reply.fixture("anthropic-messages/anthropic-clear-thinking.1.json"));
        LanguageModelRequest request = LanguageModelRequest.builder().message(Message.user("925 / 5?"))
                .reasoningEffort(ReasoningEffort.LOW).temperature(0.3).build();

        LanguageModelResult result = model.generateAsync(request).get(30, TimeUnit.SECONDS);

        assertThat(result.reasoningText()).isEqualTo("925 divided by 5 = 185");
        assertThat(result.warnings()).extracting(Warning::setting)
                .contains("reasoningEffort", "maxOutputTokens", "temperature");
        JsonNode body = upstream.awaitRequest(1, TIMEOUT).bodyJson();
        assertThat(body.path("thinking").path("type").asText()).isEqualTo("enabled");
        assertThat(body.path("thinking").path("budget_tokens").asInt()).isEqualTo(2048);
        assertThat(body.path("max_tokens").asInt()).isEqualTo(AnthropicProvider.DEFAULT_MAX_TOKENS + 2048);
        assertThat(body.has("temperature")).isFalse();
    }

    @Test
    void countsTokensWithOnlyWhatCountTokensAccepts() throws Exception {
        upstream.on("POST", PATH + "/count_tokens").enqueue(Reply.json("{\"input_tokens\":87}"));

        long count = model.countTokensAsync(weatherRequest()).get(30, TimeUnit.SECONDS);

        assertThat(count).isEqualTo(87);
        CapturedRequest sent = upstream.awaitRequest(1, TIMEOUT);
        assertThat(sent.path()).isEqualTo(PATH + "/count_tokens");
        assertThat(sent.header("x-api-key")).hasValue("test-key");
        assertThat(sent.header("anthropic-beta")).hasValue("files-api-2025-04-14,context-management-2025-06-27");
        JsonNode body = sent.bodyJson();
        assertThat(body.path("model").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(body.path("system").asText()).isEqualTo("Answer briefly.");
        assertThat(body.path("tools").get(0).path("name").asText()).isEqualTo("get_weather");
        assertThat(body.path("tool_choice").path("type").asText()).isEqualTo("auto");
        for (String outputOnly : List.of("max_tokens", "temperature", "stop_sequences", "metadata", "service_tier", "stream")) {
            assertThat(body.has(outputOnly)).as(outputOnly).isFalse();
        }
    }

    @Test
    void aCountWithoutInputTokensIsAnUnexpectedResponse() {
        upstream.on("POST", PATH + "/count_tokens").enqueue(Reply.json("{\"tokens\":87}"));

        CompletableFuture<Long> count = model.countTokensAsync(LanguageModelRequest.of("hi"));

        assertThatThrownBy(() -> count.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(UnexpectedResponseException.class);
    }

    @Test
    void anOverloadedAnswerIsARetryableErrorWithRetryAfterAndRequestId() {
        upstream.on("POST", PATH).enqueue(Reply.json(529,
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}").toBuilder()
                .header("retry-after", "3").header("request-id", "req_011").build());

        assertThatThrownBy(() -> model.generate(LanguageModelRequest.of("hi")))
                .isInstanceOf(ProviderOverloadedException.class)
                .satisfies(e -> {
                    SdkException error = (SdkException) e;
                    assertThat(error.isRetryable()).isTrue();
                    assertThat(error.status()).isEqualTo(529);
                    assertThat(error.retryAfter()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(error.upstreamRequestId()).isEqualTo("req_011");
                    assertThat(error.provider()).isEqualTo("anthropic");
                    assertThat(error.model()).isEqualTo("claude-sonnet-4-5");
                });
    }

    @Test
    void anErrorStatusForAStreamEndsItWithAnErrorPart() {
        upstream.on("POST", PATH).enqueue(Reply.json(529,
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));

        StreamParts parts = collect(model.stream(LanguageModelRequest.of("hi")));

        assertThat(parts.parts()).singleElement().isInstanceOf(StreamPart.Error.class);
        assertThat(parts.error()).isInstanceOf(ProviderOverloadedException.class);
    }

    @Test
    void anErrorEventInsideTheStreamEndsItWithTheMatchingException() {
        List<String> payloads = new ArrayList<>(Fixtures.payloads("anthropic-messages/anthropic-text.chunks.txt").subList(0, 4));
        payloads.add("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");
        upstream.on("POST", PATH).enqueue(Reply.sse(Framing.NAMED_EVENTS, payloads.toArray(String[]::new)));

        StreamParts parts = collect(model.stream(LanguageModelRequest.of("hi")));

        assertThat(parts.text()).isEqualTo("Hello");
        assertThat(parts.error()).isInstanceOf(ProviderOverloadedException.class).hasMessageContaining("Overloaded");
        assertThat(parts.error().isRetryable()).isTrue();
        assertThat(parts.all(StreamPart.Finish.class)).isEmpty();
    }

    @Test
    void aTruncatedStreamEndsWithAnErrorPartNotAFinish() {
        upstream.on("POST", PATH).enqueue(Reply.fixture("anthropic-messages/anthropic-text.chunks.txt").toBuilder()
                .cutAfterEvents(6).build());

        StreamParts parts = collect(model.stream(LanguageModelRequest.of("hi")));

        assertThat(parts.text()).isEqualTo("Hello! I'm doing well, thank you for asking");
        assertThat(parts.error()).isNotNull();
        assertThat(parts.error().isRetryable()).isTrue();
        assertThat(parts.all(StreamPart.Finish.class)).isEmpty();
    }

    @Test
    void aStreamThatEndsCleanlyBeforeMessageStopEndsWithAnErrorPart() {
        List<String> payloads = Fixtures.payloads("anthropic-messages/anthropic-text.chunks.txt").subList(0, 10);
        upstream.on("POST", PATH).enqueue(Reply.sse(Framing.NAMED_EVENTS, payloads.toArray(String[]::new)));

        StreamParts parts = collect(model.stream(LanguageModelRequest.of("hi")));

        assertThat(parts.error()).isInstanceOf(dev.ditto.sdk.StreamInterruptedException.class)
                .hasMessageContaining("without message_stop");
        assertThat(parts.all(StreamPart.Finish.class)).isEmpty();
    }

    @Test
    void aMalformedEventEndsTheStreamWithAnErrorPart() {
        String start = Fixtures.payloads("anthropic-messages/anthropic-text.chunks.txt").get(0);
        upstream.on("POST", PATH).enqueue(Reply.sse(Framing.RAW, "event: message_start\ndata: " + start + "\n\n",
                "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\n\n"));

        StreamParts parts = collect(model.stream(LanguageModelRequest.of("hi")));

        assertThat(parts.start()).isPresent();
        assertThat(parts.error()).isInstanceOf(UnexpectedResponseException.class).hasMessageContaining("malformed");
    }

    @Test
    void aRequestAnthropicCannotTakeFailsBeforeAnythingIsSent() {
        StreamParts parts = collect(model.stream(LanguageModelRequest.of(List.of(Message.system("only a system prompt")))));

        assertThat(parts.error()).isInstanceOf(dev.ditto.sdk.InvalidRequestException.class);
        assertThat(upstream.requestCount()).isZero();
    }

    /** Subscribes, requests everything, and waits for completion. */
    static StreamParts collect(Flow.Publisher<StreamPart> publisher) {
        List<StreamPart> parts = new ArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        publisher.subscribe(new Flow.Subscriber<StreamPart>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(StreamPart part) {
                synchronized (parts) {
                    parts.add(part);
                }
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }

            @Override
            public void onComplete() {
                done.complete(null);
            }
        });
        done.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
        synchronized (parts) {
            return new StreamParts(List.copyOf(parts));
        }
    }
}
