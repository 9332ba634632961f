package dev.ditto.testing;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A method and path pattern on {@link FakeUpstream} with its queue of replies. Each matching
 * request takes the next queued reply; once the queue is empty it gets the default reply, or a
 * 404 if there is none.
 *
 * <p>Thread-safe: tests may enqueue while requests are being served.
 *
 * <pre>{@code
 * upstream.on("POST", "/v1/messages")
 *         .enqueue(Reply.json(529, OVERLOADED), Reply.fixture("anthropic-messages/anthropic-text.chunks.txt"))
 *         .defaultReply(Reply.status(500));
 * }</pre>
 */
public final class Route {

    /** How a route's path pattern matches a request path. */
    enum Match {
        EXACT, PREFIX, REGEX
    }

    private final String method;
    private final Match match;
    private final String path;
    private final @Nullable Pattern regex;
    private final Deque<Reply> queue = new ArrayDeque<>();
    private @Nullable Reply defaultReply;
    private volatile boolean digestBody;

    Route(String method, Match match, String path) {
        this.method = method.toUpperCase(Locale.ROOT);
        this.match = match;
        this.path = Objects.requireNonNull(path, "path");
        this.regex = match == Match.REGEX ? Pattern.compile(path) : null;
    }

    /**
     * Appends replies to this route's queue; requests take them in order.
     *
     * @param replies the replies, one per future request
     * @return this route
     */
    public synchronized Route enqueue(Reply... replies) {
        for (Reply reply : replies) {
            queue.addLast(Objects.requireNonNull(reply, "reply"));
        }
        return this;
    }

    /**
     * Sets the reply for requests that find the queue empty.
     *
     * @param reply the reply to repeat
     * @return this route
     */
    public synchronized Route defaultReply(Reply reply) {
        this.defaultReply = Objects.requireNonNull(reply, "reply");
        return this;
    }

    /**
     * Reads this route's request bodies as they arrive, keeping only their length, their SHA-256
     * and their first {@value FakeUpstream#DIGESTED_PREFIX_BYTES} bytes: for uploads larger than
     * the captured-body cap, and to watch an upload arrive ({@link FakeUpstream#awaitBodyBytes}).
     * The reply starts once the whole body is in.
     *
     * @return this route
     */
    public Route digestBody() {
        this.digestBody = true;
        return this;
    }

    boolean digestsBody() {
        return digestBody;
    }

    /**
     * Returns how many queued replies are left.
     *
     * @return the queue length, not counting the default reply
     */
    public synchronized int remaining() {
        return queue.size();
    }

    /** Takes the next reply, or the default; null when there is neither. */
    synchronized @Nullable Reply next() {
        Reply next = queue.pollFirst();
        return next != null ? next : defaultReply;
    }

    /** Forgets queued replies and the default. */
    synchronized void clear() {
        queue.clear();
        defaultReply = null;
    }

    boolean matches(String requestMethod, String requestPath) {
        if (!method.equals("*") && !method.equalsIgnoreCase(requestMethod)) {
            return false;
        }
        return switch (match) {
            case EXACT -> path.equals(requestPath);
            case PREFIX -> requestPath.startsWith(path);
            case REGEX -> Objects.requireNonNull(regex).matcher(requestPath).matches();
        };
    }

    Match match() {
        return match;
    }

    /** Two registrations with the same key are the same route. */
    String key() {
        return method + " " + match + " " + path;
    }

    @Override
    public String toString() {
        return method + " " + (match == Match.EXACT ? "" : match.name().toLowerCase(Locale.ROOT) + ":") + path;
    }
}
