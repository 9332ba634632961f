package dev.ditto.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.TextBlock;
import com.anthropic.models.messages.ThinkingBlock;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.FinishReason;
import dev.ditto.sdk.LanguageModelResult;
import dev.ditto.sdk.StreamPart;
import dev.ditto.sdk.Usage;
import dev.ditto.sdk.http.SseEvent;
import dev.ditto.sdk.message.ProviderMetadata;
import dev.ditto.sdk.message.ReasoningPart;
import dev.ditto.sdk.message.TextPart;
import dev.ditto.sdk.message.ToolCallPart;
import dev.ditto.testing.AnthropicJavaClient;
import dev.ditto.testing.Fixtures;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The official anthropic-java client is the judge of what the edge codec writes: encoded
 * messages and streams are served from a local server and read with {@code messages().create}
 * and {@code messages().createStreaming} (accumulated by the client's own {@link MessageAccumulator}).
 */
class AnthropicJavaCompatibilityTest {

    private static final AnthropicEdgeCodec CODEC = AnthropicEdgeCodec.ofDefaults();

    private static AnthropicJavaClient client;

    @BeforeAll
    static void start() {
        client = new AnthropicJavaClient();
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    /** The parts an OpenAI-style source streams: foreign reasoning, text, and two tool calls at once. */
    static List<StreamPart> unifiedStream() {
        return List.of(
                new StreamPart.StreamStart(List.of(), "chatcmpl-abc", "gpt-4.1"),
                new StreamPart.ReasoningStart("r", ProviderMetadata.empty()),
                new StreamPart.ReasoningDelta("r", "Thinking about it", ProviderMetadata.empty()),
                new StreamPart.ReasoningEnd("r", ProviderMetadata.empty()),
                new StreamPart.TextStart("t", ProviderMetadata.empty()),
                new StreamPart.TextDelta("t", "Hello"),
                new StreamPart.TextDelta("t", " world"),
                new StreamPart.TextEnd("t", ProviderMetadata.empty()),
                new StreamPart.ToolInputStart("call_1", "get_weather"),
                new StreamPart.ToolInputDelta("call_1", "{\"city\":"),
                new StreamPart.ToolInputStart("call_2", "get_time"),
                new StreamPart.ToolInputDelta("call_2", "{\"tz\":\"UTC\"}"),
                new StreamPart.ToolInputDelta("call_1", "\"Paris\"}"),
                new StreamPart.ToolInputEnd("call_1"),
                new StreamPart.ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}", ProviderMetadata.empty()),
                new StreamPart.ToolInputEnd("call_2"),
                new StreamPart.ToolCall("call_2", "get_time", "{\"tz\":\"UTC\"}", ProviderMetadata.empty()),
                new StreamPart.Finish(usage(), FinishReason.TOOL_CALLS, "tool_calls", ProviderMetadata.empty()));
    }

    static Usage usage() {
        return Usage.builder().inputTokens(120L).cacheReadTokens(20L).outputTokens(45L).reasoningTokens(10L).build();
    }

    @Test
    void readsAnEncodedStream() {
        AnthropicStreamEncoder encoder = CODEC.newStreamEncoder("claude-sonnet-4-5");
        List<SseEvent> events = new ArrayList<>();
        unifiedStream().forEach(part -> events.addAll(encoder.encode(part)));
        events.addAll(encoder.finish());

        Message message = client.stream(events);

        assertUnifiedAnswer(message);
    }

    @Test
    void readsAnEncodedMessage() {
        LanguageModelResult result = LanguageModelResult.builder()
                .addContent(ReasoningPart.of("Thinking about it"))
                .addContent(TextPart.of("Hello world"))
                .addContent(ToolCallPart.of("call_1", "get_weather", "{\"city\":\"Paris\"}"))
                .addContent(ToolCallPart.of("call_2", "get_time", "{\"tz\":\"UTC\"}"))
                .finishReason(FinishReason.TOOL_CALLS, "tool_calls")
                .usage(usage())
                .responseId("chatcmpl-abc")
                .build();
        Message message = client.create(AnthropicJson.write(CODEC.encodeResult(result, "claude-sonnet-4-5")));

        assertUnifiedAnswer(message);
    }

    private static void assertUnifiedAnswer(Message message) {
        assertThat(message.id()).isEqualTo("chatcmpl-abc");
        assertThat(message.model().asString()).isEqualTo("claude-sonnet-4-5");
        assertThat(message.content().stream().flatMap(block -> block.thinking().stream()).map(ThinkingBlock::thinking))
                .containsExactly("Thinking about it");
        assertThat(text(message)).isEqualTo("Hello world");
        assertThat(toolCalls(message)).containsExactly(
                new FixtureFacts.Call("call_1", "get_weather", FixtureFacts.parse("{\"city\":\"Paris\"}")),
                new FixtureFacts.Call("call_2", "get_time", FixtureFacts.parse("{\"tz\":\"UTC\"}")));
        assertThat(message.stopReason()).hasValue(StopReason.TOOL_USE);
        assertThat(message.usage().inputTokens()).isEqualTo(100);
        assertThat(message.usage().cacheReadInputTokens()).hasValue(20L);
        assertThat(message.usage().outputTokens()).isEqualTo(45);
    }

    static Stream<String> recordedStreams() throws IOException {
        return AnthropicFixturesTest.streams();
    }

    /** Recorded stream, decoded by the adapter, re-encoded by the codec: the client sees what the original said. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("recordedStreams")
    void readsARecordedStreamDecodedAndReEncoded(String file) {
        boolean jsonMode = AnthropicFixturesTest.jsonMode(file);
        for (List<JsonNode> original : AnthropicFixturesTest.messagesOf(AnthropicFixturesTest.events(file))) {
            FixtureFacts facts = FixtureFacts.ofStream(original, jsonMode);
            StreamParts decoded = AnthropicFixturesTest.decode(original, jsonMode);
            AnthropicStreamEncoder encoder = CODEC.newStreamEncoder("claude-sonnet-4-5");
            List<SseEvent> events = new ArrayList<>();
            decoded.parts().forEach(part -> events.addAll(encoder.encode(part)));
            events.addAll(encoder.finish());

            assertSameAnswer(client.stream(events), facts, jsonMode);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.ditto.provider.anthropic.AnthropicFixturesTest#messages")
    void readsARecordedMessageDecodedAndReEncoded(String file) {
        boolean jsonMode = AnthropicFixturesTest.jsonMode(file);
        JsonNode original = FixtureFacts.parse(Fixtures.text(AnthropicFixturesTest.FOLDER + "/" + file));
        LanguageModelResult result = ResponseMapper.toResult(WireMessage.read(original, "response"), List.of(),
                jsonMode ? ToolMapper.JSON_TOOL : null);
        Message message = client.create(AnthropicJson.write(CODEC.encodeResult(result, "claude-sonnet-4-5")));

        assertSameAnswer(message, FixtureFacts.ofMessage(original, jsonMode), jsonMode);
    }

    private static void assertSameAnswer(Message message, FixtureFacts facts, boolean jsonMode) {
        assertThat(message.id()).isEqualTo(facts.id());
        if (jsonMode && !facts.text().isEmpty()) {
            assertThat(FixtureFacts.parse(text(message))).isEqualTo(FixtureFacts.parse(facts.text()));
        } else {
            assertThat(text(message)).isEqualTo(facts.text());
        }
        assertThat(toolCalls(message)).containsExactlyElementsOf(facts.toolCalls());
        assertThat(message.content().stream().flatMap(block -> block.thinking().stream()).map(ThinkingBlock::thinking)
                .reduce("", String::concat)).isEqualTo(facts.reasoning());
        assertThat(message.content().stream().flatMap(block -> block.thinking().stream()).map(ThinkingBlock::signature)
                .reduce("", String::concat)).isEqualTo(facts.signature());
        assertThat(message.content().stream().filter(AnthropicJavaCompatibilityTest::isProviderBlock).count())
                .isEqualTo(facts.providerBlocks());
        assertThat(message.usage().inputTokens()).isEqualTo(orZero(facts.noCacheTokens()));
        assertThat(message.usage().cacheReadInputTokens().orElse(0L)).isEqualTo(orZero(facts.cacheRead()));
        assertThat(message.usage().cacheCreationInputTokens().orElse(0L)).isEqualTo(orZero(facts.cacheWrite()));
        assertThat(message.usage().outputTokens()).isEqualTo(orZero(facts.outputTokens()));
        String expectedStop = facts.stopReason() == null || jsonMode && facts.finishReason() == FinishReason.STOP
                ? StopReasons.toAnthropic(facts.finishReason(), null) : facts.stopReason();
        assertThat(message.stopReason().map(StopReason::asString)).hasValue(expectedStop);
    }

    private static boolean isProviderBlock(ContentBlock block) {
        return !block.isText() && !block.isThinking() && !block.isRedactedThinking() && !block.isToolUse();
    }

    private static long orZero(Long value) {
        return value == null ? 0L : value;
    }

    private static String text(Message message) {
        return message.content().stream().flatMap(block -> block.text().stream()).map(TextBlock::text)
                .reduce("", String::concat);
    }

    private static List<FixtureFacts.Call> toolCalls(Message message) {
        return message.content().stream().flatMap(block -> block.toolUse().stream())
                .map(use -> new FixtureFacts.Call(use.id(), use.name(), use._input().convert(JsonNode.class)))
                .toList();
    }

    @Test
    void theAdapterDecodesWhatTheCodecEncodes() {
        AnthropicStreamEncoder encoder = CODEC.newStreamEncoder("claude-sonnet-4-5");
        List<String> payloads = new ArrayList<>();
        unifiedStream().forEach(part -> encoder.encode(part).forEach(event -> payloads.add(event.data())));

        StreamParts parts = StreamParts.decode(new AnthropicStreamDecoder(List.of(), null, ErrorDetails.empty()), payloads);

        assertThat(parts.text()).isEqualTo("Hello world");
        assertThat(parts.toolCalls()).extracting(StreamPart.ToolCall::input)
                .containsExactly("{\"city\":\"Paris\"}", "{\"tz\":\"UTC\"}");
        assertThat(parts.finish().usage().input().total()).isEqualTo(120L);
        assertThat(parts.finish().usage().output().reasoning()).isEqualTo(10L);
        assertThat(parts.finish().finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    }
}
