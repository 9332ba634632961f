package dev.ditto.sdk.http;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One server-sent event as the HTML living standard defines it.
 *
 * @param event the {@code event:} field, or {@code null} when the event had none (which the
 *     standard treats as {@code message})
 * @param data the {@code data:} lines joined with {@code \n}
 * @param id the last event id seen on the stream so far, or {@code null}
 * @param retry the {@code retry:} field of this event in milliseconds, or {@code null}
 */
public record SseEvent(@Nullable String event, String data, @Nullable String id, @Nullable Long retry) {

    /** The {@code data} value that ends an OpenAI Chat Completions stream. */
    public static final String DONE = "[DONE]";

    /**
     * Validates the fields.
     *
     * @param event the {@code event:} field, or {@code null} when the event had none (which the standard treats as {@code message})
     * @param data the {@code data:} lines joined with {@code \n}
     * @param id the last event id seen on the stream so far, or {@code null}
     * @param retry the {@code retry:} field of this event in milliseconds, or {@code null}
     */
    public SseEvent {
        Objects.requireNonNull(data, "data");
    }

    /**
     * Returns an event holding only data.
     *
     * @param data the data
     * @return the event
     */
    public static SseEvent of(String data) {
        return new SseEvent(null, data, null, null);
    }

    /**
     * Returns an event with a type and data.
     *
     * @param event the event type
     * @param data the data
     * @return the event
     */
    public static SseEvent of(String event, String data) {
        return new SseEvent(event, data, null, null);
    }

    /**
     * Returns whether this is OpenAI's {@code data: [DONE]} end marker.
     *
     * @return {@code true} for the marker
     */
    public boolean isDone() {
        return DONE.equals(data);
    }
}
