package dev.ditto.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.FinishReason;
import dev.ditto.sdk.ProviderOverloadedException;
import dev.ditto.sdk.StreamPart;
import dev.ditto.sdk.Usage;
import dev.ditto.sdk.http.SseEvent;
import dev.ditto.sdk.message.ProviderMetadata;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The event sequence the stream encoder produces, checked event by event. */
class AnthropicStreamEncoderTest {

    private final AnthropicStreamEncoder encoder = AnthropicEdgeCodec.ofDefaults().newStreamEncoder("claude-test");

    private List<SseEvent> encodeAll(StreamPart... parts) {
        List<SseEvent> events = new ArrayList<>();
        for (StreamPart part : parts) {
            events.addAll(encoder.encode(part));
        }
        events.addAll(encoder.finish());
        return events;
    }

    private static List<String> types(List<SseEvent> events) {
        return events.stream().map(SseEvent::event).toList();
    }

    private static JsonNode data(SseEvent event) {
        JsonNode data = FixtureFacts.parse(event.data());
        assertThat(data.path("type").asText()).as("data type equals the event name").isEqualTo(event.event());
        return data;
    }

    @Test
    void toolCallsStreamedAtOnceAreSentOneBlockAfterTheOther() {
        List<SseEvent> events = encodeAll(
                new StreamPart.StreamStart(List.of(), "chatcmpl-1", "gpt-x"),
                new StreamPart.ToolInputStart("call_a", "a"),
                new StreamPart.ToolInputDelta("call_a", "{\"x\":"),
                new StreamPart.ToolInputStart("call_b", "b"),
                new StreamPart.ToolInputDelta("call_b", "{\"y\":2}"),
                new StreamPart.ToolInputDelta("call_a", "1}"),
                new StreamPart.ToolInputEnd("call_a"),
                new StreamPart.ToolCall("call_a", "a", "{\"x\":1}", ProviderMetadata.empty()),
                new StreamPart.ToolInputEnd("call_b"),
                new StreamPart.ToolCall("call_b", "b", "{\"y\":2}", ProviderMetadata.empty()),
                new StreamPart.Finish(Usage.builder().inputTokens(10L).outputTokens(5L).build(), FinishReason.TOOL_CALLS,
                        "tool_calls", ProviderMetadata.empty()));

        assertThat(types(events)).containsExactly("message_start",
                "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop",
                "content_block_start", "content_block_delta", "content_block_stop",
                "message_delta", "message_stop");
        assertThat(data(events.get(0)).path("message").path("id").asText()).isEqualTo("chatcmpl-1");
        assertThat(data(events.get(0)).path("message").path("model").asText()).isEqualTo("claude-test");
        assertThat(data(events.get(1)).path("content_block").path("id").asText()).isEqualTo("call_a");
        assertThat(data(events.get(3)).path("delta").path("partial_json").asText()).isEqualTo("1}");
        assertThat(data(events.get(5)).path("index").asInt()).isEqualTo(1);
        assertThat(data(events.get(5)).path("content_block").path("id").asText()).isEqualTo("call_b");
        JsonNode delta = data(events.get(8));
        assertThat(delta.path("delta").path("stop_reason").asText()).isEqualTo("tool_use");
        assertThat(delta.path("usage").path("input_tokens").asLong()).isEqualTo(10);
        assertThat(delta.path("usage").path("output_tokens").asLong()).isEqualTo(5);
    }

    @Test
    void aToolCallWithoutStreamedInputIsSentAsAWholeBlock() {
        List<SseEvent> events = encodeAll(
                new StreamPart.ToolCall("fc_1", "lookup", "{\"q\":\"x\"}", ProviderMetadata.empty()),
                new StreamPart.Finish(Usage.empty(), FinishReason.TOOL_CALLS, null, ProviderMetadata.empty()));

        assertThat(types(events)).containsExactly("message_start", "content_block_start", "content_block_delta",
                "content_block_stop", "message_delta", "message_stop");
        assertThat(data(events.get(2)).path("delta").path("partial_json").asText()).isEqualTo("{\"q\":\"x\"}");
    }

    @Test
    void thinkingGetsItsSignatureBeforeItStops() {
        ProviderMetadata signed = ProviderMetadata.empty().with("anthropic", "signature", "sig-9");
        List<SseEvent> events = encodeAll(
                new StreamPart.ReasoningStart("r", ProviderMetadata.empty()),
                new StreamPart.ReasoningDelta("r", "thinking...", ProviderMetadata.empty()),
                new StreamPart.ReasoningEnd("r", signed),
                new StreamPart.Finish(Usage.empty(), FinishReason.STOP, "end_turn", ProviderMetadata.empty()));

        assertThat(types(events)).containsExactly("message_start", "content_block_start", "content_block_delta",
                "content_block_delta", "content_block_stop", "message_delta", "message_stop");
        assertThat(data(events.get(1)).path("content_block").path("type").asText()).isEqualTo("thinking");
        assertThat(data(events.get(3)).path("delta").path("type").asText()).isEqualTo("signature_delta");
        assertThat(data(events.get(3)).path("delta").path("signature").asText()).isEqualTo("sig-9");
    }

    @Test
    void anErrorEndsTheStreamWithAnErrorEvent() {
        List<SseEvent> events = encodeAll(
                new StreamPart.TextStart("t", ProviderMetadata.empty()),
                new StreamPart.TextDelta("t", "Hel"),
                new StreamPart.Error(new ProviderOverloadedException("Overloaded", ErrorDetails.empty())),
                new StreamPart.TextDelta("t", "lo"));

        assertThat(types(events)).containsExactly("message_start", "content_block_start", "content_block_delta", "error");
        assertThat(data(events.get(3)).path("error").path("type").asText()).isEqualTo("overloaded_error");
        assertThat(encoder.isDone()).isTrue();
    }

    @Test
    void aStreamThatStopsWithoutFinishingEndsWithAnErrorEvent() {
        List<SseEvent> events = encodeAll(
                new StreamPart.TextStart("t", ProviderMetadata.empty()),
                new StreamPart.TextDelta("t", "Hel"));

        assertThat(types(events)).endsWith("error");
        assertThat(types(events)).doesNotContain("message_stop");
        assertThat(data(events.get(events.size() - 1)).path("error").path("type").asText()).isEqualTo("api_error");
    }

    @Test
    void theStopSequenceAndStopReasonSurviveFromAnthropic() {
        List<SseEvent> events = encodeAll(new StreamPart.Finish(Usage.empty(), FinishReason.STOP, "stop_sequence",
                ProviderMetadata.empty().with("anthropic", "stop_sequence", "END")));

        JsonNode delta = data(events.get(1)).path("delta");
        assertThat(delta.path("stop_reason").asText()).isEqualTo("stop_sequence");
        assertThat(delta.path("stop_sequence").asText()).isEqualTo("END");
        assertThat(encoder.ping().event()).isEqualTo("ping");
    }
}
