package dev.ditto.sdk.http;

import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.UnexpectedResponseException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * An incremental parser of {@code text/event-stream} bytes: push byte buffers in as they arrive,
 * in chunks split anywhere (even inside a UTF-8 character or between {@code \r} and {@code \n}),
 * and complete events come out through a {@link Listener}.
 *
 * <p>It follows the HTML living standard: lines end with {@code \n}, {@code \r\n} or {@code \r};
 * {@code data:} lines accumulate, joined with {@code \n}; a blank line dispatches the event;
 * lines starting with {@code :} are comments; a leading byte order mark is skipped. One
 * deliberate leniency: at {@link #finish} a last event that lacks its blank line is still
 * dispatched, so a provider that closes right after its last data line loses nothing (a truncated
 * JSON payload then fails in the adapter instead of vanishing).
 *
 * <p>A line longer than {@code maxLineBytes} or an event whose data exceeds {@code maxEventBytes}
 * fails with {@link UnexpectedResponseException}, which bounds the memory one stream can take.
 *
 * <p>Not thread-safe: feed one stream from one thread at a time. After it throws, the parser is
 * unusable.
 *
 * <pre>{@code
 * SseParser parser = SseParser.ofDefaults();
 * parser.feed(ByteBuffer.wrap(chunk), event -> handle(event));
 * parser.finish(event -> handle(event));
 * }</pre>
 */
public final class SseParser {

    /** The default cap on one line: 8 MiB, enough for an inline generated image. */
    public static final int DEFAULT_MAX_LINE_BYTES = 8 * 1024 * 1024;

    /** The default cap on the data of one event: 8 MiB. */
    public static final int DEFAULT_MAX_EVENT_BYTES = 8 * 1024 * 1024;

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final int maxLineBytes;
    private final int maxEventBytes;
    private byte[] line = new byte[256];
    private int lineLength;
    private boolean skipNextLf;
    private boolean atStreamStart = true;
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private long eventBytes;
    private @Nullable String eventType;
    private @Nullable String lastEventId;
    private @Nullable Long retry;

    /** Receives what the parser finds. Called on the thread that feeds the parser. */
    @FunctionalInterface
    public interface Listener {

        /**
         * Receives a complete event.
         *
         * @param event the event
         */
        void onEvent(SseEvent event);

        /**
         * Receives a comment line (often a keep-alive), without the leading colon and space.
         *
         * @param comment the comment text
         */
        default void onComment(String comment) {
        }
    }

    private SseParser(int maxLineBytes, int maxEventBytes) {
        this.maxLineBytes = maxLineBytes;
        this.maxEventBytes = maxEventBytes;
    }

    /**
     * Returns a parser with the given caps.
     *
     * @param maxLineBytes the longest line accepted, in bytes
     * @param maxEventBytes the most data bytes accepted in one event
     * @return a new parser
     * @throws IllegalArgumentException if a cap is less than 1 or the line cap exceeds the event cap
     */
    public static SseParser of(int maxLineBytes, int maxEventBytes) {
        if (maxLineBytes < 1 || maxEventBytes < 1) {
            throw new IllegalArgumentException("SSE caps must be at least 1 but were maxLineBytes="
                    + maxLineBytes + ", maxEventBytes=" + maxEventBytes);
        }
        if (maxLineBytes > maxEventBytes) {
            throw new IllegalArgumentException("maxLineBytes " + maxLineBytes
                    + " must not exceed maxEventBytes " + maxEventBytes);
        }
        return new SseParser(maxLineBytes, maxEventBytes);
    }

    /**
     * Returns a parser with the default caps of 8 MiB per line and per event.
     *
     * @return a new parser
     */
    public static SseParser ofDefaults() {
        return new SseParser(DEFAULT_MAX_LINE_BYTES, DEFAULT_MAX_EVENT_BYTES);
    }

    /**
     * Consumes all remaining bytes of the buffer, dispatching every event they complete.
     *
     * @param buffer the next bytes of the stream; its position moves to its limit
     * @param listener receives the events and comments
     * @throws UnexpectedResponseException if a line or an event exceeds its cap
     */
    public void feed(ByteBuffer buffer, Listener listener) {
        while (buffer.hasRemaining()) {
            byte b = buffer.get();
            if (skipNextLf) {
                skipNextLf = false;
                if (b == '\n') {
                    continue;
                }
            }
            if (b == '\n' || b == '\r') {
                skipNextLf = b == '\r';
                endLine(listener);
            } else {
                append(b);
            }
        }
    }

    /**
     * Ends the stream: a last unterminated line and a last event without its blank line are
     * dispatched.
     *
     * @param listener receives the last event, if any
     * @throws UnexpectedResponseException if the last event exceeds its cap
     */
    public void finish(Listener listener) {
        if (lineLength > 0) {
            endLine(listener);
        }
        dispatch(listener);
    }

    private void append(byte b) {
        if (lineLength == maxLineBytes) {
            throw new UnexpectedResponseException("SSE line exceeds " + maxLineBytes + " bytes", ErrorDetails.empty());
        }
        if (lineLength == line.length) {
            line = Arrays.copyOf(line, (int) Math.min((long) line.length * 2, maxLineBytes));
        }
        line[lineLength++] = b;
    }

    private void endLine(Listener listener) {
        int start = 0;
        if (atStreamStart) {
            atStreamStart = false;
            if (lineLength >= 3 && line[0] == BOM[0] && line[1] == BOM[1] && line[2] == BOM[2]) {
                start = 3;
            }
        }
        int end = lineLength;
        lineLength = 0;
        if (end == start) {
            dispatch(listener);
        } else if (line[start] == ':') {
            listener.onComment(decode(valueStart(start + 1, end), end));
        } else {
            int colon = indexOf((byte) ':', start, end);
            String field = decode(start, colon < 0 ? end : colon);
            String value = colon < 0 ? "" : decode(valueStart(colon + 1, end), end);
            process(field, value, colon < 0 ? 0 : end - valueStart(colon + 1, end));
        }
    }

    private void process(String field, String value, int valueBytes) {
        switch (field) {
            case "data" -> {
                eventBytes += valueBytes + 1L;
                if (eventBytes > maxEventBytes) {
                    throw new UnexpectedResponseException(
                            "SSE event data exceeds " + maxEventBytes + " bytes", ErrorDetails.empty());
                }
                data.append(value).append('\n');
                hasData = true;
            }
            case "event" -> eventType = value;
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    lastEventId = value;
                }
            }
            case "retry" -> {
                if (!value.isEmpty() && value.length() <= 18 && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    retry = Long.parseLong(value);
                }
            }
            default -> {
                // The standard says to ignore unknown fields.
            }
        }
    }

    private void dispatch(Listener listener) {
        if (!hasData) {
            resetEvent();
            return;
        }
        data.setLength(data.length() - 1);
        SseEvent event = new SseEvent(eventType, data.toString(), lastEventId, retry);
        resetEvent();
        listener.onEvent(event);
    }

    private void resetEvent() {
        data.setLength(0);
        hasData = false;
        eventBytes = 0;
        eventType = null;
        retry = null;
    }

    private int valueStart(int from, int end) {
        return from < end && line[from] == ' ' ? from + 1 : from;
    }

    private int indexOf(byte target, int from, int end) {
        for (int i = from; i < end; i++) {
            if (line[i] == target) {
                return i;
            }
        }
        return -1;
    }

    private String decode(int from, int to) {
        return new String(line, from, to - from, StandardCharsets.UTF_8);
    }
}
