package dev.ditto.testing;

import dev.ditto.sdk.http.SseEvent;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * What {@link FakeUpstream} sends back for one request: status, headers, a body or a list of
 * events, and how to misbehave while sending them (delays, slow drip, gates, an abrupt cut, a
 * hang, a dropped connection).
 *
 * <p>A body is either a single block sent with {@code Content-Length} (JSON, text) or a list of
 * events sent with chunked transfer encoding (SSE). Event-level controls count these events; a
 * single body is one event. For {@link Framing#DATA_THEN_DONE} the {@code [DONE]} line is an
 * event too.
 *
 * <p>Immutable and thread-safe; one reply may serve many requests (a route's default reply).
 * Gates are shared by every request the reply serves.
 *
 * <pre>{@code
 * Reply.fixture("anthropic-messages/anthropic-text.chunks.txt");      // framing from the folder
 * Reply.json(429, "{\"error\":{\"type\":\"rate_limit_error\"}}").toBuilder()
 *         .header("retry-after", "2").build();
 * Reply.fixture("openai-chat/openai-text.chunks.txt").toBuilder()
 *         .delayBetweenEvents(Duration.ofMillis(20)).cutAfterEvents(3).build();
 * }</pre>
 */
public final class Reply {

    /** The content type of a JSON body. */
    public static final String APPLICATION_JSON = "application/json";
    /** The content type of an SSE stream. */
    public static final String TEXT_EVENT_STREAM = "text/event-stream";

    private final int status;
    private final List<Header> headers;
    private final @Nullable String contentType;
    private final List<byte[]> events;
    private final boolean streaming;
    private final Duration headersDelay;
    private final Duration eventDelay;
    private final int dripBytes;
    private final Duration dripPause;
    private final int cutAfterEvents;
    private final boolean hang;
    private final boolean drop;
    private final Map<Integer, CompletionStage<?>> gates;

    Reply(ReplyBuilder b) {
        status = b.status;
        headers = List.copyOf(b.headers);
        contentType = b.contentType;
        events = List.copyOf(b.events);
        streaming = b.streaming;
        headersDelay = b.headersDelay;
        eventDelay = b.eventDelay;
        dripBytes = b.dripBytes;
        dripPause = b.dripPause;
        cutAfterEvents = b.cutAfterEvents;
        hang = b.hang;
        drop = b.drop;
        gates = Map.copyOf(b.gates);
    }

    /**
     * Returns a 200 reply with a JSON body.
     *
     * @param body the JSON text, sent as is
     * @return the reply
     */
    public static Reply json(String body) {
        return json(200, body);
    }

    /**
     * Returns a reply with a JSON body, typically a provider error.
     *
     * @param status the HTTP status, 200 to 599
     * @param body the JSON text, sent as is
     * @return the reply
     */
    public static Reply json(int status, String body) {
        return builder().status(status).json(body).build();
    }

    /**
     * Returns a reply with no body.
     *
     * @param status the HTTP status, 200 to 599
     * @return the reply
     */
    public static Reply status(int status) {
        return builder().status(status).build();
    }

    /**
     * Returns a 200 reply that replays a recorded fixture with its folder's framing.
     *
     * @param relative a path under {@link Fixtures#dir()}; {@code *.json}, {@code *.chunks.txt} or {@code *.sse}
     * @return the reply
     * @throws IllegalArgumentException if the fixture is missing or of an unknown kind
     */
    public static Reply fixture(String relative) {
        return builder().fixture(relative).build();
    }

    /**
     * Returns a 200 reply that replays a {@code *.chunks.txt} fixture with an explicit framing.
     *
     * @param relative a path under {@link Fixtures#dir()}
     * @param framing the framing to restore instead of the folder's default
     * @return the reply
     * @throws IllegalArgumentException if the fixture is missing or is not a {@code *.chunks.txt} file
     */
    public static Reply fixture(String relative, Framing framing) {
        return builder().fixture(relative, framing).build();
    }

    /**
     * Returns a 200 SSE reply of literal payloads.
     *
     * @param framing how to frame the payloads; {@link Framing#RAW} sends them as given
     * @param payloads the event payloads
     * @return the reply
     */
    public static Reply sse(Framing framing, String... payloads) {
        return builder().sse(framing, List.of(payloads)).build();
    }

    /**
     * Returns a 200 SSE reply of events as an encoder produced them, each framed as it goes on
     * the wire: an {@code event:} line when the event has a type, the {@code data:} line, a blank
     * line.
     *
     * @param events the events, in order; single-line data only
     * @return the reply
     */
    public static Reply sse(List<SseEvent> events) {
        return builder().sse(Framing.RAW, events.stream()
                .map(e -> (e.event() == null ? "" : "event: " + e.event() + "\n") + "data: " + e.data() + "\n\n")
                .toList()).build();
    }

    /**
     * Returns a builder with the defaults: status 200, no headers, no body.
     *
     * @return a new builder
     */
    public static ReplyBuilder builder() {
        return new ReplyBuilder();
    }

    /**
     * Returns a builder initialised from this reply, to derive a variant.
     *
     * @return a new builder
     */
    public ReplyBuilder toBuilder() {
        return new ReplyBuilder(this);
    }

    /**
     * Returns the HTTP status.
     *
     * @return the status code
     */
    public int status() {
        return status;
    }

    /**
     * Returns the number of events; a single body counts as one, no body as none.
     *
     * @return the event count
     */
    public int eventCount() {
        return events.size();
    }

    /**
     * Returns the whole body as it goes on the wire (before chunked encoding).
     *
     * @return all events concatenated
     */
    public byte[] bodyBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        events.forEach(out::writeBytes);
        return out.toByteArray();
    }

    long bodyLength() {
        return events.stream().mapToLong(e -> e.length).sum();
    }

    Map<Integer, CompletionStage<?>> gates() {
        return gates;
    }

    List<byte[]> events() {
        return events;
    }

    List<Header> headers() {
        return headers;
    }

    @Nullable String contentType() {
        return contentType;
    }

    byte[] event(int index) {
        return events.get(index);
    }

    boolean streaming() {
        return streaming;
    }

    Duration headersDelay() {
        return headersDelay;
    }

    Duration eventDelay() {
        return eventDelay;
    }

    int dripBytes() {
        return dripBytes;
    }

    Duration dripPause() {
        return dripPause;
    }

    int cutAfterEvents() {
        return cutAfterEvents;
    }

    boolean hangs() {
        return hang;
    }

    boolean dropsConnection() {
        return drop;
    }

    @Nullable CompletionStage<?> gate(int index) {
        return gates.get(index);
    }

    @Override
    public String toString() {
        return "Reply[" + status + ", " + contentType + ", " + events.size() + " event(s)]";
    }

    /** One response header; repeated names send repeated headers. */
    record Header(String name, String value) {
    }
}
