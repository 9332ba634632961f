package dev.ditto.sdk.http;

import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.SdkException;
import dev.ditto.sdk.StreamPart;
import dev.ditto.sdk.UnexpectedResponseException;
import java.util.ArrayDeque;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Runs a {@link SseStreamDecoder} between a publisher of SSE events and a subscriber of stream
 * parts, with backpressure: the next event is requested only when the parts of the previous one
 * have all been delivered and the subscriber has demand.
 *
 * <p>Every failure becomes a terminal {@link StreamPart.Error} followed by {@code onComplete};
 * parts a decoder emits after an error are dropped. Like {@link SseSubscription}, all signals
 * funnel into one work-in-progress loop, so the decoder and the subscriber are never called
 * concurrently.
 */
final class DecodingSubscription implements Flow.Subscriber<SseEvent>, Flow.Subscription {

    private static final System.Logger LOG = System.getLogger(DecodingSubscription.class.getName());

    private final Flow.Publisher<SseEvent> events;
    private final SseStreamDecoder decoder;
    private final Flow.Subscriber<? super StreamPart> downstream;
    private final ErrorDetails details;
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicLong demand = new AtomicLong();
    private volatile Flow.@Nullable Subscription upstream;
    private volatile @Nullable SseEvent inbox;
    private volatile boolean upstreamDone;
    private volatile @Nullable Throwable upstreamError;
    private volatile boolean cancelled;
    private volatile @Nullable Throwable misuse;

    // Owned by the thread inside drain().
    private final ArrayDeque<StreamPart> parts = new ArrayDeque<>();
    private boolean upstreamRequested;
    private boolean ended;
    private boolean terminated;

    DecodingSubscription(Flow.Publisher<SseEvent> events, SseStreamDecoder decoder,
            Flow.Subscriber<? super StreamPart> downstream, ErrorDetails details) {
        this.events = events;
        this.decoder = decoder;
        this.downstream = downstream;
        this.details = details;
    }

    void start() {
        downstream.onSubscribe(this);
        if (!cancelled && misuse == null) {
            events.subscribe(this);
        }
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        if (cancelled || misuse != null) {
            subscription.cancel();
            return;
        }
        upstream = subscription;
        drain();
    }

    @Override
    public void onNext(SseEvent event) {
        inbox = event;
        drain();
    }

    @Override
    public void onError(Throwable error) {
        upstreamError = error;
        upstreamDone = true;
        drain();
    }

    @Override
    public void onComplete() {
        upstreamDone = true;
        drain();
    }

    @Override
    public void request(long n) {
        if (n <= 0) {
            misuse = new IllegalArgumentException("Flow rule 3.9: request(n) needs n > 0 but got " + n);
            cancelUpstream();
        } else {
            demand.getAndUpdate(current -> current + n < 0 ? Long.MAX_VALUE : current + n);
        }
        drain();
    }

    @Override
    public void cancel() {
        cancelled = true;
        cancelUpstream();
        drain();
    }

    private void cancelUpstream() {
        Flow.Subscription up = upstream;
        if (up != null) {
            up.cancel();
        }
    }

    private void drain() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            if (!terminated) {
                step();
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    private void step() {
        for (;;) {
            if (cancelled) {
                terminated = true;
                parts.clear();
                return;
            }
            Throwable error = misuse;
            if (error != null) {
                terminated = true;
                parts.clear();
                downstream.onError(error);
                return;
            }
            if (!parts.isEmpty()) {
                if (demand.get() == 0) {
                    return;
                }
                emit(parts.poll());
                continue;
            }
            if (ended) {
                terminated = true;
                downstream.onComplete();
                return;
            }
            SseEvent event = inbox;
            if (event != null) {
                inbox = null;
                upstreamRequested = false;
                decode(event);
                continue;
            }
            if (upstreamDone) {
                end();
                continue;
            }
            Flow.Subscription up = upstream;
            if (up == null || upstreamRequested || demand.get() == 0) {
                return;
            }
            upstreamRequested = true;
            up.request(1);
        }
    }

    private void decode(SseEvent event) {
        try {
            decoder.onEvent(event, this::accept);
        } catch (RuntimeException e) {
            accept(new StreamPart.Error(asSdkException(e, "the stream decoder failed on an event")));
        }
        if (ended) {
            cancelUpstream();
        }
    }

    private void end() {
        Throwable error = upstreamError;
        if (error instanceof SdkException sdk) {
            accept(new StreamPart.Error(sdk));
        } else if (error != null) {
            accept(new StreamPart.Error(asSdkException(error, "the event stream failed")));
        } else {
            try {
                decoder.onEnd(this::accept);
            } catch (RuntimeException e) {
                accept(new StreamPart.Error(asSdkException(e, "the stream decoder failed at the end")));
            }
        }
        // Whatever the decoder did, the stream is over once the events are.
        ended = true;
    }

    /** Queues a part from the decoder; an error part ends the stream and later parts are dropped. */
    private void accept(StreamPart part) {
        if (ended) {
            return;
        }
        parts.add(part);
        if (part instanceof StreamPart.Error) {
            ended = true;
        }
    }

    private SdkException asSdkException(Throwable error, String what) {
        return error instanceof SdkException sdk ? sdk : new UnexpectedResponseException(what + ": " + error, details, error);
    }

    private void emit(StreamPart part) {
        demand.getAndUpdate(current -> current == Long.MAX_VALUE ? current : current - 1);
        try {
            downstream.onNext(part);
        } catch (RuntimeException e) {
            // Flow rule 2.13 forbids throwing from onNext; treat it as a cancellation.
            LOG.log(System.Logger.Level.WARNING, "stream part subscriber threw from onNext; cancelling", e);
            cancelled = true;
            cancelUpstream();
        }
    }
}
