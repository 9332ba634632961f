package dev.ditto.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.sdk.AuthenticationException;
import dev.ditto.sdk.FinishReason;
import dev.ditto.sdk.InvalidRequestException;
import dev.ditto.sdk.LanguageModelRequest;
import dev.ditto.sdk.LanguageModelResult;
import dev.ditto.sdk.ProviderOverloadedException;
import dev.ditto.sdk.RateLimitedException;
import dev.ditto.sdk.StreamInterruptedException;
import dev.ditto.sdk.StreamPart;
import dev.ditto.sdk.UnexpectedResponseException;
import dev.ditto.sdk.http.HttpTransport;
import dev.ditto.sdk.http.HttpTransportConfig;
import dev.ditto.sdk.message.AssistantMessage;
import dev.ditto.sdk.message.ContentPart;
import dev.ditto.sdk.message.Message;
import dev.ditto.sdk.message.ProviderMetadata;
import dev.ditto.sdk.message.TextPart;
import dev.ditto.sdk.message.ToolCallPart;
import dev.ditto.sdk.message.ToolResultPart;
import dev.ditto.sdk.tool.FunctionTool;
import dev.ditto.sdk.tool.ToolChoice;
import dev.ditto.testing.CapturedRequest;
import dev.ditto.testing.Exchange;
import dev.ditto.testing.FakeUpstream;
import dev.ditto.testing.Fixtures;
import dev.ditto.testing.Framing;
import dev.ditto.testing.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The language model over real HTTP against the fake upstream: requests sent, answers and failures decoded. */
class GeminiLanguageModelTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Streams.TIMEOUT;
    private static final String MODEL = "gemini-2.5-flash";
    private static final String GENERATE = "/v1beta/models/" + MODEL + ":generateContent";
    private static final String STREAM = "/v1beta/models/" + MODEL + ":streamGenerateContent";
    private static final String RATE_LIMIT_BODY = Fixtures.text("google-gemini/google-429-retry-info.json");

    private FakeUpstream upstream;
    private GeminiProvider provider;

    @BeforeEach
    void start() {
        upstream = FakeUpstream.start();
        provider = GeminiProvider.builder().apiKey("test-key").baseUrl(upstream.uri("/v1beta"))
                .header("x-team", "blue").build();
    }

    @AfterEach
    void stop() {
        provider.close();
        upstream.close();
    }

    @Test
    void generateSendsTheMappedRequestAndDecodesTheAnswer() throws Exception {
        upstream.on("POST", GENERATE).enqueue(Reply.fixture("google-gemini/google-tool-call.json"));
        LanguageModelRequest request = LanguageModelRequest.builder()
                .message(Message.system("Be brief."))
                .message(Message.user("Weather in SF?"))
                .tools(List.of(FunctionTool.of("weather", "Current weather", JSON.readTree(
                        "{\"type\":\"object\",\"properties\":{\"location\":{\"type\":\"string\"}},\"required\":[\"location\"]}"))))
                .toolChoice(ToolChoice.required())
                .temperature(0.3)
                .maxOutputTokens(200)
                .build();

        LanguageModelResult result = provider.languageModel(MODEL).generate(request);

        CapturedRequest sent = upstream.awaitRequest(1, TIMEOUT);
        assertThat(sent.path()).isEqualTo(GENERATE);
        assertThat(sent.query()).isEmpty();
        assertThat(sent.header("x-goog-api-key")).hasValue("test-key");
        assertThat(sent.header("x-team")).hasValue("blue");
        assertThat(sent.header("content-type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode body = sent.bodyJson();
        assertThat(body.at("/systemInstruction/parts/0/text").asText()).isEqualTo("Be brief.");
        assertThat(body.at("/contents/0/role").asText()).isEqualTo("user");
        assertThat(body.at("/contents/0/parts/0/text").asText()).isEqualTo("Weather in SF?");
        assertThat(body.at("/tools/0/functionDeclarations/0/name").asText()).isEqualTo("weather");
        assertThat(body.at("/tools/0/functionDeclarations/0/parameters/required/0").asText()).isEqualTo("location");
        assertThat(body.at("/toolConfig/functionCallingConfig/mode").asText()).isEqualTo("ANY");
        assertThat(body.at("/generationConfig/temperature").asDouble()).isEqualTo(0.3);
        assertThat(body.at("/generationConfig/maxOutputTokens").asInt()).isEqualTo(200);
        assertThat(result.toolCalls()).singleElement().satisfies(call -> {
            assertThat(call.toolName()).isEqualTo("weather");
            assertThat(JSON.readTree(call.arguments()).get("location").asText()).isEqualTo("San Francisco");
        });
        assertThat(result.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(result.providerMetadata().string("gemini", "finishMessage")).hasValue("Model generated function call(s).");
    }

    @Test
    void streamAsksForServerSentEventsAndDecodesThem() {
        upstream.on("POST", STREAM).enqueue(Reply.fixture("google-gemini/google-text.chunks.txt"));

        List<StreamPart> parts = Streams.collect(provider.languageModel(MODEL).stream("How many r in strawberry?"));

        CapturedRequest sent = upstream.awaitRequest(1, TIMEOUT);
        assertThat(sent.query()).hasValue("alt=sse");
        assertThat(sent.header("x-goog-api-key")).hasValue("test-key");
        assertThat(sent.bodyJson().at("/contents/0/parts/0/text").asText()).isEqualTo("How many r in strawberry?");
        StreamGrammar.assertWellFormed(parts);
        assertThat(Streams.text(parts)).startsWith("There are **3**").endsWith("st**r**awbe**rr**y");
        assertThat(((StreamPart.Finish) Streams.last(parts)).usage().output().total()).isEqualTo(23L + 185L);
    }

    @Test
    void anEndMarkerAddedByAProxyIsIgnored() {
        upstream.on("POST", STREAM).enqueue(Reply.fixture("google-gemini/google-text.chunks.txt", Framing.DATA_THEN_DONE));

        List<StreamPart> parts = Streams.collect(provider.languageModel(MODEL).stream("Hi"));

        StreamGrammar.assertWellFormed(parts);
        assertThat(((StreamPart.Finish) Streams.last(parts)).finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void aConnectionCutMidStreamEndsWithAnErrorNotAFinish() {
        upstream.on("POST", STREAM).enqueue(Reply.fixture("google-gemini/google-text.chunks.txt").toBuilder()
                .cutAfterEvents(1).build());

        List<StreamPart> parts = Streams.collect(provider.languageModel(MODEL).stream("Hi"));

        StreamGrammar.assertWellFormedUntilError(parts);
        assertThat(Streams.text(parts)).isEqualTo("There are **3**");
        assertThat(parts).noneMatch(StreamPart.Finish.class::isInstance);
        assertThat(((StreamPart.Error) Streams.last(parts)).error()).isInstanceOf(StreamInterruptedException.class);
    }

    @Test
    void aCleanCloseBeforeAnyFinishReasonIsAnInterruptedStream() {
        List<String> payloads = Fixtures.payloads("google-gemini/google-text.chunks.txt");
        upstream.on("POST", STREAM).enqueue(Reply.sse(Framing.DATA_ONLY, payloads.get(0), payloads.get(1)));

        List<StreamPart> parts = Streams.collect(provider.languageModel(MODEL).stream("Hi"));

        StreamGrammar.assertWellFormedUntilError(parts);
        assertThat(((StreamPart.Error) Streams.last(parts)).error())
                .isInstanceOf(StreamInterruptedException.class).hasMessageContaining("finishReason");
    }

    @Test
    void aMalformedChunkEndsTheStreamWithAnError() {
        List<String> payloads = Fixtures.payloads("google-gemini/google-text.chunks.txt");
        upstream.on("POST", STREAM).enqueue(Reply.sse(Framing.DATA_ONLY, payloads.get(0), "{\"candidates\":[{\"content\"",
                payloads.get(2)));

        List<StreamPart> parts = Streams.collect(provider.languageModel(MODEL).stream("Hi"));

        StreamGrammar.assertWellFormedUntilError(parts);
        assertThat(Streams.text(parts)).isEqualTo("There are **3**");
        assertThat(((StreamPart.Error) Streams.last(parts)).error()).isInstanceOf(UnexpectedResponseException.class)
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void anErrorChunkInsideTheStreamIsMappedLikeAnHttpError() {
        List<String> payloads = Fixtures.payloads("google-gemini/google-text.chunks.txt");
        upstream.on("POST", STREAM).enqueue(Reply.sse(Framing.DATA_ONLY, payloads.get(0),
                "{\"error\":{\"code\":503,\"message\":\"The model is overloaded. Please try again later.\","
                        + "\"status\":\"UNAVAILABLE\"}}"));

        List<StreamPart> parts = Streams.collect(provider.languageModel(MODEL).stream("Hi"));

        StreamGrammar.assertWellFormedUntilError(parts);
        StreamPart.Error error = (StreamPart.Error) Streams.last(parts);
        assertThat(error.error()).isInstanceOf(ProviderOverloadedException.class);
        assertThat(error.error().status()).isEqualTo(503);
        assertThat(error.error().isRetryable()).isTrue();
    }

    @Test
    void aRateLimitCarriesTheRetryInfoDelay() {
        upstream.on("POST", GENERATE).enqueue(Reply.json(429, RATE_LIMIT_BODY));
        upstream.on("POST", STREAM).enqueue(Reply.json(429, RATE_LIMIT_BODY));

        assertThatThrownBy(() -> provider.languageModel(MODEL).generate("Hi"))
                .isInstanceOfSatisfying(RateLimitedException.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(34_400)));
        List<StreamPart> parts = Streams.collect(provider.languageModel(MODEL).stream("Hi"));
        assertThat(parts).singleElement().isInstanceOfSatisfying(StreamPart.Error.class, error -> {
            assertThat(error.error()).isInstanceOf(RateLimitedException.class);
            assertThat(error.error().retryAfter()).isEqualTo(Duration.ofMillis(34_400));
        });
    }

    @Test
    void googleErrorsAreRefinedEvenOverATransportWithAnotherErrorMapper() {
        String invalidKey = "{\"error\":{\"code\":400,\"message\":\"API key not valid. Please pass a valid API key.\","
                + "\"status\":\"INVALID_ARGUMENT\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\","
                + "\"reason\":\"API_KEY_INVALID\",\"domain\":\"googleapis.com\"}]}}";
        upstream.on("POST", GENERATE).enqueue(Reply.json(429, RATE_LIMIT_BODY), Reply.json(400, invalidKey));
        upstream.on("POST", STREAM).enqueue(Reply.json(400, invalidKey));
        try (HttpTransport plain = HttpTransport.of(HttpTransportConfig.ofDefaults())) {
            GeminiLanguageModel model = GeminiProvider.builder().apiKey("test-key").baseUrl(upstream.uri("/v1beta"))
                    .transport(plain).build().languageModel(MODEL);

            assertThatThrownBy(() -> model.generate("Hi")).isInstanceOfSatisfying(RateLimitedException.class,
                    e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(34_400)));
            assertThatThrownBy(() -> model.generate("Hi")).isInstanceOf(AuthenticationException.class)
                    .hasMessageContaining("API key not valid");
            assertThat(((StreamPart.Error) Streams.last(Streams.collect(model.stream("Hi")))).error())
                    .isInstanceOf(AuthenticationException.class);
        }
    }

    @Test
    void aRequestThatCannotBeMappedFailsWithoutCallingGemini() {
        LanguageModelRequest orphanResult = LanguageModelRequest.builder()
                .message(Message.user("Hi"))
                .message(Message.tool(ToolResultPart.of("call_unknown", null, "42")))
                .build();

        List<StreamPart> parts = Streams.collect(provider.languageModel(MODEL).stream(orphanResult));
        CompletableFuture<LanguageModelResult> generated = provider.languageModel(MODEL).generateAsync(orphanResult);

        assertThat(parts).singleElement().isInstanceOfSatisfying(StreamPart.Error.class,
                error -> assertThat(error.error()).isInstanceOf(InvalidRequestException.class)
                        .hasMessageContaining("call_unknown"));
        assertThat(generated).isCompletedExceptionally();
        assertThat(upstream.requestCount()).isZero();
    }

    @Test
    void cancellingGenerateClosesTheUpstreamExchange() {
        upstream.on("POST", GENERATE).enqueue(Reply.builder().hang().build());

        CompletableFuture<LanguageModelResult> result = provider.languageModel(MODEL).generateAsync(LanguageModelRequest.of("Hi"));
        Exchange exchange = upstream.awaitExchange(1, TIMEOUT);
        result.cancel(true);

        exchange.awaitClientDisconnect(TIMEOUT);
        assertThat(exchange.clientDisconnected()).isTrue();
    }

    @Test
    void thoughtSignaturesOfAStreamedTurnGoBackOnTheNextTurn() {
        String fixture = "google-gemini/google-tool-call.chunks.txt";
        String signature = FixtureFacts.ofChunks(Fixtures.payloads(fixture)).signatures().iterator().next();
        upstream.on("POST", STREAM).enqueue(Reply.fixture(fixture));
        upstream.on("POST", GENERATE).enqueue(Reply.fixture("google-gemini/google-text.json"));
        GeminiLanguageModel model = provider.languageModel(MODEL);

        List<StreamPart> first = Streams.collect(model.stream("Weather in SF?"));
        AssistantMessage turn = assistantMessage(first);
        String callId = turn.toolCalls().get(0).toolCallId();
        model.generate(LanguageModelRequest.builder()
                .message(Message.user("Weather in SF?"))
                .message(turn)
                .message(Message.tool(ToolResultPart.of(callId, null, "{\"temperature\":18}")))
                .build());

        JsonNode contents = upstream.awaitRequest(2, TIMEOUT).bodyJson().get("contents");
        assertThat(contents.at("/1/role").asText()).isEqualTo("model");
        assertThat(contents.at("/1/parts/0/functionCall/name").asText()).isEqualTo("weather");
        assertThat(contents.at("/1/parts/0/functionCall/args/location").asText()).isEqualTo("San Francisco");
        assertThat(contents.at("/1/parts/0/thoughtSignature").asText()).isEqualTo(signature);
        assertThat(contents.at("/2/role").asText()).isEqualTo("user");
        assertThat(contents.at("/2/parts/0/functionResponse/name").asText()).isEqualTo("weather");
        assertThat(contents.at("/2/parts/0/functionResponse/response/temperature").asInt()).isEqualTo(18);
    }

    /** What a caller keeps of a streamed turn: its text and tool calls, with their metadata. */
    private static AssistantMessage assistantMessage(List<StreamPart> parts) {
        List<ContentPart> content = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (StreamPart part : parts) {
            if (part instanceof StreamPart.TextDelta delta) {
                text.append(delta.delta());
            } else if (part instanceof StreamPart.TextEnd end) {
                content.add(new TextPart(text.toString(), end.providerMetadata()));
                text.setLength(0);
            } else if (part instanceof StreamPart.ToolCall call) {
                content.add(new ToolCallPart(call.toolCallId(), call.toolName(), call.input(), call.providerMetadata()));
            }
        }
        return new AssistantMessage(content, ProviderMetadata.empty());
    }

    @Test
    void theModelNamesItsProviderAndId() {
        GeminiLanguageModel model = provider.languageModel("models/" + MODEL);

        assertThat(model.provider()).isEqualTo("gemini");
        assertThat(model.modelId()).isEqualTo("models/" + MODEL);
        assertThat(provider.toString()).doesNotContain("test-key");
        assertThatThrownBy(() -> GeminiProvider.builder().build()).isInstanceOf(IllegalStateException.class);
        try (GeminiProvider withHeader = GeminiProvider.builder().headers(Map.of("Authorization", "Bearer t")).build()) {
            assertThat(withHeader.baseUrl()).isEqualTo(GeminiProvider.DEFAULT_BASE_URL);
        }
    }
}
