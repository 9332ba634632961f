package dev.ditto.testing;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One request served by {@link FakeUpstream}, seen from the server: the captured request, how
 * many events have been written, and how the exchange ended. This is where a test learns that
 * the client went away mid-response.
 *
 * <p>Thread-safe. The await methods block the calling test thread only, never a server thread,
 * and throw {@link AssertionError} on timeout.
 *
 * <pre>{@code
 * Exchange exchange = upstream.awaitExchange(1, TIMEOUT);
 * exchange.awaitEventsSent(1, TIMEOUT);
 * clientStream.close();                        // the client gives up mid-stream
 * exchange.awaitClientDisconnect(TIMEOUT);
 * }</pre>
 */
public final class Exchange {

    /** How an exchange ended. */
    public enum Outcome {
        /** The whole reply was written and the response completed normally. */
        COMPLETED,
        /** The upstream closed the connection mid-response as the reply asked (cut or failed gate). */
        CUT,
        /** The upstream closed the connection before sending anything, as the reply asked. */
        DROPPED,
        /** The client closed the connection before the response was complete. */
        CLIENT_DISCONNECTED,
        /**
         * The upstream ended the response early on its own: it was closed, the connection sat idle
         * for {@link FakeUpstream#IDLE_TIMEOUT}, or the harness failed internally.
         */
        ABORTED
    }

    private final CapturedRequest request;
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    private int eventsSent;

    Exchange(CapturedRequest request) {
        this.request = request;
    }

    /**
     * Returns the request of this exchange.
     *
     * @return the captured request
     */
    public CapturedRequest request() {
        return request;
    }

    /**
     * Returns how many events of the reply have been written to the connection so far.
     *
     * @return the count; a single-block body counts as one event
     */
    public synchronized int eventsSent() {
        return eventsSent;
    }

    /**
     * Waits until at least {@code n} events have been written.
     *
     * @param n the number of events
     * @param timeout how long to wait
     * @throws AssertionError if fewer were written within the timeout
     */
    public synchronized void awaitEventsSent(int n, Duration timeout) {
        Waits.until(this, () -> eventsSent >= n || outcome.isDone(), timeout,
                () -> n + " events sent on " + request + " (sent " + eventsSent + ")");
        if (eventsSent < n) {
            throw new AssertionError("exchange " + request + " ended " + outcome.join() + " after "
                    + eventsSent + " events, expected at least " + n);
        }
    }

    /**
     * Returns the outcome if the exchange has ended.
     *
     * @return the outcome, or empty while the response is still in progress
     */
    public Optional<Outcome> outcome() {
        return Optional.ofNullable(outcome.getNow(null));
    }

    /**
     * Waits for the exchange to end.
     *
     * @param timeout how long to wait
     * @return how it ended
     * @throws AssertionError if it is still in progress after the timeout
     */
    public Outcome awaitOutcome(Duration timeout) {
        return Waits.get(outcome, timeout, () -> "the end of exchange " + request);
    }

    /**
     * Tells whether the client has closed the connection before the response was complete.
     *
     * @return true once the client is known to have disconnected
     */
    public boolean clientDisconnected() {
        return outcome.getNow(null) == Outcome.CLIENT_DISCONNECTED;
    }

    /**
     * Waits until the server notices that the client closed the connection mid-response. The
     * server notices while idle (waiting on a delay, a gate or a hang) as well as while writing.
     *
     * @param timeout how long to wait
     * @throws AssertionError if the exchange ended any other way, or is still going after the timeout
     */
    public void awaitClientDisconnect(Duration timeout) {
        Outcome ended = awaitOutcome(timeout);
        if (ended != Outcome.CLIENT_DISCONNECTED) {
            throw new AssertionError("expected the client to disconnect from " + request + " but the exchange ended "
                    + ended + " after " + eventsSent() + " events");
        }
    }

    synchronized void eventSent() {
        eventsSent++;
        notifyAll();
    }

    void settle(Outcome ended) {
        outcome.complete(ended);
        synchronized (this) {
            notifyAll();
        }
    }

    @Override
    public String toString() {
        return "Exchange[" + request + ", sent=" + eventsSent() + ", outcome=" + outcome.getNow(null) + "]";
    }
}
