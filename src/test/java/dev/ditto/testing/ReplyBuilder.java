package dev.ditto.testing;

import dev.ditto.testing.Reply.Header;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link Reply}; get one from {@link Reply#builder()} or {@link Reply#toBuilder()}. Setters check their own argument at once; combinations are checked
 * by {@link #build()}. Setting a body replaces any earlier body. Not thread-safe.
 */
public final class ReplyBuilder {

    int status = 200;
    final List<Header> headers = new ArrayList<>();
    @Nullable String contentType;
    List<byte[]> events = List.of();
    boolean streaming;
    Duration headersDelay = Duration.ZERO;
    Duration eventDelay = Duration.ZERO;
    int dripBytes;
    Duration dripPause = Duration.ZERO;
    int cutAfterEvents = -1;
    boolean hang;
    boolean drop;
    final Map<Integer, CompletionStage<?>> gates = new TreeMap<>();

    ReplyBuilder() {
    }

    ReplyBuilder(Reply r) {
        status = r.status();
        headers.addAll(r.headers());
        contentType = r.contentType();
        events = r.events();
        streaming = r.streaming();
        headersDelay = r.headersDelay();
        eventDelay = r.eventDelay();
        dripBytes = r.dripBytes();
        dripPause = r.dripPause();
        cutAfterEvents = r.cutAfterEvents();
        hang = r.hangs();
        drop = r.dropsConnection();
        gates.putAll(r.gates());
    }

    /**
     * Sets the HTTP status.
     *
     * @param status 200 to 599; interim 1xx responses are not supported
     * @return this builder
     * @throws IllegalArgumentException if the status is out of range
     */
    public ReplyBuilder status(int status) {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("status must be 200..599 but was " + status);
        }
        this.status = status;
        return this;
    }

    /**
     * Adds a response header; adding a name twice sends it twice. A {@code content-type} or
     * {@code content-length} header replaces the one derived from the body.
     *
     * @param name the header name, for example {@code retry-after}
     * @param value the header value
     * @return this builder
     * @throws IllegalArgumentException if the name is blank
     */
    public ReplyBuilder header(String name, String value) {
        if (name.isBlank()) {
            throw new IllegalArgumentException("header name is blank");
        }
        headers.add(new Header(name, Objects.requireNonNull(value, "value")));
        return this;
    }

    /**
     * Sets a single-block body, sent with {@code Content-Length}.
     *
     * @param contentType the {@code Content-Type} to send
     * @param body the body bytes
     * @return this builder
     */
    public ReplyBuilder body(String contentType, byte[] body) {
        this.contentType = Objects.requireNonNull(contentType, "contentType");
        this.events = body.length == 0 ? List.of() : List.of(body.clone());
        this.streaming = false;
        return this;
    }

    /**
     * Sets a body of binary chunks, sent with chunked transfer encoding, one write per chunk;
     * event-level controls ({@link #delayBetweenEvents}, {@link #cutAfterEvents},
     * {@link #gateBeforeEvent}) count the chunks.
     *
     * @param contentType the {@code Content-Type} to send
     * @param chunks the chunks, in order
     * @return this builder
     */
    public ReplyBuilder chunks(String contentType, List<byte[]> chunks) {
        events(chunks);
        this.contentType = Objects.requireNonNull(contentType, "contentType");
        return this;
    }

    /**
     * Sets a single-block UTF-8 text body, sent with {@code Content-Length}.
     *
     * @param contentType the {@code Content-Type} to send
     * @param body the body text
     * @return this builder
     */
    public ReplyBuilder body(String contentType, String body) {
        return body(contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sets a JSON body.
     *
     * @param body the JSON text, sent as is
     * @return this builder
     */
    public ReplyBuilder json(String body) {
        return body(Reply.APPLICATION_JSON, body);
    }

    /**
     * Sets an SSE body of literal payloads.
     *
     * @param framing how to frame them; {@link Framing#RAW} sends each as a complete event
     * @param payloads the event payloads
     * @return this builder
     * @throws IllegalArgumentException if {@link Framing#NAMED_EVENTS} finds no {@code type}
     */
    public ReplyBuilder sse(Framing framing, List<String> payloads) {
        return events(framing.frame(payloads).stream().map(e -> e.getBytes(StandardCharsets.UTF_8)).toList());
    }

    /**
     * Sets the body from a recorded fixture, with its folder's default framing.
     *
     * @param relative a path under {@link Fixtures#dir()}
     * @return this builder
     * @throws IllegalArgumentException if the fixture is missing or of an unknown kind
     */
    public ReplyBuilder fixture(String relative) {
        if (relative.endsWith(".json")) {
            return body(Reply.APPLICATION_JSON, Fixtures.bytes(relative));
        }
        return fixture(relative, Fixtures.defaultFraming(relative));
    }

    /**
     * Sets the body from a streamed fixture with an explicit framing. {@link Framing#RAW}
     * replays the file byte for byte, split into events at blank lines.
     *
     * @param relative a path under {@link Fixtures#dir()} to a {@code *.chunks.txt} or {@code *.sse} file
     * @param framing the framing to restore
     * @return this builder
     * @throws IllegalArgumentException if the file is missing, is not a stream, or is a raw
     *     {@code *.sse} capture asked for a framing other than {@link Framing#RAW}
     */
    public ReplyBuilder fixture(String relative, Framing framing) {
        if (framing == Framing.RAW) {
            return events(Fixtures.splitEvents(Fixtures.bytes(relative)));
        }
        if (!relative.endsWith(".chunks.txt")) {
            throw new IllegalArgumentException("framing " + framing + " needs a *.chunks.txt fixture, not "
                    + relative + (relative.endsWith(".sse") ? " (an .sse capture is already framed: use RAW)" : ""));
        }
        return sse(framing, Fixtures.payloads(relative));
    }

    /**
     * Waits before sending the status line and headers, like a slow first byte.
     *
     * @param delay the wait; zero for none
     * @return this builder
     * @throws IllegalArgumentException if the delay is negative
     */
    public ReplyBuilder delayBeforeHeaders(Duration delay) {
        this.headersDelay = nonNegative(delay, "delayBeforeHeaders");
        return this;
    }

    /**
     * Waits before each event after the first.
     *
     * @param delay the wait; zero for none
     * @return this builder
     * @throws IllegalArgumentException if the delay is negative
     */
    public ReplyBuilder delayBetweenEvents(Duration delay) {
        this.eventDelay = nonNegative(delay, "delayBetweenEvents");
        return this;
    }

    /**
     * Writes every event a few bytes at a time, pausing between writes, so clients see
     * events split across reads.
     *
     * @param bytes bytes per write, at least 1
     * @param pause the wait between writes; zero for none
     * @return this builder
     * @throws IllegalArgumentException if {@code bytes < 1} or the pause is negative
     */
    public ReplyBuilder drip(int bytes, Duration pause) {
        if (bytes < 1) {
            throw new IllegalArgumentException("drip bytes must be at least 1 but was " + bytes);
        }
        this.dripBytes = bytes;
        this.dripPause = nonNegative(pause, "drip pause");
        return this;
    }

    /**
     * Closes the TCP connection abruptly once {@code events} events are written: no final
     * chunk, no complete body, so the client sees a truncated response rather than an end.
     *
     * @param events how many events to send first; 0 cuts right after the headers, the event
     *     count cuts just before the end of the body
     * @return this builder
     * @throws IllegalArgumentException if {@code events} is negative
     */
    public ReplyBuilder cutAfterEvents(int events) {
        if (events < 0) {
            throw new IllegalArgumentException("cutAfterEvents must be >= 0 but was " + events);
        }
        this.cutAfterEvents = events;
        return this;
    }

    /**
     * Sends the status and headers, then nothing, until the client disconnects or the
     * upstream closes.
     *
     * @return this builder
     */
    public ReplyBuilder hang() {
        this.hang = true;
        return this;
    }

    /**
     * Closes the connection without sending a single byte of response.
     *
     * @return this builder
     */
    public ReplyBuilder dropConnection() {
        this.drop = true;
        return this;
    }

    /**
     * Holds event {@code index} (and everything after it) until {@code gate} completes. If the
     * gate completes exceptionally the connection is cut there instead. Lets a test prove
     * the client saw event {@code index - 1} before the upstream sent event {@code index}.
     *
     * @param index the 0-based event to hold
     * @param gate completed by the test to release the event
     * @return this builder
     * @throws IllegalArgumentException if {@code index} is negative or already gated
     */
    public ReplyBuilder gateBeforeEvent(int index, CompletionStage<?> gate) {
        if (index < 0) {
            throw new IllegalArgumentException("gate index must be >= 0 but was " + index);
        }
        if (gates.containsKey(index)) {
            throw new IllegalArgumentException("event " + index + " already has a gate");
        }
        gates.put(index, Objects.requireNonNull(gate, "gate"));
        return this;
    }

    /**
     * Builds the reply.
     *
     * @return the immutable reply
     * @throws IllegalArgumentException if options contradict each other or point past the
     *     last event
     */
    public Reply build() {
        if (drop && (hang || cutAfterEvents >= 0 || !gates.isEmpty() || dripBytes > 0)) {
            throw new IllegalArgumentException(
                    "dropConnection sends nothing, so it cannot be combined with hang, cutAfterEvents, gates or drip");
        }
        if (hang && (cutAfterEvents >= 0 || !gates.isEmpty())) {
            throw new IllegalArgumentException("hang sends no events, so it cannot be combined with "
                    + (cutAfterEvents >= 0 ? "cutAfterEvents(" + cutAfterEvents + ")" : "gates " + gates.keySet()));
        }
        if (cutAfterEvents > events.size()) {
            throw new IllegalArgumentException(
                    "cutAfterEvents(" + cutAfterEvents + ") is past the " + events.size() + " event(s) of this reply");
        }
        gates.keySet().stream().filter(i -> i >= events.size()).findFirst().ifPresent(i -> {
            throw new IllegalArgumentException(
                    "gate before event " + i + " is past the " + events.size() + " event(s) of this reply");
        });
        return new Reply(this);
    }

    private ReplyBuilder events(List<byte[]> framed) {
        this.contentType = Reply.TEXT_EVENT_STREAM;
        this.events = framed.stream().map(e -> Arrays.copyOf(e, e.length)).toList();
        this.streaming = true;
        return this;
    }

    private static Duration nonNegative(Duration d, String what) {
        if (d.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative but was " + d);
        }
        return d;
    }
}
