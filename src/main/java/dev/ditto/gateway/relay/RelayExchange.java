package dev.ditto.gateway.relay;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.config.ModelDeployment;
import dev.ditto.control.Outcome;
import dev.ditto.gateway.api.ApiError;
import dev.ditto.gateway.api.ErrorResponses;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.ProviderUnavailableException;
import dev.ditto.sdk.SdkException;
import dev.ditto.sdk.UnexpectedResponseException;
import dev.ditto.sdk.Usage;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client request through the relay: attempts per the {@link AttemptPlan}, with retries and
 * fallbacks only while nothing has been sent to the client, each attempt either forwarding the
 * client's request as it is (a {@link PassthroughCall}, where the deployment allows it) or going
 * through the deployment's adapter ({@link AdapterCalls}); then the answer, streamed as it
 * arrives. Settles exactly once through its {@link Settlement} (permit, record, log line), and
 * closes the router statistics and cooldown of every attempt, however it ends.
 *
 * <p>Thread-safe: upstream callbacks, the retry timer and container threads (client gone, room
 * to write) meet here; attempts are sequential.
 */
final class RelayExchange {

    private static final Logger LOG = LoggerFactory.getLogger(RelayExchange.class);

    /** Prepares one attempt on a deployment: resolves its model or upstream; sends nothing yet. */
    @FunctionalInterface
    interface Caller {

        /**
         * Prepares the attempt.
         *
         * @return the attempt, or null when this caller cannot serve the deployment (passthrough)
         * @throws RuntimeException if the deployment cannot be called at all
         */
        @Nullable Attempt prepare(RelayExchange exchange, ModelDeployment deployment);
    }

    /** A prepared attempt; its outcome reaches the exchange through {@link #await} or {@link #relay}. */
    @FunctionalInterface
    interface Attempt {
        void start(long calledAt);
    }

    /**
     * A whole JSON answer.
     *
     * @param body the bytes to send
     * @param usage what the upstream reported
     * @param headers upstream headers to relay
     */
    record Answer(byte[] body, Usage usage, Map<String, String> headers) {}

    private final DataPlane plane;
    private final Routes routes;
    private final EdgeFormat format;
    private final String model;
    private final HttpServletResponse response;
    private final ObjectMapper json;
    private final long startedAt;
    private final String requestId;
    private final AttemptPlan plan;
    private final Settlement settlement;
    private final AsyncWriter writer;
    private final Caller adapter;
    private final @Nullable Caller passthrough;
    private volatile @Nullable StreamRelay<?> relay;
    private volatile @Nullable CompletableFuture<?> pending;
    private volatile boolean clientGone;
    private volatile boolean lastAttemptForwarded;

    /**
     * Creates the exchange on a started asynchronous request.
     *
     * @param model the model group the client asked for
     * @param adapter how an attempt calls a deployment through its adapter
     * @param passthrough how an attempt forwards the request as it is, where the deployment
     *     allows it; null on routes that are always translated
     */
    RelayExchange(DataPlane plane, EdgeFormat format, String model, AsyncContext context, ObjectMapper json,
            Settlement settlement, Caller adapter, @Nullable Caller passthrough) throws IOException {
        this.plane = plane;
        this.routes = plane.routes();
        this.format = format;
        this.model = model;
        this.response = (HttpServletResponse) context.getResponse();
        this.json = json;
        this.settlement = settlement;
        this.startedAt = settlement.startedAt();
        this.requestId = settlement.requestId();
        this.adapter = adapter;
        this.passthrough = passthrough;
        this.plan = new AttemptPlan(routes.router(), model, routes.retries(), ThreadLocalRandom.current());
        this.writer = new AsyncWriter(context, this::resume, this::clientGone);
    }

    void start() {
        next(null);
    }

    DataPlane plane() {
        return plane;
    }

    /** The routes this request took when it started, kept to its end whatever a reload does. */
    Routes routes() {
        return routes;
    }

    EdgeFormat format() {
        return format;
    }

    ObjectMapper json() {
        return json;
    }

    AsyncWriter writer() {
        return writer;
    }

    Settlement settlement() {
        return settlement;
    }

    boolean isClientGone() {
        return clientGone;
    }

    private void next(@Nullable SdkException failure) {
        if (clientGone) {
            settlement.settle(Outcome.Status.CLIENT_GONE, 499, null);
            return;
        }
        AttemptPlan.Attempt attempt = plan.next(failure).orElse(null);
        if (attempt == null) {
            fail(failure != null ? failure : new ProviderUnavailableException(
                    "no deployment of '" + model + "' is available (all cooling down)", ErrorDetails.empty()));
        } else if (attempt.delay().isZero()) {
            call(attempt.deployment());
        } else {
            plane.timer().schedule(() -> call(attempt.deployment()), attempt.delay().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** One attempt: passthrough where the deployment allows it, else through the adapter. */
    private void call(ModelDeployment deployment) {
        routes.router().stats().started(deployment.id());
        settlement.attempt(deployment);
        Attempt attempt;
        try {
            attempt = passthrough == null ? null : passthrough.prepare(this, deployment);
            lastAttemptForwarded = attempt != null;
            if (attempt == null) {
                attempt = adapter.prepare(this, deployment);
            }
        } catch (RuntimeException e) {
            failed(deployment, new UnexpectedResponseException("deployment " + deployment.id()
                    + " cannot be called: " + e.getMessage(), ErrorDetails.empty()));
            return;
        }
        if (attempt != null) {
            Attempt prepared = attempt;
            guarded(() -> prepared.start(plane.ticker().read()));
        }
    }

    /** Waits for a whole answer without holding a thread, then writes it, or tries the next attempt. */
    <T> void await(ModelDeployment deployment, long calledAt, CompletableFuture<T> call, Function<T, Answer> answer) {
        pending = call;
        if (clientGone) {
            call.cancel(true);
        }
        call.whenComplete((result, error) -> {
            if (clientGone) {
                routes.router().stats().finished(deployment.id(), 0);
                // A half-open probe that the client abandoned proved nothing either way.
                routes.router().cooldowns().releaseProbe(deployment.id());
            } else if (error != null) {
                failed(deployment, Answers.unwrap(error));
            } else {
                guarded(() -> respond(deployment, calledAt, encode(deployment, answer, result)));
            }
        });
    }

    private <T> Answer encode(ModelDeployment deployment, Function<T, Answer> answer, T result) {
        try {
            return answer.apply(result);
        } catch (RuntimeException e) {
            routes.router().stats().finished(deployment.id(), 0);
            throw e;
        }
    }

    /** Subscribes a stream relay to an attempt's upstream stream. */
    <T> void relay(StreamRelay<T> next, Flow.Publisher<T> upstream) {
        relay = next;
        upstream.subscribe(next);
    }

    private void respond(ModelDeployment deployment, long calledAt, Answer answer) {
        succeeded(deployment, calledAt, answer.usage(), false);
        startAnswer(deployment, calledAt, "application/json", answer.headers());
        response.setContentLength(answer.body().length);
        writer.write(answer.body());
        writer.close();
        settlement.settle(Outcome.Status.OK, 200, answer.usage());
    }

    /**
     * Starts a 200 answer: who served it, what the gateway added, what is left of the caller's
     * rate limits, and the upstream's relayed headers.
     */
    void startAnswer(ModelDeployment deployment, long calledAt, String contentType, Map<String, String> headers) {
        Answers.servedBy(response, deployment, calledAt - startedAt, contentType);
        settlement.rateLimitHeaders().forEach(response::setHeader);
        headers.forEach(response::setHeader);
    }

    /** An attempt failed before anything was sent: count it, then retry, fall back or answer the error. */
    void failed(ModelDeployment deployment, SdkException failure) {
        routes.attemptFailed(deployment, failure);
        routes.router().stats().finished(deployment.id(), 0);
        LOG.info("event=attempt_failed request_id={} deployment={} error=\"{}\"", requestId, deployment.id(),
                failure.getMessage());
        next(failure);
    }

    /**
     * Counts a successful attempt. The latency-based router reads time to first token: a whole
     * answer's time for a JSON answer, and nothing here for a stream, which {@link #firstContent}
     * measured when its first content came.
     */
    void succeeded(ModelDeployment deployment, long calledAt, Usage usage, boolean streamed) {
        routes.router().cooldowns().recordSuccess(deployment.id());
        Long total = usage.totalTokens();
        routes.router().stats().finished(deployment.id(), total == null ? 0 : total);
        if (!streamed) {
            routes.router().stats().latency(deployment.id(), Duration.ofNanos(plane.ticker().read() - calledAt));
        }
    }

    /** A stream's first content reached the client: its time to first token, for the latency-based router. */
    void firstContent(ModelDeployment deployment, long calledAt) {
        routes.router().stats().latency(deployment.id(), Duration.ofNanos(plane.ticker().read() - calledAt));
    }

    private void fail(SdkException failure) {
        EdgeFormat.Error error = lastAttemptForwarded
                ? PassthroughWire.clientError(failure, json).orElseGet(() -> format.encodeError(failure))
                : format.encodeError(failure);
        Answers.error(response, writer, json, error.status(), error.body(), error.retryAfter());
        settlement.settle(Outcome.Status.UPSTREAM_ERROR, error.status(), null);
    }

    /**
     * Runs a step in an upstream callback, where an exception would otherwise vanish into a
     * future or a publisher and leave the client waiting: it becomes a 500 with an error id, or,
     * once the stream has started, the end of the stream.
     */
    void guarded(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            ApiError error = ErrorResponses.internal(e, LOG);
            StreamRelay<?> current = relay;
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
        StreamRelay<?> current = relay;
        if (current != null) {
            current.abort();
        }
        CompletableFuture<?> call = pending;
        if (call != null) {
            // Cancelling the transport's or adapter's future closes the upstream connection.
            call.cancel(true);
        }
        settlement.settle(Outcome.Status.CLIENT_GONE, 499, null);
    }

    private void resume() {
        StreamRelay<?> current = relay;
        if (current != null) {
            current.resume();
        }
    }
}
