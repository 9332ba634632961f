package dev.ditto.sdk.http;

import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.SdkException;
import dev.ditto.sdk.Ticker;
import dev.ditto.sdk.UnexpectedResponseException;
import dev.ditto.sdk.UpstreamTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One streaming exchange: the downstream {@link Flow.Subscription} of SSE events and, at the same
 * time, the HTTP client's body subscriber.
 *
 * <p>Backpressure: one upstream buffer list is requested only when no parsed event is waiting and
 * the downstream has demand, so at most one network read's worth of events is buffered. All
 * signals funnel into {@link #drain()}, a work-in-progress loop that runs on whichever thread
 * signalled and lets exactly one thread at a time touch the parser, the event queue and the
 * downstream subscriber.
 *
 * <p>Idle timeout: the gap since the last event or comment counts only while an upstream read is
 * outstanding; when the downstream stops requesting, the clock restarts on the next read.
 */
final class SseSubscription implements Flow.Subscription, HttpResponse.BodySubscriber<Void> {

    private static final System.Logger LOG = System.getLogger(SseSubscription.class.getName());

    /**
     * Swapped for {@link #DISCARD} at the end: the HTTP client keeps this body subscriber, with
     * the idle connection it came from, until the connection is reused or closed, and must not
     * keep the whole downstream (in the gateway, the finished client exchange) alive with it.
     */
    private volatile Flow.Subscriber<? super SseEvent> downstream;
    private final TransportRequest request;
    private final JdkHttpTransport transport;
    private final HttpTransportConfig config;
    private final Ticker ticker;
    private final SseParser parser;
    private final long idleNanos;
    private final @Nullable Consumer<HttpHeaders> onHeaders;
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicLong demand = new AtomicLong();
    /** An out-of-band failure (timeout, protocol violation): delivered at once, dropping queued events. */
    private final AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
    /** The upstream's own end by failure (broken body, unparseable SSE): delivered after queued events. */
    private volatile @Nullable SdkException upstreamError;
    private volatile boolean cancelled;
    private volatile boolean terminated;
    private volatile boolean headersReceived;
    private volatile boolean upstreamDone;
    private volatile boolean upstreamRequested;
    private volatile long idleSince;
    private volatile int maxBufferedEvents;
    private volatile @Nullable List<ByteBuffer> inbox;
    private volatile Flow.@Nullable Subscription upstream;
    private volatile @Nullable CompletableFuture<?> exchange;
    private volatile @Nullable ScheduledFuture<?> totalDeadline;
    private volatile @Nullable ScheduledFuture<?> idleCheck;

    // Owned by the thread inside drain().
    private final ArrayDeque<SseEvent> events = new ArrayDeque<>();
    private boolean parserFinished;
    private boolean stalled;

    /** Queues parsed events; any event or comment counts as upstream activity. */
    private final SseParser.Listener listener = new SseParser.Listener() {
        @Override
        public void onEvent(SseEvent event) {
            events.add(event);
            idleSince = ticker.read();
        }

        @Override
        public void onComment(String comment) {
            idleSince = ticker.read();
        }
    };

    private static final Flow.Subscriber<SseEvent> DISCARD = new Flow.Subscriber<>() {
        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.cancel();
        }

        @Override
        public void onNext(SseEvent item) {
        }

        @Override
        public void onError(Throwable throwable) {
        }

        @Override
        public void onComplete() {
        }
    };

    SseSubscription(Flow.Subscriber<? super SseEvent> downstream, TransportRequest request, JdkHttpTransport transport,
            @Nullable Consumer<HttpHeaders> onHeaders) {
        this.downstream = downstream;
        this.request = request;
        this.transport = transport;
        this.config = transport.config();
        this.ticker = config.ticker();
        this.parser = SseParser.of(config.maxLineBytes(), config.maxEventBytes());
        this.idleNanos = config.idleTimeout().toNanos();
        this.onHeaders = onHeaders;
    }

    void start() {
        downstream.onSubscribe(this);
        if (cancelled || failure.get() != null) {
            return;
        }
        totalDeadline = transport.schedule(
                () -> fail(TransportFailures.totalTimeout(request, config)), config.totalTimeout().toNanos());
        CompletableFuture<HttpResponse<Void>> sent = transport.sendStreaming(request, this::handle);
        exchange = sent;
        if (cancelled || failure.get() != null) {
            sent.cancel(true);
        }
        sent.whenComplete((response, error) -> {
            // Once the body has ended (cleanly or by our own cancel after a parse failure), the
            // exchange's late completion, often a CancellationException, must not replace the
            // real reason with "the response body broke off".
            if (error != null && !upstreamDone) {
                fail(TransportFailures.map(error, request, config, headersReceived));
            }
        });
    }

    /** Chooses the body subscriber once the status and headers are known. */
    private HttpResponse.BodySubscriber<Void> handle(HttpResponse.ResponseInfo info) {
        headersReceived = true;
        String contentType = info.headers().firstValue("content-type").orElse(null);
        boolean success = JdkHttpTransport.isSuccess(info.statusCode());
        if (success && (contentType == null || contentType.toLowerCase(Locale.ROOT).startsWith("text/event-stream"))) {
            if (onHeaders != null) {
                onHeaders.accept(info.headers());
            }
            return this;
        }
        return HttpResponse.BodySubscribers.mapping(new BoundedBodySubscriber(ErrorDetails.MAX_BODY_BYTES), body -> {
            fail(success ? unexpectedContentType(info, contentType, body) : config.errorMapper().map(new ErrorResponse(
                    info.statusCode(), info.headers(), body.text(), body.truncated(), request.provider(), request.model())));
            return null;
        });
    }

    private SdkException unexpectedContentType(HttpResponse.ResponseInfo info, @Nullable String contentType,
            BoundedBodySubscriber.Body body) {
        return new UnexpectedResponseException("expected a text/event-stream but got content type " + contentType,
                TransportFailures.details(request).withStatus(info.statusCode())
                        .withBody(body.bytes().length == 0 ? null : body.text(), body.truncated()));
    }

    @Override
    public CompletionStage<Void> getBody() {
        // Completes at once so that the exchange future reports only failures before the body.
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        if (cancelled || failure.get() != null) {
            subscription.cancel();
            return;
        }
        upstream = subscription;
        idleSince = ticker.read();
        scheduleIdleCheck(idleNanos);
        drain();
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        inbox = buffers;
        drain();
    }

    @Override
    public void onError(Throwable error) {
        if (upstreamError == null) {
            upstreamError = TransportFailures.map(error, request, config, true);
        }
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
            fail(new IllegalArgumentException("Flow rule 3.9: request(n) needs n > 0 but got " + n));
            return;
        }
        demand.getAndUpdate(current -> current + n < 0 ? Long.MAX_VALUE : current + n);
        drain();
    }

    @Override
    public void cancel() {
        cancelled = true;
        cancelUpstream();
        drain();
    }

    /** The most parsed events that waited for demand at once; for tests of the bounded buffer. */
    int maxBufferedEvents() {
        return maxBufferedEvents;
    }

    private void fail(Throwable error) {
        if (failure.compareAndSet(null, error)) {
            cancelUpstream();
            drain();
        }
    }

    private void cancelUpstream() {
        Flow.Subscription up = upstream;
        if (up != null) {
            up.cancel();
        }
        CompletableFuture<?> sent = exchange;
        if (sent != null) {
            sent.cancel(true);
        }
        cancelTimers();
    }

    private void cancelTimers() {
        ScheduledFuture<?> deadline = totalDeadline;
        if (deadline != null) {
            deadline.cancel(false);
        }
        ScheduledFuture<?> idle = idleCheck;
        if (idle != null) {
            idle.cancel(false);
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
                terminate();
                return;
            }
            Throwable error = failure.get();
            if (error != null) {
                terminate().onError(error);
                return;
            }
            if (!events.isEmpty()) {
                if (demand.get() == 0) {
                    stalled = true;
                    return;
                }
                emit(events.poll());
                continue;
            }
            List<ByteBuffer> buffers = inbox;
            if (buffers != null) {
                inbox = null;
                upstreamRequested = false;
                parse(buffers);
                continue;
            }
            if (upstreamDone) {
                SdkException upstreamFailure = upstreamError;
                if (upstreamFailure != null) {
                    terminate().onError(upstreamFailure);
                    return;
                }
                if (!parserFinished) {
                    parserFinished = true;
                    parseEnd();
                    continue;
                }
                terminate().onComplete();
                return;
            }
            Flow.Subscription up = upstream;
            if (up == null || upstreamRequested) {
                return;
            }
            if (demand.get() == 0) {
                stalled = true;
                return;
            }
            if (stalled) {
                // Time the downstream spent not requesting is not upstream idleness.
                stalled = false;
                idleSince = ticker.read();
            }
            upstreamRequested = true;
            up.request(1);
        }
    }

    private void emit(SseEvent event) {
        demand.getAndUpdate(current -> current == Long.MAX_VALUE ? current : current - 1);
        try {
            downstream.onNext(event);
        } catch (RuntimeException e) {
            // Flow rule 2.13 forbids throwing from onNext; treat it as a cancellation.
            LOG.log(System.Logger.Level.WARNING, "SSE subscriber threw from onNext; cancelling " + request, e);
            cancelled = true;
            cancelUpstream();
        }
    }

    private void parse(List<ByteBuffer> buffers) {
        try {
            for (ByteBuffer buffer : buffers) {
                parser.feed(buffer, listener);
            }
        } catch (UnexpectedResponseException e) {
            upstreamError = withCaller(e);
            upstreamDone = true;
            cancelUpstream();
        }
        maxBufferedEvents = Math.max(maxBufferedEvents, events.size());
    }

    private void parseEnd() {
        try {
            parser.finish(listener);
        } catch (UnexpectedResponseException e) {
            upstreamError = withCaller(e);
        }
    }

    private UnexpectedResponseException withCaller(UnexpectedResponseException e) {
        return new UnexpectedResponseException(e.getMessage(), TransportFailures.details(request).withStatus(200), e);
    }

    /** Ends the subscription and lets go of the downstream, returning it for the final signal. */
    private Flow.Subscriber<? super SseEvent> terminate() {
        terminated = true;
        events.clear();
        inbox = null;
        cancelTimers();
        Flow.Subscriber<? super SseEvent> last = downstream;
        downstream = DISCARD;
        return last;
    }

    private void scheduleIdleCheck(long delayNanos) {
        if (terminated || cancelled) {
            return;
        }
        idleCheck = transport.schedule(this::checkIdle, delayNanos);
    }

    private void checkIdle() {
        if (terminated || cancelled || failure.get() != null) {
            return;
        }
        long remaining = idleNanos;
        if (upstreamRequested) {
            long idle = ticker.read() - idleSince;
            if (idle >= idleNanos) {
                fail(new UpstreamTimeoutException("no SSE event for " + Duration.ofNanos(idle)
                        + ", over the idle timeout " + config.idleTimeout(), TransportFailures.details(request)));
                return;
            }
            remaining = idleNanos - idle;
        }
        scheduleIdleCheck(remaining);
    }
}
