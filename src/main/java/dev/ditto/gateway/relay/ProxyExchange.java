package dev.ditto.gateway.relay;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.config.ModelDeployment;
import dev.ditto.control.Outcome;
import dev.ditto.gateway.api.ApiError;
import dev.ditto.gateway.api.ErrorResponses;
import dev.ditto.gateway.filter.BodyLimitFilter;
import dev.ditto.gateway.filter.RequestBodyTooLargeException;
import dev.ditto.gateway.routing.FailureKind;
import dev.ditto.provider.openai.OpenAiUpstream;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.ProviderUnavailableException;
import dev.ditto.sdk.SdkException;
import dev.ditto.sdk.StreamInterruptedException;
import dev.ditto.sdk.Usage;
import dev.ditto.sdk.http.ErrorResponse;
import dev.ditto.sdk.http.RawResponse;
import dev.ditto.sdk.http.TransportRequest;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One passthrough request: the client's request goes to an OpenAI-compatible upstream as it is
 * (but the {@code model}), and the upstream's answer comes back as it is, whatever its status,
 * relayed as its bytes arrive, with the client's pace setting the upstream's (a bounded queue).
 *
 * <p>Model routes go through the {@link AttemptPlan}: a 429, 5xx, timeout or connection failure
 * is retried or falls back while the body can be sent again and nothing has reached the client;
 * the last answer is relayed as it is. Account routes have one target and one attempt. Settles
 * exactly once through its {@link Settlement}, with the usage of a JSON answer that has one.
 */
final class ProxyExchange {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyExchange.class);

    /**
     * What to send.
     *
     * @param route the route
     * @param method the HTTP method
     * @param path the API path to call upstream, ids filled in
     * @param query the raw query string, or null
     * @param headers the client's headers to forward
     * @param body the body
     * @param model the model group the client named; null on account routes
     * @param target the one deployment of an account route; null when the router picks
     * @param streamed whether the answer streams (the first-byte timeout applies)
     */
    record Call(ProxyRoute route, String method, String path, @Nullable String query, Map<String, String> headers,
            ProxyBody body, @Nullable String model, @Nullable ModelDeployment target, boolean streamed) {}

    private final DataPlane plane;
    private final Routes routes;
    private final Call call;
    private final HttpServletResponse response;
    private final ObjectMapper json;
    private final Settlement settlement;
    private final AsyncWriter writer;
    private final @Nullable AttemptPlan plan;
    private final Consumer<Throwable> abort;
    private final AtomicReference<@Nullable ModelDeployment> inFlight = new AtomicReference<>();
    private volatile @Nullable CompletableFuture<RawResponse> pending;
    private volatile @Nullable BodyRelay relay;
    private volatile boolean clientGone;

    /**
     * @param abort breaks the client's connection off, once part of the answer was sent and the
     *     rest cannot come
     */
    ProxyExchange(DataPlane plane, Call call, AsyncContext context, ObjectMapper json, Settlement settlement,
            Consumer<Throwable> abort) throws IOException {
        this.abort = abort;
        this.plane = plane;
        this.routes = plane.routes();
        this.call = call;
        this.response = (HttpServletResponse) context.getResponse();
        this.json = json;
        this.settlement = settlement;
        this.plan = call.target() == null
                ? new AttemptPlan(routes.router(), call.model(), routes.retries(), ThreadLocalRandom.current()) : null;
        this.writer = new AsyncWriter(context, this::resume, this::clientGone);
        context.addListener(new DisconnectListener(this::clientGone));
    }

    void start() {
        ModelDeployment target = call.target();
        if (target != null) {
            call(target);
        } else {
            next(null, null);
        }
    }

    /**
     * Moves to the next attempt after a failure (or the first), or answers with the failure.
     *
     * @param failure why the last attempt failed; null for the first
     * @param orElse what to do when nothing is left to try; null to answer with the failure
     */
    private void next(@Nullable SdkException failure, @Nullable Runnable orElse) {
        if (clientGone) {
            finish(Outcome.Status.CLIENT_GONE, 499, null);
            return;
        }
        AttemptPlan.Attempt attempt = null;
        if (plan != null && (failure == null || call.body().replayable())) {
            attempt = plan.next(failure).orElse(null);
        }
        if (attempt == null) {
            if (orElse != null) {
                orElse.run();
            } else {
                fail(failure != null ? failure : new ProviderUnavailableException(
                        "no deployment of '" + call.model() + "' is available (all cooling down)", ErrorDetails.empty()));
            }
            return;
        }
        ModelDeployment deployment = attempt.deployment();
        if (attempt.delay().isZero()) {
            call(deployment);
        } else {
            plane.timer().schedule(() -> guarded(() -> call(deployment)), attempt.delay().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    private void call(ModelDeployment deployment) {
        if (clientGone) {
            finish(Outcome.Status.CLIENT_GONE, 499, null);
            return;
        }
        OpenAiUpstream upstream;
        try {
            upstream = routes.upstream(deployment).orElse(null);
        } catch (RuntimeException e) {
            upstream = null;
            LOG.warn("event=passthrough_unavailable deployment={} error=\"{}\"", deployment.id(), e.getMessage());
        }
        if (upstream == null) {
            // Not the deployment's health: a configuration that mixes providers in a group.
            next(new ProviderUnavailableException("deployment " + deployment.id() + " (" + deployment.litellmParams()
                    .provider() + ") cannot take " + call.route().recorded() + ", which passes OpenAI's API through",
                    ErrorDetails.empty()), null);
            return;
        }
        String upstreamModel = call.model() != null ? deployment.litellmParams().model() : null;
        TransportRequest.Builder request = upstream.request(call.path(), call.query(), upstreamModel)
                .method(call.method());
        Map<String, String> accountHeaders = upstream.headers();
        call.headers().forEach((name, value) -> {
            if (!accountHeaders.containsKey(name)) {
                request.header(name, value);
            }
        });
        HttpRequest.BodyPublisher body = call.body().publisher(upstreamModel);
        routes.router().stats().started(deployment.id());
        inFlight.set(deployment);
        settlement.attempt(deployment);
        long calledAt = plane.ticker().read();
        CompletableFuture<RawResponse> exchange = upstream.transport().exchange(request.build(), body, call.streamed());
        pending = exchange;
        if (clientGone) {
            exchange.cancel(true);
        }
        OpenAiUpstream called = upstream;
        exchange.whenComplete((answer, error) -> guarded(() -> answered(deployment, called, calledAt, answer, error)));
    }

    private void answered(ModelDeployment deployment, OpenAiUpstream upstream, long calledAt,
            @Nullable RawResponse answer, @Nullable Throwable error) {
        if (clientGone) {
            if (answer != null) {
                answer.discard();
            }
            finishAttempt(0);
            return;
        }
        if (answer == null) {
            Throwable client = call.body().clientFailure();
            finishAttempt(0);
            if (client != null) {
                clientFailed(client);
                return;
            }
            SdkException failure = Answers.unwrap(error == null ? new IllegalStateException("no answer") : error);
            routes.attemptFailed(deployment, failure);
            LOG.info("event=attempt_failed request_id={} deployment={} error=\"{}\"", settlement.requestId(),
                    deployment.id(), failure.getMessage());
            next(failure, null);
            return;
        }
        int status = answer.status();
        if ((status == 429 || status >= 500) && plan != null && call.body().replayable()) {
            // Read the error to see whether it is worth another attempt; relay it if none is left.
            answer.body().subscribe(new ErrorCollector(bytes -> guarded(() -> retryOrRelay(deployment, upstream,
                    calledAt, answer, bytes))));
            return;
        }
        relay(deployment, calledAt, answer);
    }

    private void retryOrRelay(ModelDeployment deployment, OpenAiUpstream upstream, long calledAt, RawResponse answer,
            ErrorCollector.@Nullable Collected error) {
        if (error == null) {
            // The error body broke off: the attempt failed like a dropped connection.
            finishAttempt(0);
            routes.router().cooldowns().recordFailure(deployment.id(), FailureKind.SERVER_ERROR);
            next(new StreamInterruptedException("the error answer of deployment " + deployment.id() + " broke off",
                    ErrorDetails.empty()), null);
            return;
        }
        SdkException failure = upstream.transport().config().errorMapper().map(new ErrorResponse(answer.status(),
                answer.headers(), new String(error.bytes(), StandardCharsets.UTF_8), error.truncated(),
                upstream.provider(), deployment.litellmParams().model()));
        finishAttempt(0);
        routes.attemptFailed(deployment, failure);
        LOG.info("event=attempt_failed request_id={} deployment={} status={} error=\"{}\"", settlement.requestId(),
                deployment.id(), answer.status(), failure.getMessage());
        next(failure, () -> {
            startAnswer(deployment, calledAt, answer.status(), answer.headers());
            response.setContentLength(error.bytes().length);
            writer.write(error.bytes());
            writer.close();
            finish(Outcome.Status.UPSTREAM_ERROR, answer.status(), null);
        });
    }

    /** Relays an answer as it is: status, the headers worth keeping, and the body as it arrives. */
    private void relay(ModelDeployment deployment, long calledAt, RawResponse answer) {
        int status = answer.status();
        boolean ok = status >= 200 && status < 300;
        if (ok) {
            routes.router().cooldowns().recordSuccess(deployment.id());
            routes.router().stats().latency(deployment.id(), Duration.ofNanos(plane.ticker().read() - calledAt));
        } else if (status == 429 || status >= 500) {
            routes.router().cooldowns().recordFailure(deployment.id(),
                    status == 429 ? FailureKind.RATE_LIMITED : FailureKind.SERVER_ERROR);
        }
        startAnswer(deployment, calledAt, status, answer.headers());
        answer.header("content-length").ifPresent(length -> response.setHeader("content-length", length));
        String type = answer.header("content-type").orElse("").toLowerCase(Locale.ROOT);
        UsageSniffer sniffer = ok && type.startsWith("application/json") ? new UsageSniffer(json) : null;
        BodyRelay next = new BodyRelay(status, sniffer);
        relay = next;
        answer.body().subscribe(next);
    }

    private void startAnswer(ModelDeployment deployment, long calledAt, int status, HttpHeaders headers) {
        response.setStatus(status);
        ProxyHeaders.relay(headers, response);
        Answers.served(response, deployment, calledAt - settlement.startedAt());
    }

    private void fail(SdkException failure) {
        EdgeFormat.Error error = EdgeFormats.openAiChat().encodeError(failure);
        Answers.error(response, writer, json, error.status(), error.body(), error.retryAfter());
        finish(Outcome.Status.UPSTREAM_ERROR, error.status(), null);
    }

    /** The client's upload failed: too large (413), or the client went away. */
    private void clientFailed(Throwable failure) {
        if (failure instanceof RequestBodyTooLargeException tooLarge) {
            ApiError error = BodyLimitFilter.tooLarge(tooLarge.limit());
            Answers.error(response, writer, json, error.status(), error.toJson(json), null);
            finish(Outcome.Status.REJECTED, error.status(), null);
            return;
        }
        clientGone = true;
        writer.close();
        finish(Outcome.Status.CLIENT_GONE, 499, null);
    }

    private void finish(Outcome.Status status, int httpStatus, @Nullable Usage usage) {
        settlement.settle(status, httpStatus, usage);
        call.body().release();
    }

    /** Closes the statistics of the attempt in flight, once. */
    private void finishAttempt(long tokens) {
        ModelDeployment deployment = inFlight.getAndSet(null);
        if (deployment != null) {
            routes.router().stats().finished(deployment.id(), tokens);
        }
    }

    /**
     * Runs a step in an upstream callback, where an exception would otherwise vanish into a
     * future or a publisher and leave the client waiting.
     */
    private void guarded(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            ApiError error = ErrorResponses.internal(e, LOG);
            BodyRelay current = relay;
            if (current != null) {
                current.cancel();
            }
            finishAttempt(0);
            boolean started = response.isCommitted();
            Answers.error(response, writer, json, error.status(), error.toJson(json), null);
            finish(Outcome.Status.GATEWAY_ERROR, started ? response.getStatus() : error.status(), null);
        }
    }

    private void clientGone(Throwable failure) {
        if (clientGone && settlement.isSettled()) {
            return;
        }
        clientGone = true;
        CompletableFuture<RawResponse> exchange = pending;
        if (exchange != null) {
            exchange.cancel(true);
        }
        BodyRelay current = relay;
        if (current != null) {
            current.cancel();
        }
        finishAttempt(0);
        finish(Outcome.Status.CLIENT_GONE, 499, null);
        LOG.debug("event=client_gone request_id={} error=\"{}\"", settlement.requestId(), failure.toString());
    }

    private void resume() {
        BodyRelay current = relay;
        if (current != null) {
            current.resume();
        }
    }

    /** Writes the answer's body to the client one upstream buffer list at a time, while the client keeps up. */
    private final class BodyRelay implements Flow.Subscriber<List<ByteBuffer>> {

        private final int status;
        private final @Nullable UsageSniffer sniffer;
        private final AtomicBoolean paused = new AtomicBoolean();
        private volatile Flow.@Nullable Subscription subscription;
        private volatile boolean cancelled;

        BodyRelay(int status, @Nullable UsageSniffer sniffer) {
            this.status = status;
            this.sniffer = sniffer;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (clientGone || cancelled) {
                s.cancel();
                return;
            }
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            guarded(() -> {
                if (cancelled) {
                    return;
                }
                for (ByteBuffer buffer : buffers) {
                    byte[] bytes = new byte[buffer.remaining()];
                    buffer.get(bytes);
                    if (sniffer != null) {
                        sniffer.feed(bytes);
                    }
                    writer.write(bytes);
                }
                settlement.firstToken();
                request();
            });
        }

        @Override
        public void onError(Throwable failure) {
            guarded(() -> {
                if (cancelled || clientGone) {
                    return;
                }
                SdkException broke = Answers.unwrap(failure);
                ModelDeployment deployment = inFlight.get();
                if (deployment != null) {
                    routes.attemptFailed(deployment, broke);
                }
                finishAttempt(0);
                LOG.info("event=passthrough_broke_off request_id={} error=\"{}\"", settlement.requestId(),
                        broke.getMessage());
                if (!response.isCommitted()) {
                    // Nothing reached the client yet: it gets an error instead of a truncated answer.
                    response.setHeader("content-length", null);
                    response.setHeader("content-disposition", null);
                    fail(broke);
                    return;
                }
                // The client holds part of the answer: it must see a broken response, not a short one.
                finish(Outcome.Status.STREAM_ERROR, status, null);
                writer.abandon();
                abort.accept(broke);
            });
        }

        @Override
        public void onComplete() {
            guarded(() -> {
                if (cancelled || clientGone) {
                    return;
                }
                writer.close();
                Usage usage = sniffer == null ? null : sniffer.usage();
                Long total = usage == null ? null : usage.totalTokens();
                finishAttempt(total == null ? 0 : total);
                boolean ok = status >= 200 && status < 300;
                finish(ok ? Outcome.Status.OK : Outcome.Status.UPSTREAM_ERROR, status, usage);
            });
        }

        private void request() {
            Flow.Subscription s = subscription;
            if (s == null || clientGone || cancelled) {
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
            cancelled = true;
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }
    }
}
