package dev.ditto.sdk.http;

import dev.ditto.sdk.SdkException;
import dev.ditto.sdk.StreamPart;
import java.util.function.Consumer;

/**
 * Turns one provider's server-sent events into {@link StreamPart}s: the stream decoder of a
 * provider adapter, plugged into {@link HttpTransport#streamParts}.
 *
 * <p>One instance decodes one stream, so it may keep state (open blocks, tool-call ids, usage so
 * far). Calls are serial, never concurrent, though not always from the same thread.
 */
public interface SseStreamDecoder {

    /**
     * Decodes one event into zero or more parts.
     *
     * @param event the event
     * @param sink receives the parts, in order
     * @throws SdkException if the event is malformed or reports an error; the stream then ends
     *     with a {@link StreamPart.Error} holding it
     */
    void onEvent(SseEvent event, Consumer<StreamPart> sink);

    /**
     * Ends a stream whose body ended cleanly: emits the {@link StreamPart.Finish}, or reports a
     * stream that stopped before its terminal event.
     *
     * @param sink receives the last parts
     * @throws SdkException if the stream ended early; it then ends with a {@link StreamPart.Error}
     *     holding the exception
     */
    void onEnd(Consumer<StreamPart> sink);
}
