package dev.ditto.provider.anthropic;

import dev.ditto.sdk.SdkException;
import dev.ditto.sdk.StreamPart;
import dev.ditto.sdk.http.SseEvent;
import dev.ditto.sdk.http.SseStreamDecoder;
import dev.ditto.sdk.message.ProviderPart;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The parts of one decoded stream, with the facts tests compare: text, reasoning, tool calls, finish. */
record StreamParts(List<StreamPart> parts) {

    /** Runs a decoder over payloads the way the transport does: a thrown exception ends the stream as an error part. */
    static StreamParts decode(SseStreamDecoder decoder, List<String> payloads) {
        List<StreamPart> parts = new ArrayList<>();
        try {
            for (String payload : payloads) {
                decoder.onEvent(SseEvent.of(payload), parts::add);
                if (!parts.isEmpty() && parts.get(parts.size() - 1) instanceof StreamPart.Error) {
                    return new StreamParts(parts);
                }
            }
            decoder.onEnd(parts::add);
        } catch (SdkException e) {
            parts.add(new StreamPart.Error(e));
        }
        return new StreamParts(parts);
    }

    String text() {
        StringBuilder text = new StringBuilder();
        parts.stream().filter(StreamPart.TextDelta.class::isInstance)
                .forEach(part -> text.append(((StreamPart.TextDelta) part).delta()));
        return text.toString();
    }

    String reasoning() {
        StringBuilder text = new StringBuilder();
        parts.stream().filter(StreamPart.ReasoningDelta.class::isInstance)
                .forEach(part -> text.append(((StreamPart.ReasoningDelta) part).delta()));
        return text.toString();
    }

    List<StreamPart.ToolCall> toolCalls() {
        return parts.stream().filter(StreamPart.ToolCall.class::isInstance).map(StreamPart.ToolCall.class::cast).toList();
    }

    List<ProviderPart> providerParts() {
        return parts.stream().filter(StreamPart.Content.class::isInstance)
                .map(part -> ((StreamPart.Content) part).part())
                .filter(ProviderPart.class::isInstance).map(ProviderPart.class::cast).toList();
    }

    Optional<StreamPart.StreamStart> start() {
        return parts.stream().filter(StreamPart.StreamStart.class::isInstance).map(StreamPart.StreamStart.class::cast)
                .findFirst();
    }

    StreamPart.Finish finish() {
        StreamPart last = parts.get(parts.size() - 1);
        if (!(last instanceof StreamPart.Finish finish)) {
            throw new AssertionError("the stream did not finish: last part " + last);
        }
        return finish;
    }

    @Nullable SdkException error() {
        StreamPart last = parts.isEmpty() ? null : parts.get(parts.size() - 1);
        return last instanceof StreamPart.Error error ? error.error() : null;
    }

    <T extends StreamPart> List<T> all(Class<T> type) {
        return parts.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
