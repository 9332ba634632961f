package dev.ditto.gateway.relay;

import dev.ditto.config.ModelDeployment;
import dev.ditto.control.Outcome;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.SdkException;
import dev.ditto.sdk.StreamInterruptedException;
import dev.ditto.sdk.Usage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * Relays one attempt's stream to the client, whatever its items are (the adapter's parts, or the
 * upstream's own events in passthrough): one item requested at a time while the client keeps up,
 * paused when the writer's buffer is full and resumed when it drains; an SSE comment when the
 * stream is idle, which is how a client that left gets noticed; the upstream subscription
 * cancelled when the client leaves.
 *
 * <p>Until the answer starts ({@link #commit}), a failure abandons the attempt and the exchange
 * may retry or fall back; after it, a failure ends the stream. Subclasses decide when the answer
 * starts and what to write. Items arrive one at a time, as Flow guarantees.
 *
 * @param <T> the type of the stream's items
 */
abstract class StreamRelay<T> implements Flow.Subscriber<T> {

    /** How often an idle stream gets an SSE comment: it is how a client that left is noticed. */
    static final Duration HEARTBEAT = Duration.ofSeconds(1);
    private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);

    final RelayExchange exchange;
    final ModelDeployment deployment;
    final long calledAt;
    private final AtomicBoolean paused = new AtomicBoolean();
    private volatile Flow.@Nullable Subscription subscription;
    private volatile boolean abandoned;
    private volatile boolean committed;
    private volatile long lastWrite;
    private volatile @Nullable ScheduledFuture<?> heartbeat;

    StreamRelay(RelayExchange exchange, ModelDeployment deployment, long calledAt) {
        this.exchange = exchange;
        this.deployment = deployment;
        this.calledAt = calledAt;
    }

    /** Handles the next item; never called once the attempt was abandoned or aborted. */
    abstract void accept(T item);

    /** The upstream ended cleanly after the answer started: write the format's end and {@link #end}. */
    abstract void finish();

    /** The upstream failed after the answer started: write an error event if the format has one and {@link #end}. */
    abstract void failAfterStart(SdkException failure);

    @Override
    public final void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (exchange.isClientGone()) {
            s.cancel();
            return;
        }
        s.request(1);
    }

    @Override
    public final void onNext(T item) {
        exchange.guarded(() -> {
            if (!abandoned) {
                accept(item);
            }
        });
    }

    @Override
    public final void onError(Throwable failure) {
        SdkException error = Answers.unwrap(failure);
        exchange.guarded(() -> {
            if (abandoned) {
                return;
            }
            if (!committed) {
                abandon(error);
                return;
            }
            failAfterStart(error);
        });
    }

    @Override
    public final void onComplete() {
        exchange.guarded(() -> {
            if (abandoned) {
                return;
            }
            if (!committed) {
                // A stream that ends before its answer started is a failure, and may still be retried.
                abandon(new StreamInterruptedException("the upstream stream ended before any content",
                        ErrorDetails.empty()));
                return;
            }
            finish();
        });
    }

    final boolean committed() {
        return committed;
    }

    /** Starts the answer (status and headers, the first-token mark, the heartbeat): no retry after this. */
    final void commit(Map<String, String> upstreamHeaders) {
        committed = true;
        lastWrite = exchange.plane().ticker().read();
        exchange.startAnswer(deployment, calledAt, "text/event-stream", upstreamHeaders);
        exchange.settlement().firstToken();
        exchange.firstContent(deployment, calledAt);
        // Servlet containers notice a client that left only when a write fails, so an idle
        // stream (an upstream thinking) gets a comment now and then.
        heartbeat = exchange.plane().timer().scheduleWithFixedDelay(this::keepAlive, HEARTBEAT.toMillis(),
                HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Queues bytes for the client. */
    final void write(byte[] bytes) {
        lastWrite = exchange.plane().ticker().read();
        exchange.writer().write(bytes);
    }

    /** Ends the answer and settles: a clean end when {@code failure} is null, else a broken stream. */
    final void end(@Nullable SdkException failure, @Nullable Usage usage) {
        stopHeartbeat();
        exchange.writer().close();
        if (failure == null) {
            exchange.succeeded(deployment, calledAt, usage == null ? Usage.empty() : usage, true);
            exchange.settlement().settle(Outcome.Status.OK, 200, usage);
        } else {
            exchange.routes().attemptFailed(deployment, failure);
            exchange.routes().router().stats().finished(deployment.id(), 0);
            exchange.settlement().settle(Outcome.Status.STREAM_ERROR, 200, usage);
        }
    }

    /** Gives this attempt up before anything was sent: the exchange may retry or fall back. */
    final void abandon(SdkException failure) {
        abandoned = true;
        cancel();
        exchange.failed(deployment, failure);
    }

    /** The client left (or our own code failed): stop the upstream and close this attempt's statistics. */
    final void abort() {
        stopHeartbeat();
        if (!abandoned) {
            abandoned = true;
            cancel();
            exchange.routes().router().stats().finished(deployment.id(), 0);
            // A half-open probe that the client abandoned proved nothing either way.
            exchange.routes().router().cooldowns().releaseProbe(deployment.id());
        }
    }

    /** Asks the upstream for the next item, unless the client's buffer is full. */
    final void request() {
        Flow.Subscription s = subscription;
        if (s == null || exchange.isClientGone()) {
            return;
        }
        if (exchange.writer().hasRoom()) {
            s.request(1);
        } else {
            paused.set(true);
            // The client may have caught up between the check and the flag.
            if (exchange.writer().hasRoom() && paused.compareAndSet(true, false)) {
                s.request(1);
            }
        }
    }

    /** The client caught up: resume a paused upstream. */
    final void resume() {
        Flow.Subscription s = subscription;
        if (s != null && paused.compareAndSet(true, false)) {
            s.request(1);
        }
    }

    private void cancel() {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    private void keepAlive() {
        if (exchange.writer().isDone()) {
            stopHeartbeat();
        } else if (exchange.plane().ticker().read() - lastWrite >= HEARTBEAT.toNanos()) {
            exchange.writer().write(KEEP_ALIVE);
        }
    }

    private void stopHeartbeat() {
        ScheduledFuture<?> beat = heartbeat;
        if (beat != null) {
            beat.cancel(false);
        }
    }
}
