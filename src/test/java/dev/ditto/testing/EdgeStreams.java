package dev.ditto.testing;

import dev.ditto.provider.anthropic.AnthropicEdgeCodec;
import dev.ditto.provider.anthropic.AnthropicStreamEncoder;
import dev.ditto.provider.openai.OpenAiChatEdgeCodec;
import dev.ditto.provider.openai.OpenAiChatStreamEncoder;
import dev.ditto.provider.openai.responses.OpenAiResponsesEdgeCodec;
import dev.ditto.provider.openai.responses.OpenAiResponsesStreamEncoder;
import dev.ditto.sdk.StreamPart;
import dev.ditto.sdk.http.SseEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Re-encodes a whole unified stream with one of the gateway's edge codecs, as the gateway does
 * part by part: every event of every part, then the encoder's closing events. For translation
 * tests, which serve the result to a real client library.
 */
public final class EdgeStreams {

    private EdgeStreams() {
    }

    /**
     * Encodes {@code chat.completion.chunk} events, with the usage chunk ({@code
     * stream_options.include_usage}) and {@code data: [DONE]}.
     *
     * @param parts the unified stream
     * @param model the model name to report
     * @return the events
     */
    public static List<SseEvent> toChat(List<StreamPart> parts, String model) {
        OpenAiChatStreamEncoder encoder = OpenAiChatEdgeCodec.ofDefaults().newStreamEncoder(model, true);
        List<SseEvent> events = new ArrayList<>();
        parts.forEach(part -> events.addAll(encoder.encode(part)));
        events.addAll(encoder.end());
        return events;
    }

    /**
     * Encodes Responses events, {@code response.created} to the terminal event.
     *
     * @param parts the unified stream
     * @param model the model name to report
     * @return the events
     */
    public static List<SseEvent> toResponses(List<StreamPart> parts, String model) {
        OpenAiResponsesStreamEncoder encoder = OpenAiResponsesEdgeCodec.ofDefaults().newStreamEncoder(model);
        List<SseEvent> events = new ArrayList<>();
        parts.forEach(part -> events.addAll(encoder.encode(part)));
        events.addAll(encoder.finish());
        return events;
    }

    /**
     * Encodes Anthropic Messages events, {@code message_start} to {@code message_stop}.
     *
     * @param parts the unified stream
     * @param model the model name to report
     * @return the events
     */
    public static List<SseEvent> toAnthropic(List<StreamPart> parts, String model) {
        AnthropicStreamEncoder encoder = AnthropicEdgeCodec.ofDefaults().newStreamEncoder(model);
        List<SseEvent> events = new ArrayList<>();
        parts.forEach(part -> events.addAll(encoder.encode(part)));
        events.addAll(encoder.finish());
        return events;
    }
}
