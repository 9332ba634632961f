package dev.ditto.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.FinishReason;
import dev.ditto.sdk.StreamInterruptedException;
import dev.ditto.sdk.StreamPart;
import dev.ditto.sdk.UnexpectedResponseException;
import dev.ditto.sdk.http.SseEvent;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The stream decoder on synthetic chunk sequences: the tool-call fragment quirks of compatible
 * servers (WIRE-FORMATS gotcha 4), block ordering, and how streams end.
 */
class ChatStreamDecoderTest {

    private static final String HEAD = "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,";

    private static String delta(String delta) {
        return HEAD + "\"delta\":" + delta + ",\"finish_reason\":null}]}";
    }

    private static String tools(String fragments) {
        return delta("{\"tool_calls\":" + fragments + "}");
    }

    private static String finish(String reason) {
        return HEAD + "\"delta\":{},\"finish_reason\":\"" + reason + "\"}]}";
    }

    private static List<StreamPart> decode(OpenAiChatDialect dialect, boolean done, String... payloads) {
        OpenAiClient client = new OpenAiClient("openai", (m, p) -> URI.create("http://localhost" + p), Map.of(),
                OpenAiTesting.unusable(), dialect, List.of("openai"));
        ChatStreamDecoder decoder = new ChatStreamDecoder(client, List.of(), ErrorDetails.of("openai", "m"));
        List<StreamPart> parts = new ArrayList<>();
        for (String payload : payloads) {
            decoder.onEvent(SseEvent.of(payload), parts::add);
        }
        if (done) {
            decoder.onEvent(SseEvent.of(SseEvent.DONE), parts::add);
        }
        decoder.onEnd(parts::add);
        return parts;
    }

    private static List<StreamPart> decode(String... payloads) {
        return decode(OpenAiChatDialect.openAi(), true, payloads);
    }

    private static List<StreamPart.ToolCall> calls(List<StreamPart> parts) {
        return parts.stream().filter(StreamPart.ToolCall.class::isInstance).map(StreamPart.ToolCall.class::cast).toList();
    }

    @Test
    void parallelToolCallsKeyedByIndex() {
        List<StreamPart> parts = decode(
                delta("{\"role\":\"assistant\",\"content\":null}"),
                tools("[{\"index\":0,\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"weather\",\"arguments\":\"\"}}]"),
                tools("[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]"),
                tools("[{\"index\":0,\"function\":{\"arguments\":\"\\\"Paris\\\"}\"}}]"),
                tools("[{\"index\":1,\"id\":\"call_b\",\"type\":\"function\",\"function\":{\"name\":\"time\",\"arguments\":\"{}\"}}]"),
                finish("tool_calls"));

        assertThat(calls(parts)).extracting(StreamPart.ToolCall::toolCallId, StreamPart.ToolCall::toolName,
                StreamPart.ToolCall::input).containsExactly(
                        tuple("call_a", "weather", "{\"city\":\"Paris\"}"), tuple("call_b", "time", "{}"));
        assertThat(parts).filteredOn(StreamPart.ToolInputDelta.class::isInstance)
                .extracting(part -> ((StreamPart.ToolInputDelta) part).delta())
                .containsExactly("{\"city\":", "\"Paris\"}", "{}");
        assertThat(((StreamPart.Finish) parts.get(parts.size() - 1)).finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertWellFormed(parts);
    }

    @Test
    void fragmentsWithoutIndexContinueTheLastCallAndANewIdStartsAnother() {
        List<StreamPart> parts = decode(
                tools("[{\"id\":\"A\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\"\"}}]"),
                tools("[{\"function\":{\"arguments\":\":1}\"}}]"),
                tools("[{\"id\":\"B\",\"function\":{\"name\":\"g\",\"arguments\":\"\"}}]"),
                finish("tool_calls"));

        assertThat(calls(parts)).extracting(StreamPart.ToolCall::toolCallId, StreamPart.ToolCall::toolName,
                StreamPart.ToolCall::input).containsExactly(tuple("A", "f", "{\"a\":1}"), tuple("B", "g", "{}"));
        assertWellFormed(parts);
    }

    @Test
    void aRepeatedIndexZeroWithANewIdIsANewCall() {
        List<StreamPart> parts = decode(
                tools("[{\"index\":0,\"id\":\"A\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]"),
                tools("[{\"index\":0,\"id\":\"B\",\"function\":{\"name\":\"g\",\"arguments\":\"{\\\"x\\\":1}\"}}]"),
                finish("tool_calls"));

        assertThat(calls(parts)).extracting(StreamPart.ToolCall::toolCallId, StreamPart.ToolCall::toolName,
                StreamPart.ToolCall::input).containsExactly(tuple("A", "f", "{}"), tuple("B", "g", "{\"x\":1}"));
    }

    @Test
    void aRepeatedIndexWithoutIdsStartsANewCallOnceTheArgumentsAreComplete() {
        List<StreamPart> parts = decode(
                tools("[{\"index\":0,\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"q\\\":\"}}]"),
                tools("[{\"index\":0,\"function\":{\"name\":\"f\",\"arguments\":\"1}\"}}]"),
                tools("[{\"index\":0,\"function\":{\"name\":\"g\",\"arguments\":\"{}\"}}]"),
                finish("tool_calls"));

        List<StreamPart.ToolCall> calls = calls(parts);
        assertThat(calls).extracting(StreamPart.ToolCall::toolName, StreamPart.ToolCall::input)
                .containsExactly(tuple("f", "{\"q\":1}"), tuple("g", "{}"));
        assertThat(calls.get(0).toolCallId()).startsWith("call_").isNotEqualTo(calls.get(1).toolCallId());
    }

    @Test
    void aNameThatArrivesAfterTheIdStartsTheCallThen() {
        List<StreamPart> parts = decode(
                tools("[{\"index\":0,\"id\":\"A\",\"type\":\"function\",\"function\":{\"arguments\":\"\"}}]"),
                tools("[{\"index\":0,\"function\":{\"name\":\"f\"}}]"),
                tools("[{\"index\":0,\"function\":{\"arguments\":\"{\\\"k\\\":2}\"}}]"),
                finish("tool_calls"));

        assertThat(parts).filteredOn(StreamPart.ToolInputStart.class::isInstance).singleElement()
                .isEqualTo(new StreamPart.ToolInputStart("A", "f"));
        assertThat(calls(parts)).extracting(StreamPart.ToolCall::input).containsExactly("{\"k\":2}");
    }

    @Test
    void theDeprecatedFunctionCallDeltaBecomesAToolCall() {
        List<StreamPart> parts = decode(
                delta("{\"function_call\":{\"name\":\"lookup\",\"arguments\":\"\"}}"),
                delta("{\"function_call\":{\"arguments\":\"{\\\"id\\\":7}\"}}"),
                finish("function_call"));

        assertThat(calls(parts)).singleElement().satisfies(call -> {
            assertThat(call.toolName()).isEqualTo("lookup");
            assertThat(call.input()).isEqualTo("{\"id\":7}");
        });
        assertThat(((StreamPart.Finish) parts.get(parts.size() - 1)).finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    }

    @Test
    void reasoningTextAndRefusalAreSeparateBlocks() {
        List<StreamPart> parts = decode(
                delta("{\"reasoning_content\":\"Let me\"}"),
                delta("{\"reasoning\":\" think.\"}"),
                delta("{\"content\":\"Hi\"}"),
                delta("{\"refusal\":\"No.\"}"),
                finish("stop"));

        assertThat(parts).extracting(part -> part.getClass().getSimpleName()).containsExactly("StreamStart",
                "ReasoningStart", "ReasoningDelta", "ReasoningDelta", "ReasoningEnd", "TextStart", "TextDelta", "TextEnd",
                "TextStart", "TextDelta", "TextEnd", "Finish");
        assertThat(((StreamPart.TextStart) parts.get(8)).providerMetadata().get("openai", "refusal")).isPresent();
        assertWellFormed(parts);
    }

    @Test
    void azuresLeadingPromptFilterChunkDoesNotStartTheStreamWithoutAnId() {
        List<StreamPart> parts = decode(
                "{\"choices\":[],\"created\":0,\"id\":\"\",\"model\":\"\",\"object\":\"\","
                        + "\"prompt_filter_results\":[{\"prompt_index\":0,\"content_filter_results\":{}}]}",
                delta("{\"role\":\"assistant\",\"content\":\"Hi\"}"),
                finish("stop"));

        assertThat(parts.get(0)).isEqualTo(new StreamPart.StreamStart(List.of(), "c1", "m"));
        assertThat(parts).filteredOn(StreamPart.StreamStart.class::isInstance).hasSize(1);
    }

    @Test
    void logprobsOfEveryChunkAreCollectedIntoTheFinishMetadata() {
        String withLogprobs = HEAD + "\"delta\":{\"content\":\"%s\"},\"logprobs\":{\"content\":[{\"token\":\"%s\","
                + "\"logprob\":-0.5,\"top_logprobs\":[]}]},\"finish_reason\":null}]}";

        List<StreamPart> parts = decode(String.format(withLogprobs, "He", "He"), String.format(withLogprobs, "y", "y"),
                finish("stop"));

        StreamPart.Finish finish = (StreamPart.Finish) parts.get(parts.size() - 1);
        assertThat(finish.providerMetadata().get("openai", "logprobs").orElseThrow().get("content"))
                .extracting(token -> token.get("token").asText()).containsExactly("He", "y");
    }

    @Test
    void doneWithoutAFinishReasonFinishesAsOther() {
        List<StreamPart> parts = decode(delta("{\"content\":\"x\"}"));

        StreamPart.Finish finish = (StreamPart.Finish) parts.get(parts.size() - 1);
        assertThat(finish.finishReason()).isEqualTo(FinishReason.OTHER);
        assertThat(finish.rawFinishReason()).isNull();
    }

    @Test
    void aStrictDialectRejectsABodyThatEndsWithoutDone() {
        assertThatThrownBy(() -> decode(OpenAiChatDialect.openAi(), false, delta("{\"content\":\"x\"}"), finish("stop")))
                .isInstanceOf(StreamInterruptedException.class)
                .hasMessageContaining("[DONE]");
    }

    @Test
    void aLenientDialectFinishesAfterTheFinishReason() {
        OpenAiChatDialect lenient = OpenAiChatDialect.builder().requireDoneMarker(false).build();

        List<StreamPart> parts = decode(lenient, false, delta("{\"content\":\"x\"}"), finish("length"));

        assertThat(((StreamPart.Finish) parts.get(parts.size() - 1)).finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThatThrownBy(() -> decode(lenient, false, delta("{\"content\":\"x\"}")))
                .isInstanceOf(StreamInterruptedException.class);
    }

    @Test
    void aToolCallWithoutANameIsMalformed() {
        assertThatThrownBy(() -> decode(tools("[{\"index\":0,\"id\":\"A\",\"function\":{\"arguments\":\"{}\"}}]"),
                finish("tool_calls")))
                .isInstanceOf(UnexpectedResponseException.class)
                .hasMessageContaining("without a function name");
    }

    /** Every block is opened once, fed, and closed before the finish part. */
    private static void assertWellFormed(List<StreamPart> parts) {
        Set<String> open = new HashSet<>();
        assertThat(parts.get(0)).isInstanceOf(StreamPart.StreamStart.class);
        for (StreamPart part : parts) {
            if (part instanceof StreamPart.TextStart s) {
                assertThat(open.add("t" + s.id())).isTrue();
            } else if (part instanceof StreamPart.ReasoningStart s) {
                assertThat(open.add("r" + s.id())).isTrue();
            } else if (part instanceof StreamPart.ToolInputStart s) {
                assertThat(open.add("c" + s.id())).isTrue();
            } else if (part instanceof StreamPart.TextEnd e) {
                assertThat(open.remove("t" + e.id())).isTrue();
            } else if (part instanceof StreamPart.ReasoningEnd e) {
                assertThat(open.remove("r" + e.id())).isTrue();
            } else if (part instanceof StreamPart.ToolInputEnd e) {
                assertThat(open.remove("c" + e.id())).isTrue();
            } else if (part instanceof StreamPart.TextDelta d) {
                assertThat(open).contains("t" + d.id());
            } else if (part instanceof StreamPart.ToolInputDelta d) {
                assertThat(open).contains("c" + d.id());
            }
        }
        assertThat(open).isEmpty();
        assertThat(parts.get(parts.size() - 1)).isInstanceOf(StreamPart.Finish.class);
    }
}
