package dev.ditto.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.models.messages.Message;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseStreamEvent;
import dev.ditto.provider.anthropic.AnthropicEdgeCodec;
import dev.ditto.provider.openai.responses.OpenAiResponsesEdgeCodec;
import dev.ditto.provider.openaicompatible.OpenAiCompatibleProfile;
import dev.ditto.provider.openaicompatible.OpenAiCompatibleProvider;
import dev.ditto.sdk.LanguageModelResult;
import dev.ditto.sdk.StreamPart;
import dev.ditto.sdk.http.HttpTransport;
import dev.ditto.testing.AnthropicJavaClient;
import dev.ditto.testing.ChatFixtureFacts;
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
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Translation round trips from OpenAI Chat Completions: a recorded chunk stream or completion
 * (from OpenAI, or from a vendor through its OpenAI-compatible profile) is served over real HTTP,
 * decoded by the OpenAI adapter, re-encoded by the Anthropic edge codec and read by
 * anthropic-java, and by the Responses edge codec and read by openai-java. What the client reads
 * (text, tool calls with parsed arguments, input and output tokens, finish reason) must be what
 * the recording says, as {@link ChatFixtureFacts} works it out from the raw JSON: input is
 * {@code prompt_tokens} (cached tokens included; anthropic-java sees them split into {@code
 * input_tokens} and {@code cache_read_input_tokens}), output is {@code completion_tokens}, plus
 * the reasoning tokens xAI leaves out of it.
 */
class OpenAiChatTranslationRoundTripTest {

    private static final String MODEL = "claude-sonnet-4-5";
    private static final String PATH = "/v1/chat/completions";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static HttpTransport transport;
    private static FakeUpstream chatApi;
    private static OpenAiJavaClient openAiJava;
    private static AnthropicJavaClient anthropicJava;

    @BeforeAll
    static void start() {
        transport = OpenAiTesting.transport();
        chatApi = FakeUpstream.start();
        openAiJava = new OpenAiJavaClient();
        anthropicJava = new AnthropicJavaClient();
    }

    @AfterAll
    static void stop() {
        anthropicJava.close();
        openAiJava.close();
        chatApi.close();
        transport.close();
    }

    /** Runs the adapter of a vendor: {@code openai}, a built-in profile name, or {@code generic}. */
    private static <T> T withModel(String vendor, Function<OpenAiChatLanguageModel, T> use) {
        if (vendor.equals("openai")) {
            try (OpenAiProvider provider = OpenAiProvider.builder().apiKey("sk-test").baseUrl(chatApi.uri("/v1"))
                    .transport(transport).build()) {
                return use.apply(provider.languageModel("model"));
            }
        }
        OpenAiCompatibleProfile profile = vendor.equals("generic") ? OpenAiCompatibleProfile.generic("fallback-gateway", null)
                : OpenAiCompatibleProfile.byName(vendor).orElseThrow();
        try (OpenAiCompatibleProvider provider = OpenAiCompatibleProvider.builder(profile).apiKey("key")
                .baseUrl(chatApi.uri("/v1")).transport(transport).build()) {
            return use.apply(provider.languageModel("model"));
        }
    }

    /** Serves the reply as the vendor and returns what the adapter decodes from it. */
    private static List<StreamPart> decode(String vendor, Reply reply) {
        chatApi.on("POST", PATH).enqueue(reply);
        CollectedStream stream = withModel(vendor, model -> CollectedStream.of(model.stream("Hi")));
        assertThat(stream.last()).isInstanceOf(StreamPart.Finish.class);
        return stream.parts();
    }

    /**
     * The answer a client must read: the recording's facts, the finish reason in the client's
     * words. A recording without usage (the fallback gateway's) is read as zero counts, which is
     * what the encoders write for unknown ones.
     */
    private static ClientAnswer expected(ChatFixtureFacts facts, String vendor, String finish) {
        long output = orZero(facts.usageCount("completion_tokens"));
        if (vendor.equals("xai")) {
            output += orZero(facts.usageCount("completion_tokens_details", "reasoning_tokens"));
        }
        return new ClientAnswer(facts.text(),
                facts.toolCalls().stream().map(call -> new ClientAnswer.Call(call.name(), call.arguments())).toList(),
                orZero(facts.usageCount("prompt_tokens")), output, finish);
    }

    private static long orZero(Long value) {
        return value == null ? 0L : value;
    }

    private static long cachedTokens(ChatFixtureFacts facts) {
        Long cached = facts.usageCount("prompt_tokens_details", "cached_tokens");
        Long deepSeek = facts.usageCount("prompt_cache_hit_tokens");
        return cached != null ? cached : deepSeek != null ? deepSeek : 0L;
    }

    private static void assertIds(List<String> ids, ChatFixtureFacts facts) {
        assertThat(ids).hasSameSizeAs(facts.toolCalls()).doesNotHaveDuplicates();
        for (int i = 0; i < ids.size(); i++) {
            String recorded = facts.toolCalls().get(i).id();
            assertThat(ids.get(i)).isEqualTo(recorded != null ? recorded : ids.get(i)).isNotBlank();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "openai-chat/openai-text.chunks.txt, openai",
        "mistral-chat/mistral-tool-call.chunks.txt, mistral",
        "mistral-chat/mistral-reasoning.chunks.txt, mistral",
        "openai-compatible-chat/anthropic-fallback-tool-call.sse, generic",
        "deepseek-chat/deepseek-text.chunks.txt, deepseek",
        "deepseek-chat/deepseek-reasoning.chunks.txt, deepseek",
        "xai-chat/xai-text.chunks.txt, xai"})
    void aRecordedStreamReachesAnthropicJavaAsMessagesEvents(String fixture, String vendor) {
        ChatFixtureFacts facts = ChatFixtureFacts.ofStream(Fixtures.payloads(fixture));

        Message message = anthropicJava.stream(EdgeStreams.toAnthropic(decode(vendor, Reply.fixture(fixture)), MODEL));

        assertThat(ClientAnswer.of(message))
                .isEqualTo(expected(facts, vendor, WireFinishReasons.anthropic(facts.unifiedFinishReason())));
        assertIds(message.content().stream().flatMap(block -> block.toolUse().stream()).map(use -> use.id()).toList(), facts);
        assertThat(message.usage().cacheReadInputTokens().orElse(0L)).isEqualTo(cachedTokens(facts));
        assertThat(message.content().stream().flatMap(block -> block.thinking().stream()).map(t -> t.thinking())
                .collect(Collectors.joining())).isEqualTo(facts.reasoning());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "openai-chat/openai-text.chunks.txt, openai",
        "mistral-chat/mistral-tool-call.chunks.txt, mistral",
        "openai-compatible-chat/anthropic-fallback-tool-call.sse, generic",
        "deepseek-chat/deepseek-text.chunks.txt, deepseek",
        "deepseek-chat/deepseek-reasoning.chunks.txt, deepseek",
        "xai-chat/xai-text.chunks.txt, xai"})
    void aRecordedStreamReachesOpenAiJavaAsResponsesEvents(String fixture, String vendor) {
        ChatFixtureFacts facts = ChatFixtureFacts.ofStream(Fixtures.payloads(fixture));
        ClientAnswer expected = expected(facts, vendor, WireFinishReasons.responses(facts.unifiedFinishReason()));

        List<ResponseStreamEvent> events = openAiJava.responsesStream(
                EdgeStreams.toResponses(decode(vendor, Reply.fixture(fixture)), MODEL));

        assertThat(ClientAnswer.ofStream(events)).isEqualTo(expected);
        assertThat(ClientAnswer.reconstructed(events)).isEqualTo(expected);
        Response completed = ClientAnswer.terminal(events);
        assertThat(ClientAnswer.of(completed)).isEqualTo(expected);
        assertIds(completed.output().stream().flatMap(item -> item.functionCall().stream()).map(call -> call.callId())
                .toList(), facts);
        assertThat(completed.usage().orElseThrow().inputTokensDetails().cachedTokens()).isEqualTo(cachedTokens(facts));
        assertThat(events.stream().flatMap(e -> e.reasoningSummaryTextDelta().stream()).map(d -> d.delta())
                .collect(Collectors.joining())).isEqualTo(facts.reasoning());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "openai-chat/openai-text.json, openai",
        "mistral-chat/mistral-tool-call.json, mistral",
        "deepseek-chat/deepseek-reasoning.json, deepseek"})
    void aRecordedCompletionReachesAnthropicJavaAsAMessageAndOpenAiJavaAsAResponse(String fixture, String vendor) {
        ChatFixtureFacts facts = ChatFixtureFacts.ofCompletion(Fixtures.text(fixture));
        chatApi.on("POST", PATH).enqueue(Reply.fixture(fixture));
        LanguageModelResult result = withModel(vendor, model -> model.generate("Hi"));

        Message message = anthropicJava.create(AnthropicEdgeCodec.ofDefaults().encodeResult(result, MODEL).toString());
        Response response = openAiJava.responsesCreate(
                OpenAiResponsesEdgeCodec.ofDefaults().encodeResult(result, MODEL).toString());

        assertThat(ClientAnswer.of(message))
                .isEqualTo(expected(facts, vendor, WireFinishReasons.anthropic(facts.unifiedFinishReason())));
        assertIds(message.content().stream().flatMap(block -> block.toolUse().stream()).map(use -> use.id()).toList(), facts);
        assertThat(message.usage().cacheReadInputTokens().orElse(0L)).isEqualTo(cachedTokens(facts));
        assertThat(message.content().stream().flatMap(block -> block.thinking().stream()).map(t -> t.thinking())
                .collect(Collectors.joining())).isEqualTo(facts.reasoning());
        assertThat(ClientAnswer.of(response))
                .isEqualTo(expected(facts, vendor, WireFinishReasons.responses(facts.unifiedFinishReason())));
    }

    /**
     * The Chat rows of the WIRE-FORMATS.md finish-reason table: a recording with its {@code
     * finish_reason} replaced, read as Anthropic and as Responses.
     */
    @ParameterizedTest(name = "{1} -> {2} / {3}")
    @CsvSource({
        "openai-chat/openai-text.chunks.txt, stop, end_turn, completed",
        "openai-chat/openai-text.chunks.txt, length, max_tokens, incomplete/max_output_tokens",
        "openai-chat/openai-text.chunks.txt, content_filter, refusal, incomplete/content_filter",
        "openai-chat/openai-text.chunks.txt, something_new, end_turn, completed",
        "mistral-chat/mistral-tool-call.chunks.txt, tool_calls, tool_use, completed",
        "mistral-chat/mistral-tool-call.chunks.txt, function_call, tool_use, completed"})
    void theFinishReasonBecomesTheClientsStopReason(String fixture, String finishReason, String anthropic,
            String responses) {
        String vendor = fixture.startsWith("mistral") ? "mistral" : "openai";
        List<String> payloads = Fixtures.payloads(fixture).stream()
                .map(payload -> withFinishReason(payload, finishReason)).toList();
        List<StreamPart> parts = decode(vendor, Reply.sse(Framing.DATA_THEN_DONE, payloads.toArray(String[]::new)));

        assertThat(ClientAnswer.of(anthropicJava.stream(EdgeStreams.toAnthropic(parts, MODEL))).finish())
                .isEqualTo(anthropic);
        assertThat(ClientAnswer.ofStream(openAiJava.responsesStream(EdgeStreams.toResponses(parts, MODEL))).finish())
                .isEqualTo(responses);
    }

    private static String withFinishReason(String payload, String finishReason) {
        try {
            JsonNode chunk = JSON.readTree(payload);
            JsonNode choice = chunk.path("choices").path(0);
            if (!choice.hasNonNull("finish_reason")) {
                return payload;
            }
            ((ObjectNode) choice).put("finish_reason", finishReason);
            return chunk.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
