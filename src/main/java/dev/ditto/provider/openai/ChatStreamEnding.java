package dev.ditto.provider.openai;

import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.SdkException;
import dev.ditto.sdk.StreamInterruptedException;
import dev.ditto.sdk.http.SseEvent;
import java.util.List;

/**
 * How a Chat-shaped stream ({@code chat.completion.chunk} or legacy {@code text_completion}
 * chunks) ends, shared by both encoders: after a finish, {@code data: [DONE]}; after an error
 * part, its {@code {"error":{...}}} event and nothing more; with neither, an error event, so a
 * client never mistakes a cut stream for a complete one. One per stream; not thread-safe.
 */
final class ChatStreamEnding {

    private boolean finished;
    private boolean failed;
    private boolean ended;

    /** Whether parts may still be encoded. */
    boolean isOpen() {
        return !finished && !failed && !ended;
    }

    void finished() {
        finished = true;
    }

    /** The error event of an error part; the stream takes nothing more. */
    SseEvent fail(SdkException error) {
        failed = true;
        return SseEvent.of(WireJson.write(ChatErrorEncoder.encode(error).body()));
    }

    /** The closing events, once. */
    List<SseEvent> end() {
        if (ended) {
            return List.of();
        }
        ended = true;
        if (finished) {
            return List.of(SseEvent.of(SseEvent.DONE));
        }
        if (failed) {
            return List.of();
        }
        StreamInterruptedException cut = new StreamInterruptedException(
                "the upstream stream ended before it finished", ErrorDetails.empty());
        return List.of(SseEvent.of(WireJson.write(ChatErrorEncoder.encode(cut).body())));
    }
}
