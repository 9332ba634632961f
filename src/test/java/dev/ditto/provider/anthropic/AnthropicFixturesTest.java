package dev.ditto.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.LanguageModelResult;
import dev.ditto.sdk.StreamPart;
import dev.ditto.sdk.UnexpectedResponseException;
import dev.ditto.sdk.Usage;
import dev.ditto.sdk.message.ProviderPart;
import dev.ditto.sdk.message.ReasoningPart;
import dev.ditto.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every recorded Anthropic response, streamed and whole, decoded and checked against the facts
 * read from the raw JSON by {@link FixtureFacts}.
 */
class AnthropicFixturesTest {

    static final String FOLDER = "anthropic-messages";
    /** Synthetic streams with their own expectations, tested below. */
    private static final String SPLICED = "spliced-message-start.chunks.txt";

    static Stream<String> files(String suffix) throws IOException {
        try (Stream<Path> files = Files.list(Fixtures.dir().resolve(FOLDER))) {
            return files.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(suffix)).sorted()
                    .toList().stream();
        }
    }

    static Stream<String> streams() throws IOException {
        return files(".chunks.txt").filter(name -> !name.equals(SPLICED));
    }

    static Stream<String> messages() throws IOException {
        return files(".json");
    }

    /** The recordings made with a JSON response format, which the AI SDK sends as the synthetic json tool. */
    static boolean jsonMode(String file) {
        return file.contains("json-tool") || file.contains("json-other-tool");
    }

    static List<JsonNode> events(String file) {
        return Fixtures.payloads(FOLDER + "/" + file).stream().map(FixtureFacts::parse).toList();
    }

    /** Splits a recording of several calls (multi-step tool use) into one event list per message. */
    static List<List<JsonNode>> messagesOf(List<JsonNode> events) {
        List<List<JsonNode>> messages = new ArrayList<>();
        List<JsonNode> current = new ArrayList<>();
        for (JsonNode event : events) {
            current.add(event);
            if (event.path("type").asText().equals("message_stop")) {
                messages.add(current);
                current = new ArrayList<>();
            }
        }
        assertThat(current).as("events after the last message_stop").isEmpty();
        return messages;
    }

    static StreamParts decode(List<JsonNode> events, boolean jsonMode) {
        AnthropicStreamDecoder decoder = new AnthropicStreamDecoder(List.of(), jsonMode ? ToolMapper.JSON_TOOL : null,
                ErrorDetails.of("anthropic", "test"));
        return StreamParts.decode(decoder, events.stream().map(JsonNode::toString).toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void decodesEveryRecordedStream(String file) {
        List<List<JsonNode>> messages = messagesOf(events(file));
        assertThat(messages).isNotEmpty();
        for (List<JsonNode> message : messages) {
            FixtureFacts facts = FixtureFacts.ofStream(message, jsonMode(file));
            StreamParts parts = decode(message, jsonMode(file));

            assertThat(parts.error()).as("error").isNull();
            assertThat(parts.start()).hasValueSatisfying(start -> assertThat(start.responseId()).isEqualTo(facts.id()));
            assertText(parts.text(), facts.text(), jsonMode(file));
            assertThat(parts.reasoning()).isEqualTo(facts.reasoning());
            assertToolCalls(parts.toolCalls().stream()
                    .map(call -> new FixtureFacts.Call(call.toolCallId(), call.toolName(), FixtureFacts.parse(call.input())))
                    .toList(), facts);
            assertThat(parts.providerParts()).hasSize(facts.providerBlocks());
            assertThat(signatures(parts)).isEqualTo(facts.signature());
            StreamPart.Finish finish = parts.finish();
            assertUsage(finish.usage(), facts);
            assertThat(finish.rawFinishReason()).isEqualTo(facts.stopReason());
            assertThat(finish.finishReason()).isEqualTo(facts.finishReason());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void decodesEveryRecordedMessage(String file) {
        JsonNode json = FixtureFacts.parse(Fixtures.text(FOLDER + "/" + file));
        FixtureFacts facts = FixtureFacts.ofMessage(json, jsonMode(file));

        LanguageModelResult result = ResponseMapper.toResult(WireMessage.read(json, "response"), List.of(),
                jsonMode(file) ? ToolMapper.JSON_TOOL : null);

        assertThat(result.responseId()).isEqualTo(facts.id());
        assertText(result.text(), facts.text(), jsonMode(file));
        assertThat(result.reasoningText()).isEqualTo(facts.reasoning());
        assertThat(result.content().stream().filter(ReasoningPart.class::isInstance)
                .map(part -> String.valueOf(((ReasoningPart) part).signature())).reduce("", String::concat))
                .isEqualTo(facts.signature());
        assertToolCalls(result.toolCalls().stream()
                .map(call -> new FixtureFacts.Call(call.toolCallId(), call.toolName(), FixtureFacts.parse(call.arguments())))
                .toList(), facts);
        assertThat(result.content()).filteredOn(ProviderPart.class::isInstance).hasSize(facts.providerBlocks());
        assertUsage(result.usage(), facts);
        assertThat(result.rawFinishReason()).isEqualTo(facts.stopReason());
        assertThat(result.finishReason()).isEqualTo(facts.finishReason());
    }

    @Test
    void aRecordingOfSeveralCallsDecodesAsItsFirstMessage() {
        List<JsonNode> events = events("anthropic-tool-search-bm25.1.chunks.txt");
        FixtureFacts first = FixtureFacts.ofStream(messagesOf(events).get(0), false);

        StreamParts parts = decode(events, false);

        assertThat(parts.all(StreamPart.Finish.class)).hasSize(1);
        assertThat(parts.start().orElseThrow().responseId()).isEqualTo(first.id());
        assertThat(parts.toolCalls()).extracting(StreamPart.ToolCall::toolName).containsExactly("get_weather");
        assertThat(parts.finish().usage().output().total()).isEqualTo(first.outputTokens());
    }

    @Test
    void aDuplicateMessageStartForTheOpenMessageIsIgnored() {
        StreamParts parts = decode(events("duplicate-message-start.chunks.txt"), false);

        assertThat(parts.all(StreamPart.StreamStart.class)).singleElement()
                .satisfies(start -> assertThat(start.responseId()).isEqualTo("msg_dup"));
        assertThat(parts.text()).isEqualTo("Hello, World!");
        assertThat(parts.finish().usage().input().total()).isEqualTo(17L);
        assertThat(parts.finish().usage().output().total()).isEqualTo(227L);
    }

    @Test
    void aDifferentMessageStartingWhileOneIsOpenEndsTheStreamWithAnError() {
        StreamParts parts = decode(events(SPLICED), false);

        assertThat(parts.error()).isInstanceOf(UnexpectedResponseException.class)
                .hasMessageContaining("msg_second").hasMessageContaining("msg_first");
        assertThat(parts.all(StreamPart.StreamStart.class)).singleElement()
                .satisfies(start -> assertThat(start.responseId()).isEqualTo("msg_first"));
        assertThat(parts.toolCalls()).isEmpty();
        assertThat(parts.all(StreamPart.Finish.class)).isEmpty();
    }

    @Test
    void emptyToolArgumentsBecomeAnEmptyObject() {
        StreamParts parts = decode(events("anthropic-tool-no-args.chunks.txt"), false);

        assertThat(parts.toolCalls()).singleElement().satisfies(call -> {
            assertThat(call.toolName()).isEqualTo("updateIssueList");
            assertThat(call.input()).isEqualTo("{}");
        });
        assertThat(parts.all(StreamPart.ToolInputDelta.class)).isEmpty();
    }

    @Test
    void theJsonToolBecomesTheAnswerTextAndStopsLikeText() {
        StreamParts parts = decode(events("anthropic-json-tool.1.chunks.txt"), true);

        assertThat(parts.toolCalls()).isEmpty();
        assertThat(FixtureFacts.parse(parts.text()).path("elements").get(0).path("location").asText())
                .isEqualTo("San Francisco");
        assertThat(parts.finish().finishReason()).isEqualTo(dev.ditto.sdk.FinishReason.STOP);
        assertThat(parts.finish().rawFinishReason()).isEqualTo("tool_use");
    }

    @Test
    void thinkingKeepsItsSignatureForTheNextTurn() {
        StreamParts parts = decode(events("anthropic-clear-thinking.1.chunks.txt"), false);

        StreamPart.ReasoningEnd end = parts.all(StreamPart.ReasoningEnd.class).get(0);
        assertThat(end.providerMetadata().string("anthropic", "signature").orElseThrow()).startsWith("EvQBCkYICxgC");
    }

    @Test
    void messageDeltaRevisesInputTokensInsteadOfAddingToThem() {
        StreamParts parts = decode(events("anthropic-fallback.chunks.txt"), false);

        Usage usage = parts.finish().usage();
        assertThat(usage.input().total()).isEqualTo(412L);
        assertThat(usage.output().total()).isEqualTo(264L);
    }

    private static String signatures(StreamParts parts) {
        StringBuilder signature = new StringBuilder();
        parts.all(StreamPart.ReasoningEnd.class).forEach(end ->
                signature.append(end.providerMetadata().string("anthropic", "signature").orElse("")));
        return signature.toString();
    }

    private static void assertText(String actual, String expected, boolean jsonMode) {
        if (jsonMode && !expected.isEmpty()) {
            assertThat(FixtureFacts.parse(actual)).isEqualTo(FixtureFacts.parse(expected));
        } else {
            assertThat(actual).isEqualTo(expected);
        }
    }

    private static void assertToolCalls(List<FixtureFacts.Call> actual, FixtureFacts facts) {
        assertThat(actual).containsExactlyElementsOf(facts.toolCalls());
    }

    private static void assertUsage(Usage usage, FixtureFacts facts) {
        assertThat(usage.input().total()).as("input total").isEqualTo(facts.inputTokens());
        assertThat(usage.input().noCache()).as("input without cache").isEqualTo(facts.noCacheTokens());
        assertThat(usage.input().cacheRead()).as("cache read").isEqualTo(facts.cacheRead());
        assertThat(usage.input().cacheWrite()).as("cache write").isEqualTo(facts.cacheWrite());
        assertThat(usage.output().total()).as("output").isEqualTo(facts.outputTokens());
    }
}
