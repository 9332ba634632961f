package dev.ditto.gateway.relay;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.config.ModelDeployment;
import dev.ditto.gateway.api.ApiError;
import dev.ditto.control.Outcome;
import dev.ditto.gateway.api.ErrorResponses;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.LanguageModel;
import dev.ditto.sdk.LanguageModelResult;
import dev.ditto.sdk.ProviderUnavailableException;
import dev.ditto.sdk.SdkException;
import dev.ditto.sdk.StreamInterruptedException;
import dev.ditto.sdk.StreamPart;
import dev.ditto.sdk.UnexpectedResponseException;
import dev.ditto.sdk.Usage;
import dev.ditto.sdk.http.SseEvent;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client request through the relay: attempts per the {@link AttemptPlan}, each through the
 * deployment's adapter, with retries and fallbacks only while nothing has been sent to the
 * client; then the answer in the client's own format, streamed as it arrives. Settles
 * exactly once through its {@link Settlement} (permit, record, log line), and closes the
 * router statistics and cooldown of every attempt, however it ends.
 */
final class RelayExchange {


    private static final Logger LOG = LoggerFactory.getLogger(RelayExchange.class);
    /** How often an idle stream gets an SSE comment: it is how a client that left is noticed. */
    static final Duration HEARTBEAT = Duration.ofSeconds(1);
    private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private final DataPlane plane;
    private final EdgeFormat format;
    private final EdgeFormat.Decoded edge;
    private final AsyncContext context;
    private final HttpServletResponse response;
    private final ObjectMapper json;
    private final long startedAt;
    private final String requestId;
    private final AttemptPlan plan;
    private final Settlement settlement;
    private final AsyncWriter writer;
    private volatile @Nullable StreamRelay relay;
    private volatile @Nullable CompletableFuture<?> pending;
    private volatile boolean clientGone;

    RelayExchange(DataPlane plane, EdgeFormat format, EdgeFormat.Decoded edge, AsyncContext context,
            ObjectMapper json, Settlement settlement) throws IOException {
        this.plane = plane;
        this.format = format;
        this.edge = edge;
        this.context = context;
        this.response = (HttpServletResponse) context.getResponse();
        this.json = json;
        this.settlement = settlement;
        this.startedAt = settlement.startedAt();
        this.requestId = settlement.requestId();
        this.plan = new AttemptPlan(plane.router(), edge.model(), plane.retries(), ThreadLocalRandom.current());
        this.writer = new AsyncWriter(context, this::resume, this::clientGone);
    }

    void start() {
        next(null);
    }

    private void next(@Nullable SdkException failure) {
        if (clientGone) {
            settlement.settle(Outcome.Status.CLIENT_GONE, 499, null);
            return;
        }
        AttemptPlan.Attempt attempt = plan.next(failure).orElse(null);
        if (attempt == null) {
            fail(failure != null ? failure : new ProviderUnavailableException(
                    "no deployment of '" + edge.model() + "' is available (all cooling down)", ErrorDetails.empty()));
            return;
        }
        if (attempt.delay().isZero()) {
            call(attempt.deployment());
        } else {
            plane.timer().schedule(() -> call(attempt.deployment()), attempt.delay().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void call(ModelDeployment deployment) {
        LanguageModel model;
        try {
            model = plane.model(deployment, format.api());
        } catch (RuntimeException e) {
            failed(deployment, new UnexpectedResponseException("deployment " + deployment.id()
                    + " cannot be called: " + e.getMessage(), ErrorDetails.empty()));
            return;
        }
        plane.router().stats().started(deployment.id());
        settlement.attempt(deployment);
        long calledAt = plane.ticker().read();
        if (edge.stream()) {
            StreamRelay next = new StreamRelay(deployment, calledAt);
            relay = next;
            model.stream(edge.request()).subscribe(next);
        } else {
            CompletableFuture<LanguageModelResult> call = model.generateAsync(edge.request());
            pending = call;
            call.whenComplete((result, error) -> {
                if (clientGone) {
                    plane.router().stats().finished(deployment.id(), 0);
                    plane.router().cooldowns().releaseProbe(deployment.id());
                } else if (error != null) {
                    failed(deployment, Answers.unwrap(error));
                } else {
                    guarded(() -> {
                        succeeded(deployment, calledAt, result.usage());
                        respond(deployment, calledAt, result);
                    });
                }
            });
        }
    }

    private void respond(ModelDeployment deployment, long calledAt, LanguageModelResult result) {
        byte[] body = Answers.bytes(json, format.encodeResult(result, edge.model()));
        headers(deployment, calledAt, "application/json");
        response.setContentLength(body.length);
        writer.write(body);
        writer.close();
        settlement.settle(Outcome.Status.OK, 200, result.usage());
    }

    private void failed(ModelDeployment deployment, SdkException failure) {
        plane.events().attemptFailed(deployment.id(), failure);
        plane.router().cooldowns().recordFailure(deployment.id(), AttemptPlan.failureKind(failure));
        plane.router().stats().finished(deployment.id(), 0);
        LOG.info("event=attempt_failed request_id={} deployment={} error=\"{}\"", requestId, deployment.id(),
                failure.getMessage());
        next(failure);
    }

    private void succeeded(ModelDeployment deployment, long calledAt, Usage usage) {
        plane.router().cooldowns().recordSuccess(deployment.id());
        Long total = usage.totalTokens();
        plane.router().stats().finished(deployment.id(), total == null ? 0 : total);
        plane.router().stats().latency(deployment.id(), Duration.ofNanos(plane.ticker().read() - calledAt));
    }

    private void fail(SdkException failure) {
        EdgeFormat.Error error = format.encodeError(failure);
        Answers.error(response, writer, json, error.status(), error.body(), error.retryAfter());
        settlement.settle(Outcome.Status.UPSTREAM_ERROR, error.status(), null);
    }

    private void headers(ModelDeployment deployment, long calledAt, String contentType) {
        Answers.servedBy(response, deployment, calledAt - startedAt, contentType);
    }

    /**
     * Runs a step in an upstream callback, where an exception would otherwise vanish into a
     * future or a publisher and leave the client waiting: it becomes a 500 with an error id, or,
     * once the stream has started, the end of the stream.
     */
    private void guarded(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            ApiError error = ErrorResponses.internal(e, LOG);
            StreamRelay current = relay;
            if (current != null) {
                current.abort();
            }
            boolean started = response.isCommitted();
            Answers.error(response, writer, json, error.status(), format.gatewayError(error), null);
            settlement.settle(Outcome.Status.GATEWAY_ERROR, started ? 200 : error.status(), null);
        }
    }

    private void clientGone(Throwable failure) {
        clientGone = true;
        StreamRelay current = relay;
        if (current != null) {
            current.abort();
        }
        CompletableFuture<?> call = pending;
        if (call != null) {
            // Cancelling the adapter's future closes the upstream connection.
            call.cancel(true);
        }
        settlement.settle(Outcome.Status.CLIENT_GONE, 499, null);
    }

    private void resume() {
        StreamRelay current = relay;
        if (current != null) {
            current.resume();
        }
    }

    /**
     * Relays one attempt's stream. Parts are held back until the first one that carries content,
     * so that an error before it can still be retried; from then on, every part is encoded and
     * written as it arrives, one requested at a time while the client keeps up.
     */
    private final class StreamRelay implements Flow.Subscriber<StreamPart> {

        private final ModelDeployment deployment;
        private final long calledAt;
        private final List<StreamPart> held = new ArrayList<>();
        private final AtomicBoolean paused = new AtomicBoolean();
        private volatile Flow.@Nullable Subscription subscription;
        private EdgeFormat.@Nullable StreamEncoder encoder;
        private volatile boolean abandoned;
        private volatile long lastWrite;
        private volatile @Nullable ScheduledFuture<?> heartbeat;
        private boolean finished;
        private @Nullable Usage usage;

        StreamRelay(ModelDeployment deployment, long calledAt) {
            this.deployment = deployment;
            this.calledAt = calledAt;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (clientGone) {
                s.cancel();
                return;
            }
            s.request(1);
        }

        @Override
        public void onNext(StreamPart part) {
            guarded(() -> next(part));
        }

        private void next(StreamPart part) {
            if (abandoned) {
                return;
            }
            if (encoder == null) {
                if (part instanceof StreamPart.Error error) {
                    abandon(error.error());
                    return;
                }
                held.add(part);
                if (part instanceof StreamPart.StreamStart || part instanceof StreamPart.TextStart
                        || part instanceof StreamPart.ReasoningStart) {
                    request();
                    return;
                }
                commit();
                return;
            }
            send(part);
            request();
        }

        /** Gives this attempt up before anything was sent: the plan may retry or fall back. */
        private void abandon(SdkException failure) {
            abandoned = true;
            held.clear();
            cancel();
            failed(deployment, failure);
        }

        /** The client left: stop the upstream and close this attempt's statistics. */
        void abort() {
            stopHeartbeat();
            if (!abandoned) {
                abandoned = true;
                cancel();
                plane.router().stats().finished(deployment.id(), 0);
                // A half-open probe that the client abandoned proved nothing either way.
                plane.router().cooldowns().releaseProbe(deployment.id());
            }
        }

        private void commit() {
            headers(deployment, calledAt, "text/event-stream");
            response.setHeader("cache-control", "no-cache");
            response.setHeader("x-accel-buffering", "no");
            encoder = format.newStreamEncoder(edge);
            settlement.firstToken();
            // Servlet containers notice a client that left only when a write fails, so an idle
            // stream (an upstream thinking) gets a comment now and then.
            heartbeat = plane.timer().scheduleWithFixedDelay(this::keepAlive, HEARTBEAT.toMillis(),
                    HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
            for (StreamPart part : held) {
                send(part);
            }
            held.clear();
            request();
        }

        private void keepAlive() {
            if (writer.isDone()) {
                stopHeartbeat();
            } else if (plane.ticker().read() - lastWrite >= HEARTBEAT.toNanos()) {
                writer.write(KEEP_ALIVE);
            }
        }

        private void stopHeartbeat() {
            ScheduledFuture<?> beat = heartbeat;
            if (beat != null) {
                beat.cancel(false);
            }
        }

        private void send(StreamPart part) {
            lastWrite = plane.ticker().read();
            if (part instanceof StreamPart.Finish finish) {
                finished = true;
                usage = finish.usage();
            } else if (part instanceof StreamPart.Error error) {
                plane.events().attemptFailed(deployment.id(), error.error());
                plane.router().cooldowns().recordFailure(deployment.id(), AttemptPlan.failureKind(error.error()));
            }
            for (SseEvent event : encoder.encode(part)) {
                writer.write(SseBytes.of(event));
            }
        }

        private void request() {
            Flow.Subscription s = subscription;
            if (s == null || clientGone) {
                return;
            }
            if (writer.hasRoom()) {
                s.request(1);
            } else {
                paused.set(true);
                // The client may have caught up between the check and the flag.
                if (writer.hasRoom() && paused.compareAndSet(true, false)) {
                    s.request(1);
                }
            }
        }

        void resume() {
            Flow.Subscription s = subscription;
            if (s != null && paused.compareAndSet(true, false)) {
                s.request(1);
            }
        }

        void cancel() {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }

        @Override
        public void onError(Throwable failure) {
            if (encoder == null) {
                abandon(Answers.unwrap(failure));
                return;
            }
            onNext(new StreamPart.Error(Answers.unwrap(failure)));
            onComplete();
        }

        @Override
        public void onComplete() {
            guarded(this::complete);
        }

        private void complete() {
            if (abandoned) {
                return;
            }
            if (encoder == null) {
                // The contract ends a failed stream with an error part; an empty end is a failure too.
                abandon(new StreamInterruptedException("the upstream stream ended before any content",
                        ErrorDetails.empty()));
                return;
            }
            stopHeartbeat();
            for (SseEvent event : encoder.end()) {
                writer.write(SseBytes.of(event));
            }
            writer.close();
            if (finished) {
                succeeded(deployment, calledAt, usage == null ? Usage.empty() : usage);
                settlement.settle(Outcome.Status.OK, 200, usage);
            } else {
                plane.router().stats().finished(deployment.id(), 0);
                settlement.settle(Outcome.Status.STREAM_ERROR, 200, usage);
            }
        }
    }
}
