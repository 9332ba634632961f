package dev.ditto.sdk.http;

import dev.ditto.sdk.UpstreamTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The body of a {@link RawResponse}: the HTTP client's body publisher, with the transport's
 * timeouts laid over it and its failures mapped to SDK exceptions.
 *
 * <p>Idle timeout: the gap since the last buffer counts only while the subscriber has requested
 * more, so a slow client does not time the upstream out. Total timeout: the deadline of the whole
 * exchange, which started before the headers. On either, the connection is closed and the
 * subscriber gets an {@link UpstreamTimeoutException}.
 *
 * <p>One subscriber; signals to it are serialised by a lock, which is never held while waiting.
 */
final class RawBody implements Flow.Publisher<List<ByteBuffer>> {

    private final Flow.Publisher<List<ByteBuffer>> source;
    private final TransportRequest request;
    private final JdkHttpTransport transport;
    private final long deadline;
    private final AtomicBoolean subscribed = new AtomicBoolean();

    /**
     * @param deadline when the exchange's total timeout expires, by the transport's ticker
     */
    RawBody(Flow.Publisher<List<ByteBuffer>> source, TransportRequest request, JdkHttpTransport transport,
            long deadline) {
        this.source = source;
        this.request = request;
        this.transport = transport;
        this.deadline = deadline;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super List<ByteBuffer>> subscriber) {
        if (!subscribed.compareAndSet(false, true)) {
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                    // Refused below.
                }

                @Override
                public void cancel() {
                    // Refused below.
                }
            });
            subscriber.onError(new IllegalStateException("the body of " + request + " has a subscriber already"));
            return;
        }
        source.subscribe(new Relay(subscriber));
    }

    /** Passes buffers and demand through, and watches the clocks. */
    private final class Relay implements Flow.Subscriber<List<ByteBuffer>>, Flow.Subscription {

        private final Flow.Subscriber<? super List<ByteBuffer>> downstream;
        private final AtomicLong outstanding = new AtomicLong();
        private final long idleNanos = transport.config().idleTimeout().toNanos();
        private volatile Flow.@Nullable Subscription upstream;
        private volatile long lastActivity;
        private volatile boolean terminated;
        private volatile @Nullable ScheduledFuture<?> idleCheck;
        private volatile @Nullable ScheduledFuture<?> totalCheck;

        Relay(Flow.Subscriber<? super List<ByteBuffer>> downstream) {
            this.downstream = downstream;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            upstream = subscription;
            lastActivity = now();
            long left = Math.max(0, deadline - now());
            // Timers first, so that a body that ends inside onSubscribe cancels them; under the
            // lock, so that one that fires at once waits for onSubscribe to be signalled.
            synchronized (this) {
                totalCheck = transport.schedule(
                        () -> timeout(TransportFailures.totalTimeout(request, transport.config())), left);
                scheduleIdleCheck(idleNanos);
                downstream.onSubscribe(this);
            }
            if (terminated) {
                cancelTimers();
            }
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                timeout(new IllegalArgumentException("Flow rule 3.9: request(n) needs n > 0 but got " + n));
                return;
            }
            // Time without demand is the subscriber's, not the upstream's idleness.
            if (outstanding.getAndUpdate(current -> current + n < 0 ? Long.MAX_VALUE : current + n) == 0) {
                lastActivity = now();
            }
            Flow.Subscription up = upstream;
            if (up != null) {
                up.request(n);
            }
        }

        @Override
        public void cancel() {
            terminated = true;
            stop();
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            synchronized (this) {
                if (terminated) {
                    return;
                }
                lastActivity = now();
                outstanding.getAndUpdate(current -> current == Long.MAX_VALUE ? current : Math.max(0, current - 1));
                downstream.onNext(buffers);
            }
        }

        @Override
        public void onError(Throwable failure) {
            synchronized (this) {
                if (terminated) {
                    return;
                }
                terminated = true;
                cancelTimers();
                downstream.onError(TransportFailures.map(failure, request, transport.config(), true));
            }
        }

        @Override
        public void onComplete() {
            synchronized (this) {
                if (terminated) {
                    return;
                }
                terminated = true;
                cancelTimers();
                downstream.onComplete();
            }
        }

        private void timeout(Throwable failure) {
            synchronized (this) {
                if (terminated) {
                    return;
                }
                terminated = true;
                stop();
                downstream.onError(failure);
            }
        }

        private void stop() {
            cancelTimers();
            Flow.Subscription up = upstream;
            if (up != null) {
                up.cancel();
            }
        }

        private void cancelTimers() {
            ScheduledFuture<?> idle = idleCheck;
            if (idle != null) {
                idle.cancel(false);
            }
            ScheduledFuture<?> total = totalCheck;
            if (total != null) {
                total.cancel(false);
            }
        }

        private void scheduleIdleCheck(long delayNanos) {
            if (!terminated) {
                idleCheck = transport.schedule(this::checkIdle, delayNanos);
            }
        }

        private void checkIdle() {
            if (terminated) {
                return;
            }
            long remaining = idleNanos;
            if (outstanding.get() > 0) {
                long idle = now() - lastActivity;
                if (idle >= idleNanos) {
                    timeout(new UpstreamTimeoutException("no response bytes for " + Duration.ofNanos(idle)
                            + ", over the idle timeout " + transport.config().idleTimeout(),
                            TransportFailures.details(request)));
                    return;
                }
                remaining = idleNanos - idle;
            }
            scheduleIdleCheck(remaining);
        }

        private long now() {
            return transport.config().ticker().read();
        }
    }
}
