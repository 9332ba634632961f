package dev.ditto.gateway.relay;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.config.ModelDeployment;
import dev.ditto.gateway.api.ApiError;
import dev.ditto.gateway.api.ErrorResponses;
import dev.ditto.gateway.filter.RequestIdFilter;
import dev.ditto.gateway.routing.FailureKind;
import dev.ditto.gateway.tokens.LocalTokenCounter;
import dev.ditto.provider.anthropic.AnthropicEdgeCodec;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.LanguageModel;
import dev.ditto.sdk.ProviderUnavailableException;
import dev.ditto.sdk.SdkException;
import dev.ditto.sdk.TokenCounter;
import dev.ditto.sdk.UnexpectedResponseException;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One {@code count_tokens} request: the deployment is chosen as for {@code /v1/messages} (same
 * plan of retries, fallbacks and cooldowns); a deployment whose model is a {@link TokenCounter}
 * (Anthropic) is asked without blocking, any other is counted locally with {@link
 * LocalTokenCounter}. The answer is {@code {"input_tokens": n}}.
 *
 * <p>A count asks nothing of the deployment's load statistics (it is not a generation), and a
 * 429 from it does not cool the deployment down: Anthropic limits count_tokens separately from
 * messages.
 */
final class CountTokensExchange {

    /** Response header saying who counted: {@value #SOURCE_UPSTREAM} or {@value #SOURCE_LOCAL}. */
    static final String SOURCE_HEADER = "x-ditto-token-count-source";
    static final String SOURCE_UPSTREAM = "upstream";
    static final String SOURCE_LOCAL = "local";

    private static final Logger LOG = LoggerFactory.getLogger(CountTokensExchange.class);

    private final DataPlane plane;
    private final Routes routes;
    private final LocalTokenCounter tokens;
    private final EdgeFormat format;
    private final AnthropicEdgeCodec.DecodedRequest decoded;
    private final HttpServletResponse response;
    private final ObjectMapper json;
    private final long startedAt;
    private final String requestId;
    private final AttemptPlan plan;
    private final AsyncWriter writer;
    private final AtomicBoolean settled = new AtomicBoolean();
    private volatile @Nullable CompletableFuture<Long> pending;

    CountTokensExchange(DataPlane plane, LocalTokenCounter tokens, EdgeFormat format,
            AnthropicEdgeCodec.DecodedRequest decoded, AsyncContext context, ObjectMapper json, long startedAt)
            throws IOException {
        this.plane = plane;
        this.routes = plane.routes();
        this.tokens = tokens;
        this.format = format;
        this.decoded = decoded;
        this.response = (HttpServletResponse) context.getResponse();
        this.json = json;
        this.startedAt = startedAt;
        Object id = context.getRequest().getAttribute(RequestIdFilter.ATTRIBUTE);
        this.requestId = id == null ? "-" : id.toString();
        this.plan = new AttemptPlan(routes.router(), decoded.model(), routes.retries(), ThreadLocalRandom.current());
        this.writer = new AsyncWriter(context, () -> { }, this::clientGone);
    }

    void start() {
        next(null);
    }

    private void next(@Nullable SdkException failure) {
        AttemptPlan.Attempt attempt = plan.next(failure).orElse(null);
        if (attempt == null) {
            fail(failure != null ? failure : new ProviderUnavailableException(
                    "no deployment of '" + decoded.model() + "' is available (all cooling down)", ErrorDetails.empty()));
        } else if (attempt.delay().isZero()) {
            guarded(() -> call(attempt.deployment()));
        } else {
            plane.timer().schedule(() -> guarded(() -> call(attempt.deployment())), attempt.delay().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    private void call(ModelDeployment deployment) {
        LanguageModel model;
        try {
            model = routes.model(deployment, DeploymentModels.Api.CHAT);
        } catch (RuntimeException e) {
            failed(deployment, new UnexpectedResponseException("deployment " + deployment.id()
                    + " cannot be called: " + e.getMessage(), ErrorDetails.empty()));
            return;
        }
        if (!(model instanceof TokenCounter counter)) {
            // The plan may have claimed this deployment's probe; no call goes out to settle it.
            routes.router().cooldowns().releaseProbe(deployment.id());
            long count = tokens.count(decoded.request(), deployment.litellmParams().model());
            respond(deployment, plane.ticker().read(), count, SOURCE_LOCAL);
            return;
        }
        long calledAt = plane.ticker().read();
        CompletableFuture<Long> call = counter.countTokensAsync(decoded.request());
        pending = call;
        call.whenComplete((count, error) -> {
            if (error != null) {
                failed(deployment, Answers.unwrap(error));
            } else {
                guarded(() -> {
                    routes.router().cooldowns().recordSuccess(deployment.id());
                    respond(deployment, calledAt, count, SOURCE_UPSTREAM);
                });
            }
        });
    }

    private void respond(ModelDeployment deployment, long calledAt, long count, String source) {
        byte[] body = Answers.bytes(json, AnthropicEdgeCodec.ofDefaults().encodeCountTokens(count));
        Answers.servedBy(response, deployment, calledAt - startedAt, "application/json");
        response.setHeader(SOURCE_HEADER, source);
        response.setContentLength(body.length);
        writer.write(body);
        writer.close();
        settle("ok", deployment, source);
    }

    private void failed(ModelDeployment deployment, SdkException failure) {
        FailureKind kind = AttemptPlan.failureKind(failure);
        // count_tokens has rate limits of its own: its 429 says nothing about the deployment's messages.
        routes.router().cooldowns().recordFailure(deployment.id(),
                kind == FailureKind.RATE_LIMITED ? FailureKind.CLIENT_ERROR : kind);
        LOG.info("event=attempt_failed request_id={} route=count_tokens deployment={} error=\"{}\"", requestId,
                deployment.id(), failure.getMessage());
        next(failure);
    }

    private void fail(SdkException failure) {
        EdgeFormat.Error error = format.encodeError(failure);
        Answers.error(response, writer, json, error.status(), error.body(), error.retryAfter());
        settle("error", null, "-");
    }

    /** Runs a step where an exception would vanish into a future or the timer: it becomes a 500. */
    private void guarded(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            ApiError error = ErrorResponses.internal(e, LOG);
            Answers.error(response, writer, json, error.status(), format.gatewayError(error), null);
            settle("gateway_error", null, "-");
        }
    }

    private void clientGone(Throwable failure) {
        CompletableFuture<Long> call = pending;
        if (call != null) {
            call.cancel(true);
        }
        settle("client_gone", null, "-");
    }

    private void settle(String outcome, @Nullable ModelDeployment deployment, String source) {
        if (!settled.compareAndSet(false, true)) {
            return;
        }
        MDC.put(RequestIdFilter.MDC_KEY, requestId);
        try {
            LOG.info("event=request_settled route=count_tokens outcome={} model={} deployment={} source={} duration_ms={}",
                    outcome, decoded.model(), deployment == null ? "-" : deployment.id(), source,
                    TimeUnit.NANOSECONDS.toMillis(plane.ticker().read() - startedAt));
        } finally {
            MDC.remove(RequestIdFilter.MDC_KEY);
        }
    }
}
