package dev.ditto.gateway.relay;

import dev.ditto.sdk.http.SseEvent;
import java.nio.charset.StandardCharsets;

/** Writes server-sent events in their wire form. */
final class SseBytes {

    private SseBytes() {}

    static byte[] of(SseEvent event) {
        StringBuilder out = new StringBuilder(event.data().length() + 32);
        if (event.event() != null) {
            out.append("event: ").append(event.event()).append('\n');
        }
        if (event.id() != null) {
            out.append("id: ").append(event.id()).append('\n');
        }
        for (String line : event.data().split("\n", -1)) {
            out.append("data: ").append(line).append('\n');
        }
        return out.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }
}
