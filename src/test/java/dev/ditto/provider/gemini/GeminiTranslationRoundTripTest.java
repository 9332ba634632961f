package dev.ditto.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.models.messages.Message;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseReasoningItem;
import com.openai.models.responses.ResponseStreamEvent;
import dev.ditto.provider.anthropic.AnthropicEdgeCodec;
import dev.ditto.provider.openai.OpenAiChatEdgeCodec;
import dev.ditto.provider.openai.responses.OpenAiResponsesEdgeCodec;
import dev.ditto.sdk.LanguageModelResult;
import dev.ditto.sdk.StreamPart;
import dev.ditto.testing.AnthropicJavaClient;
import dev.ditto.testing.ClientAnswer;
import dev.ditto.testing.CollectedStream;
import dev.ditto.testing.EdgeStreams;
import dev.ditto.testing.FakeUpstream;
import dev.ditto.testing.Fixtures;
import dev.ditto.testing.Framing;
import dev.ditto.testing.OpenAiJavaClient;
import dev.ditto.testing.Reply;
import dev.ditto.testing.WireFinishReasons;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Translation round trips from Gemini: a recorded {@code streamGenerateContent} stream or {@code
 * generateContent} answer is served over real HTTP, decoded by the Gemini adapter, re-encoded by
 * the OpenAI Chat, Responses and Anthropic edge codecs, and read by openai-java and
 * anthropic-java. What the client reads (text, tool calls with parsed arguments, input and output
 * tokens, finish reason) must be what the recording says, as {@link FixtureFacts} works it out
 * from the raw JSON: input is the last {@code promptTokenCount}, output the last {@code
 * candidatesTokenCount + thoughtsTokenCount} (cumulative counts are never summed), and a {@code
 * STOP} with function calls is a tool-call finish.
 *
 * <p>Gemini calls carry no ids; the adapter makes them, so the test checks that every call has
 * its own.
 */
class GeminiTranslationRoundTripTest {

    private static final String MODEL = "gemini-2.5-flash";
    private static final String FOLDER = "google-gemini/";
    private static final String STREAM = "/v1beta/models/" + MODEL + ":streamGenerateContent";
    private static final String GENERATE = "/v1beta/models/" + MODEL + ":generateContent";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static FakeUpstream geminiApi;
    private static GeminiProvider gemini;
    private static OpenAiJavaClient openAiJava;
    private static AnthropicJavaClient anthropicJava;

    @BeforeAll
    static void start() {
        geminiApi = FakeUpstream.start();
        gemini = GeminiProvider.builder().apiKey("test-key").baseUrl(geminiApi.uri("/v1beta")).build();
        openAiJava = new OpenAiJavaClient();
        anthropicJava = new AnthropicJavaClient();
    }

    @AfterAll
    static void stop() {
        anthropicJava.close();
        openAiJava.close();
        gemini.close();
        geminiApi.close();
    }

    /** Serves the reply as Gemini and returns what the Gemini adapter decodes from it. */
    private static List<StreamPart> decode(Reply reply) {
        geminiApi.on("POST", STREAM).enqueue(reply);
        CollectedStream stream = CollectedStream.of(gemini.languageModel(MODEL).stream("Hi"));
        assertThat(stream.last()).isInstanceOf(StreamPart.Finish.class);
        return stream.parts();
    }

    private static FixtureFacts streamFacts(String name) {
        return FixtureFacts.ofChunks(Fixtures.payloads(FOLDER + name + ".chunks.txt"));
    }

    /** The answer a client must read: the recording's facts, the finish reason in the client's words. */
    private static ClientAnswer expected(FixtureFacts facts, String finish) {
        return new ClientAnswer(facts.text(),
                facts.calls().stream().map(call -> new ClientAnswer.Call(call.name(), call.args())).toList(),
                facts.inputTokens(), facts.outputTokens(), finish);
    }

    private static long cachedTokens(FixtureFacts facts) {
        return facts.usage().path("cachedContentTokenCount").asLong(0L);
    }

    private static void assertOwnIds(Stream<String> ids, FixtureFacts facts) {
        List<String> list = ids.toList();
        assertThat(list).hasSize(facts.calls().size()).doesNotHaveDuplicates().allSatisfy(id -> assertThat(id).isNotBlank());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"google-text", "google-tool-call", "google-reasoning", "google-stream-tool-call-arguments",
        "google-stream-no-args-tool-call"})
    void aRecordedStreamReachesOpenAiJavaAsChatChunks(String name) {
        FixtureFacts facts = streamFacts(name);

        ChatCompletion completion = openAiJava.chatStream(
                EdgeStreams.toChat(decode(Reply.fixture(FOLDER + name + ".chunks.txt")), MODEL));

        assertThat(ClientAnswer.of(completion))
                .isEqualTo(expected(facts, WireFinishReasons.chat(facts.unifiedFinishReason())));
        assertOwnIds(completion.choices().get(0).message().toolCalls().orElse(List.of()).stream()
                .map(call -> call.asFunction().id()), facts);
        assertThat(completion.usage().orElseThrow().promptTokensDetails().orElseThrow().cachedTokens())
                .hasValue(cachedTokens(facts));
        assertThat(completion.usage().orElseThrow().completionTokensDetails().orElseThrow().reasoningTokens())
                .hasValue(facts.usage().path("thoughtsTokenCount").asLong(0L));
        assertThat(completion.id()).isEqualTo(facts.responseId());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"google-text", "google-tool-call", "google-reasoning", "google-stream-tool-call-arguments",
        "google-stream-no-args-tool-call"})
    void aRecordedStreamReachesOpenAiJavaAsResponsesEvents(String name) {
        FixtureFacts facts = streamFacts(name);
        ClientAnswer expected = expected(facts, WireFinishReasons.responses(facts.unifiedFinishReason()));

        List<ResponseStreamEvent> events = openAiJava.responsesStream(
                EdgeStreams.toResponses(decode(Reply.fixture(FOLDER + name + ".chunks.txt")), MODEL));

        assertThat(ClientAnswer.ofStream(events)).isEqualTo(expected);
        assertThat(ClientAnswer.reconstructed(events)).isEqualTo(expected);
        Response completed = ClientAnswer.terminal(events);
        assertThat(ClientAnswer.of(completed)).isEqualTo(expected);
        assertOwnIds(completed.output().stream().flatMap(item -> item.functionCall().stream()).map(call -> call.callId()),
                facts);
        assertThat(events.stream().flatMap(e -> e.reasoningSummaryTextDelta().stream()).map(d -> d.delta())
                .collect(Collectors.joining())).isEqualTo(facts.reasoning());
        assertThat(reasoning(completed)).isEqualTo(facts.reasoning());
        assertThat(completed.usage().orElseThrow().inputTokensDetails().cachedTokens()).isEqualTo(cachedTokens(facts));
        assertThat(completed.usage().orElseThrow().outputTokensDetails().reasoningTokens())
                .isEqualTo(facts.usage().path("thoughtsTokenCount").asLong(0L));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"google-text", "google-tool-call", "google-reasoning", "google-stream-tool-call-arguments",
        "google-stream-no-args-tool-call"})
    void aRecordedStreamReachesAnthropicJavaAsMessagesEvents(String name) {
        FixtureFacts facts = streamFacts(name);

        Message message = anthropicJava.stream(
                EdgeStreams.toAnthropic(decode(Reply.fixture(FOLDER + name + ".chunks.txt")), MODEL));

        assertThat(ClientAnswer.of(message))
                .isEqualTo(expected(facts, WireFinishReasons.anthropic(facts.unifiedFinishReason())));
        assertOwnIds(message.content().stream().flatMap(block -> block.toolUse().stream()).map(use -> use.id()), facts);
        assertThat(message.content().stream().flatMap(block -> block.thinking().stream()).map(t -> t.thinking())
                .collect(Collectors.joining())).isEqualTo(facts.reasoning());
    }

    private static String reasoning(Response response) {
        return response.output().stream().flatMap(item -> item.reasoning().stream())
                .flatMap(item -> item.summary().stream()).map(ResponseReasoningItem.Summary::text)
                .collect(Collectors.joining());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"google-text", "google-tool-call", "google-reasoning"})
    void aRecordedAnswerReachesTheClientsAsACompletionAResponseAndAMessage(String name) {
        FixtureFacts facts = FixtureFacts.ofResponse(Fixtures.text(FOLDER + name + ".json"));
        geminiApi.on("POST", GENERATE).enqueue(Reply.fixture(FOLDER + name + ".json"));
        LanguageModelResult result = gemini.languageModel(MODEL).generate("Hi");

        ChatCompletion completion = openAiJava.chatCreate(OpenAiChatEdgeCodec.ofDefaults().encodeResult(result, MODEL).toString());
        Response response = openAiJava.responsesCreate(
                OpenAiResponsesEdgeCodec.ofDefaults().encodeResult(result, MODEL).toString());
        Message message = anthropicJava.create(AnthropicEdgeCodec.ofDefaults().encodeResult(result, MODEL).toString());

        assertThat(ClientAnswer.of(completion))
                .isEqualTo(expected(facts, WireFinishReasons.chat(facts.unifiedFinishReason())));
        assertThat(ClientAnswer.of(response))
                .isEqualTo(expected(facts, WireFinishReasons.responses(facts.unifiedFinishReason())));
        assertThat(reasoning(response)).isEqualTo(facts.reasoning());
        assertThat(ClientAnswer.of(message))
                .isEqualTo(expected(facts, WireFinishReasons.anthropic(facts.unifiedFinishReason())));
    }

    /**
     * The Gemini rows of the WIRE-FORMATS.md finish-reason table: a recording with its final
     * {@code finishReason} replaced, read as Chat, as Responses and as Anthropic.
     */
    @ParameterizedTest(name = "{1} -> {2} / {3} / {4}")
    @CsvSource({
        "google-text, STOP, stop, completed, end_turn",
        "google-text, MAX_TOKENS, length, incomplete/max_output_tokens, max_tokens",
        "google-text, SAFETY, content_filter, incomplete/content_filter, refusal",
        "google-text, RECITATION, content_filter, incomplete/content_filter, refusal",
        "google-text, BLOCKLIST, content_filter, incomplete/content_filter, refusal",
        "google-text, PROHIBITED_CONTENT, content_filter, incomplete/content_filter, refusal",
        "google-text, SPII, content_filter, incomplete/content_filter, refusal",
        "google-text, IMAGE_SAFETY, content_filter, incomplete/content_filter, refusal",
        "google-text, OTHER, stop, completed, end_turn",
        "google-text, LANGUAGE, stop, completed, end_turn",
        "google-text, FINISH_REASON_UNSPECIFIED, stop, completed, end_turn",
        "google-text, SOME_FUTURE_REASON, stop, completed, end_turn",
        "google-tool-call, STOP, tool_calls, completed, tool_use"})
    void theFinishReasonBecomesTheClientsFinishReason(String name, String finishReason, String chat, String responses,
            String anthropic) {
        List<String> payloads = Fixtures.payloads(FOLDER + name + ".chunks.txt").stream()
                .map(payload -> withFinishReason(payload, finishReason)).toList();
        List<StreamPart> parts = decode(Reply.sse(Framing.DATA_ONLY, payloads.toArray(String[]::new)));

        assertThat(ClientAnswer.of(openAiJava.chatStream(EdgeStreams.toChat(parts, MODEL))).finish()).isEqualTo(chat);
        assertThat(ClientAnswer.ofStream(openAiJava.responsesStream(EdgeStreams.toResponses(parts, MODEL))).finish())
                .isEqualTo(responses);
        assertThat(ClientAnswer.of(anthropicJava.stream(EdgeStreams.toAnthropic(parts, MODEL))).finish())
                .isEqualTo(anthropic);
    }

    private static String withFinishReason(String payload, String finishReason) {
        try {
            JsonNode chunk = JSON.readTree(payload);
            JsonNode candidate = chunk.path("candidates").path(0);
            if (!candidate.has("finishReason")) {
                return payload;
            }
            ((ObjectNode) candidate).put("finishReason", finishReason);
            return chunk.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
