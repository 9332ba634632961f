package dev.ditto.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.models.messages.Message;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseReasoningItem;
import com.openai.models.responses.ResponseStreamEvent;
import dev.ditto.provider.openai.OpenAiChatEdgeCodec;
import dev.ditto.provider.openai.OpenAiProvider;
import dev.ditto.provider.openai.responses.OpenAiResponsesEdgeCodec;
import dev.ditto.sdk.LanguageModelRequest;
import dev.ditto.sdk.LanguageModelResult;
import dev.ditto.sdk.ResponseFormat;
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
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Translation round trips from Anthropic: a recorded Messages stream or message is served over
 * real HTTP, decoded by the Anthropic adapter, re-encoded by the OpenAI Chat and Responses edge
 * codecs, and read by openai-java. What the client reads (text, tool calls with parsed
 * arguments, input and output tokens, finish reason) must be what the recording says, as
 * {@link FixtureFacts} works it out from the raw JSON: input is {@code input_tokens +
 * cache_creation_input_tokens + cache_read_input_tokens} and output the final {@code
 * output_tokens}, never a sum of the cumulative counts.
 *
 * <p>A second hop sends the Chat chunks through the OpenAI adapter and the Anthropic edge codec
 * to anthropic-java, so a stop reason such as {@code tool_use} goes out as {@code tool_calls}
 * and comes back as {@code tool_use}.
 *
 * <p>Server-tool blocks (code execution and the like) have no OpenAI counterpart and are left
 * out; client tool calls, text, usage and reasoning are not.
 */
class AnthropicTranslationRoundTripTest {

    private static final String MODEL = "claude-sonnet-4-5";
    private static final String FOLDER = AnthropicFixturesTest.FOLDER + "/";

    private static FakeUpstream anthropicApi;
    private static FakeUpstream openAiApi;
    private static AnthropicProvider anthropic;
    private static OpenAiProvider openAi;
    private static OpenAiJavaClient openAiJava;
    private static AnthropicJavaClient anthropicJava;

    @BeforeAll
    static void start() {
        anthropicApi = FakeUpstream.start();
        openAiApi = FakeUpstream.start();
        anthropic = AnthropicProvider.builder().apiKey("test-key").baseUrl(anthropicApi.uri("/v1")).build();
        openAi = OpenAiProvider.builder().apiKey("sk-test").baseUrl(openAiApi.uri("/v1")).build();
        openAiJava = new OpenAiJavaClient();
        anthropicJava = new AnthropicJavaClient();
    }

    @AfterAll
    static void stop() {
        anthropicJava.close();
        openAiJava.close();
        openAi.close();
        anthropic.close();
        openAiApi.close();
        anthropicApi.close();
    }

    /** Serves the reply as Anthropic and returns what the Anthropic adapter decodes from it. */
    private static List<StreamPart> decode(Reply reply) {
        return decode(reply, LanguageModelRequest.of("Hi"));
    }

    private static List<StreamPart> decode(Reply reply, LanguageModelRequest request) {
        anthropicApi.on("POST", "/v1/messages").enqueue(reply);
        CollectedStream stream = CollectedStream.of(anthropic.languageModel(MODEL).stream(request));
        assertThat(stream.last()).isInstanceOf(StreamPart.Finish.class);
        return stream.parts();
    }

    private static FixtureFacts streamFacts(String name) {
        return FixtureFacts.ofStream(AnthropicFixturesTest.events(name + ".chunks.txt"), false);
    }

    /** The answer a client must read: the recording's facts, the finish reason in the client's words. */
    private static ClientAnswer expected(FixtureFacts facts, String finish) {
        return new ClientAnswer(facts.text(),
                facts.toolCalls().stream().map(call -> new ClientAnswer.Call(call.name(), call.arguments())).toList(),
                Objects.requireNonNull(facts.inputTokens(), "input tokens"),
                Objects.requireNonNull(facts.outputTokens(), "output tokens"), finish);
    }

    private static List<String> callIds(FixtureFacts facts) {
        return facts.toolCalls().stream().map(FixtureFacts.Call::id).toList();
    }

    private static long orZero(Long value) {
        return value == null ? 0L : value;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"anthropic-text", "anthropic-tool-no-args", "anthropic-json-other-tool.1",
        "anthropic-json-tool.1", "anthropic-clear-thinking.1", "anthropic-combined-context-editing.1",
        "anthropic-code-execution-20260120-prompt-cache.1", "anthropic-refusal"})
    void aRecordedStreamReachesOpenAiJavaAsChatChunks(String name) {
        FixtureFacts facts = streamFacts(name);

        ChatCompletion completion = openAiJava.chatStream(
                EdgeStreams.toChat(decode(Reply.fixture(FOLDER + name + ".chunks.txt")), MODEL));

        assertThat(ClientAnswer.of(completion)).isEqualTo(expected(facts, WireFinishReasons.chat(facts.finishReason())));
        assertThat(completion.choices().get(0).message().toolCalls().orElse(List.of()))
                .extracting(call -> call.asFunction().id()).containsExactlyElementsOf(callIds(facts));
        assertThat(completion.usage().orElseThrow().promptTokensDetails().orElseThrow().cachedTokens())
                .hasValue(orZero(facts.cacheRead()));
        assertThat(completion.id()).isEqualTo(facts.id());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"anthropic-text", "anthropic-tool-no-args", "anthropic-json-other-tool.1",
        "anthropic-json-tool.1", "anthropic-clear-thinking.1", "anthropic-combined-context-editing.1",
        "anthropic-code-execution-20260120-prompt-cache.1", "anthropic-refusal"})
    void aRecordedStreamReachesOpenAiJavaAsResponsesEvents(String name) {
        FixtureFacts facts = streamFacts(name);
        ClientAnswer expected = expected(facts, WireFinishReasons.responses(facts.finishReason()));

        List<ResponseStreamEvent> events = openAiJava.responsesStream(
                EdgeStreams.toResponses(decode(Reply.fixture(FOLDER + name + ".chunks.txt")), MODEL));

        assertThat(ClientAnswer.ofStream(events)).isEqualTo(expected);
        assertThat(ClientAnswer.reconstructed(events)).isEqualTo(expected);
        Response completed = ClientAnswer.terminal(events);
        assertThat(ClientAnswer.of(completed)).isEqualTo(expected);
        assertThat(completed.output().stream().flatMap(item -> item.functionCall().stream()))
                .extracting(call -> call.callId()).containsExactlyElementsOf(callIds(facts));
        assertThat(events.stream().flatMap(e -> e.reasoningSummaryTextDelta().stream()).map(d -> d.delta())
                .collect(Collectors.joining())).isEqualTo(facts.reasoning());
        assertThat(reasoning(completed)).isEqualTo(facts.reasoning());
        assertThat(completed.usage().orElseThrow().inputTokensDetails().cachedTokens()).isEqualTo(orZero(facts.cacheRead()));
    }

    private static String reasoning(Response response) {
        return response.output().stream().flatMap(item -> item.reasoning().stream())
                .flatMap(item -> item.summary().stream()).map(ResponseReasoningItem.Summary::text)
                .collect(Collectors.joining());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"anthropic-text", "anthropic-tool-no-args", "anthropic-json-other-tool.1",
        "anthropic-clear-thinking.1", "anthropic-refusal"})
    void aRecordedMessageReachesOpenAiJavaAsACompletionAndAResponse(String name) {
        FixtureFacts facts = FixtureFacts.ofMessage(FixtureFacts.parse(Fixtures.text(FOLDER + name + ".json")), false);
        anthropicApi.on("POST", "/v1/messages").enqueue(Reply.fixture(FOLDER + name + ".json"));
        LanguageModelResult result = anthropic.languageModel(MODEL).generate("Hi");

        ChatCompletion completion = openAiJava.chatCreate(OpenAiChatEdgeCodec.ofDefaults().encodeResult(result, MODEL).toString());
        Response response = openAiJava.responsesCreate(
                OpenAiResponsesEdgeCodec.ofDefaults().encodeResult(result, MODEL).toString());

        assertThat(ClientAnswer.of(completion)).isEqualTo(expected(facts, WireFinishReasons.chat(facts.finishReason())));
        assertThat(completion.choices().get(0).message().toolCalls().orElse(List.of()))
                .extracting(call -> call.asFunction().id()).containsExactlyElementsOf(callIds(facts));
        assertThat(ClientAnswer.of(response)).isEqualTo(expected(facts, WireFinishReasons.responses(facts.finishReason())));
        assertThat(reasoning(response)).isEqualTo(facts.reasoning());
        assertThat(response.output().stream().flatMap(item -> item.functionCall().stream()))
                .extracting(call -> call.callId()).containsExactlyElementsOf(callIds(facts));
    }

    /**
     * A JSON response format goes to Anthropic as the synthetic {@code json} tool; its input comes
     * back to an OpenAI client as the answer text with a plain stop, unless the model called
     * another tool instead.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"anthropic-json-tool.1", "anthropic-json-other-tool.1"})
    void aJsonFormatAnswerReachesOpenAiJavaAsText(String name) {
        FixtureFacts facts = FixtureFacts.ofStream(AnthropicFixturesTest.events(name + ".chunks.txt"), true);
        LanguageModelRequest request = LanguageModelRequest.builder().message(dev.ditto.sdk.message.Message.user("Weather?"))
                .responseFormat(ResponseFormat.jsonSchema("weather", FixtureFacts.JSON.createObjectNode().put("type", "object")))
                .build();
        List<StreamPart> parts = decode(Reply.fixture(FOLDER + name + ".chunks.txt"), request);

        ClientAnswer chat = ClientAnswer.of(openAiJava.chatStream(EdgeStreams.toChat(parts, MODEL)));
        ClientAnswer responses = ClientAnswer.ofStream(openAiJava.responsesStream(EdgeStreams.toResponses(parts, MODEL)));

        assertSameJsonAnswer(chat, expected(facts, WireFinishReasons.chat(facts.finishReason())));
        assertSameJsonAnswer(responses, expected(facts, WireFinishReasons.responses(facts.finishReason())));
    }

    private static void assertSameJsonAnswer(ClientAnswer actual, ClientAnswer expected) {
        if (expected.text().isEmpty()) {
            assertThat(actual.text()).isEmpty();
        } else {
            assertThat(FixtureFacts.parse(actual.text())).isEqualTo(FixtureFacts.parse(expected.text()));
        }
        assertThat(withoutText(actual)).isEqualTo(withoutText(expected));
    }

    private static ClientAnswer withoutText(ClientAnswer answer) {
        return new ClientAnswer("", answer.toolCalls(), answer.inputTokens(), answer.outputTokens(), answer.finish());
    }

    /** Anthropic, then Chat chunks, then the OpenAI adapter, then Anthropic again: the answer is the recording's. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"anthropic-text", "anthropic-tool-no-args", "anthropic-json-other-tool.1",
        "anthropic-clear-thinking.1", "anthropic-code-execution-20260120-prompt-cache.1"})
    void aRecordedStreamSurvivesAnthropicToChatToAnthropic(String name) {
        FixtureFacts facts = streamFacts(name);

        Message message = twoHops(decode(Reply.fixture(FOLDER + name + ".chunks.txt")));

        assertThat(ClientAnswer.of(message)).isEqualTo(expected(facts, Objects.requireNonNull(facts.stopReason())));
        assertThat(message.content().stream().flatMap(block -> block.toolUse().stream()).map(use -> use.id()))
                .containsExactlyElementsOf(callIds(facts));
        assertThat(message.content().stream().flatMap(block -> block.thinking().stream()).map(t -> t.thinking())
                .collect(Collectors.joining())).isEqualTo(facts.reasoning());
        assertThat(message.usage().inputTokens()).isEqualTo(orZero(facts.noCacheTokens()));
        assertThat(message.usage().cacheReadInputTokens().orElse(0L)).isEqualTo(orZero(facts.cacheRead()));
        assertThat(message.usage().cacheCreationInputTokens().orElse(0L)).isEqualTo(orZero(facts.cacheWrite()));
    }

    private static Message twoHops(List<StreamPart> fromAnthropic) {
        openAiApi.on("POST", "/v1/chat/completions").enqueue(Reply.sse(EdgeStreams.toChat(fromAnthropic, "gpt-4.1")));
        CollectedStream fromChat = CollectedStream.of(openAi.languageModel("gpt-4.1").stream("Hi"));
        assertThat(fromChat.last()).isInstanceOf(StreamPart.Finish.class);
        return anthropicJava.stream(EdgeStreams.toAnthropic(fromChat.parts(), MODEL));
    }

    /**
     * The stop-reason rows of the WIRE-FORMATS.md finish-reason table: a recording with its final
     * {@code stop_reason} replaced, read as Chat, as Responses, and as Anthropic after the Chat hop.
     */
    @ParameterizedTest(name = "{1} -> {2} / {3} / {4}")
    @CsvSource({
        "anthropic-text, end_turn, stop, completed, end_turn",
        "anthropic-text, stop_sequence, stop, completed, end_turn",
        "anthropic-text, pause_turn, stop, completed, end_turn",
        "anthropic-text, max_tokens, length, incomplete/max_output_tokens, max_tokens",
        "anthropic-text, model_context_window_exceeded, length, incomplete/max_output_tokens, max_tokens",
        "anthropic-text, refusal, content_filter, incomplete/content_filter, refusal",
        "anthropic-text, compaction, stop, completed, end_turn",
        "anthropic-json-other-tool.1, tool_use, tool_calls, completed, tool_use"})
    void theStopReasonBecomesTheClientsFinishReason(String name, String stopReason, String chat, String responses,
            String backToAnthropic) {
        List<String> payloads = Fixtures.payloads(FOLDER + name + ".chunks.txt").stream()
                .map(payload -> withStopReason(payload, stopReason)).toList();
        List<StreamPart> parts = decode(Reply.sse(Framing.NAMED_EVENTS, payloads.toArray(String[]::new)));

        assertThat(ClientAnswer.of(openAiJava.chatStream(EdgeStreams.toChat(parts, MODEL))).finish()).isEqualTo(chat);
        assertThat(ClientAnswer.ofStream(openAiJava.responsesStream(EdgeStreams.toResponses(parts, MODEL))).finish())
                .isEqualTo(responses);
        assertThat(ClientAnswer.of(twoHops(parts)).finish()).isEqualTo(backToAnthropic);
    }

    private static String withStopReason(String payload, String stopReason) {
        JsonNode event = FixtureFacts.parse(payload);
        if (!event.path("type").asText().equals("message_delta")) {
            return payload;
        }
        ((ObjectNode) event.path("delta")).put("stop_reason", stopReason);
        return event.toString();
    }
}
