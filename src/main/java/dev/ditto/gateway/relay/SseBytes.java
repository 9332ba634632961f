package dev.ditto.gateway.relay;

import dev.ditto.sdk.http.SseEvent;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Writes server-sent events in their wire form. */
final class SseBytes {

    private SseBytes() {}

    /** An event as the gateway's encoders made it. */
    static byte[] of(SseEvent event) {
        return write(event, event.id(), null);
    }

    /**
     * An upstream's event as it came: its {@code id:} line only where the upstream sent one (a
     * parsed event carries the last id seen, so an unchanged id was not on this event), and its
     * {@code retry:} line.
     *
     * @param event the parsed event
     * @param previousId the id of the event relayed before, or null
     * @return the bytes
     */
    static byte[] relayed(SseEvent event, @Nullable String previousId) {
        return write(event, Objects.equals(event.id(), previousId) ? null : event.id(), event.retry());
    }

    private static byte[] write(SseEvent event, @Nullable String id, @Nullable Long retry) {
        StringBuilder out = new StringBuilder(event.data().length() + 32);
        if (event.event() != null) {
            out.append("event: ").append(event.event()).append('\n');
        }
        if (id != null) {
            out.append("id: ").append(id).append('\n');
        }
        if (retry != null) {
            out.append("retry: ").append(retry).append('\n');
        }
        for (String line : event.data().split("\n", -1)) {
            out.append("data: ").append(line).append('\n');
        }
        return out.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }
}
