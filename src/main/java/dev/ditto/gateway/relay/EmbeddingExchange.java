package dev.ditto.gateway.relay;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.config.ModelDeployment;
import dev.ditto.control.Outcome;
import dev.ditto.gateway.api.ApiError;
import dev.ditto.gateway.api.ErrorResponses;
import dev.ditto.sdk.EmbeddingModel;
import dev.ditto.sdk.EmbeddingResult;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.ProviderUnavailableException;
import dev.ditto.sdk.SdkException;
import dev.ditto.sdk.UnexpectedResponseException;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One embeddings request through the relay: the same attempt plan (retries, fallbacks, cooldowns)
 * as chat, without a stream. The answer is written without blocking; the request settles once.
 */
final class EmbeddingExchange {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddingExchange.class);

    private final DataPlane plane;
    private final EdgeFormat format;
    private final EmbeddingsCodec.Decoded decoded;
    private final HttpServletResponse response;
    private final ObjectMapper json;
    private final long startedAt;
    private final AttemptPlan plan;
    private final AsyncWriter writer;
    private final Settlement settlement;
    private volatile @Nullable CompletableFuture<?> pending;
    private volatile boolean clientGone;

    EmbeddingExchange(DataPlane plane, EdgeFormat format, EmbeddingsCodec.Decoded decoded, AsyncContext context,
            ObjectMapper json, Settlement settlement) throws IOException {
        this.plane = plane;
        this.format = format;
        this.decoded = decoded;
        this.response = (HttpServletResponse) context.getResponse();
        this.json = json;
        this.settlement = settlement;
        this.startedAt = settlement.startedAt();
        this.plan = new AttemptPlan(plane.router(), decoded.model(), plane.retries(), ThreadLocalRandom.current());
        this.writer = new AsyncWriter(context, () -> { }, this::clientGone);
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
                    "no deployment of '" + decoded.model() + "' is available (all cooling down)", ErrorDetails.empty()));
        } else if (attempt.delay().isZero()) {
            call(attempt.deployment());
        } else {
            plane.timer().schedule(() -> call(attempt.deployment()), attempt.delay().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void call(ModelDeployment deployment) {
        EmbeddingModel model;
        try {
            model = plane.embeddingModel(deployment);
        } catch (RuntimeException e) {
            failed(deployment, new UnexpectedResponseException("deployment " + deployment.id()
                    + " cannot embed: " + e.getMessage(), ErrorDetails.empty()));
            return;
        }
        plane.router().stats().started(deployment.id());
        settlement.attempt(deployment);
        long calledAt = plane.ticker().read();
        CompletableFuture<EmbeddingResult> call = model.embedAsync(decoded.request());
        pending = call;
        call.whenComplete((result, error) -> {
            if (clientGone) {
                plane.router().stats().finished(deployment.id(), 0);
                plane.router().cooldowns().releaseProbe(deployment.id());
                return;
            }
            if (error != null) {
                failed(deployment, Answers.unwrap(error));
                return;
            }
            try {
                respond(deployment, calledAt, result);
            } catch (RuntimeException e) {
                // An exception here would vanish into the future and leave the client waiting.
                ApiError internal = ErrorResponses.internal(e, LOG);
                Answers.error(response, writer, json, internal.status(), format.gatewayError(internal), null);
                settlement.settle(Outcome.Status.GATEWAY_ERROR, internal.status(), null);
            }
        });
    }

    private void respond(ModelDeployment deployment, long calledAt, EmbeddingResult result) {
        plane.router().cooldowns().recordSuccess(deployment.id());
        Long tokens = result.usage().input().total();
        plane.router().stats().finished(deployment.id(), tokens == null ? 0 : tokens);
        plane.router().stats().latency(deployment.id(), Duration.ofNanos(plane.ticker().read() - calledAt));
        byte[] body = Answers.bytes(json, EmbeddingsCodec.encode(result, decoded.model(), decoded.base64()));
        Answers.servedBy(response, deployment, calledAt - startedAt, "application/json");
        response.setContentLength(body.length);
        writer.write(body);
        writer.close();
        settlement.settle(Outcome.Status.OK, 200, result.usage());
    }

    private void failed(ModelDeployment deployment, SdkException failure) {
        plane.events().attemptFailed(deployment.id(), failure);
        plane.router().cooldowns().recordFailure(deployment.id(), AttemptPlan.failureKind(failure));
        plane.router().stats().finished(deployment.id(), 0);
        next(failure);
    }

    private void fail(SdkException failure) {
        EdgeFormat.Error error = format.encodeError(failure);
        Answers.error(response, writer, json, error.status(), error.body(), error.retryAfter());
        settlement.settle(Outcome.Status.UPSTREAM_ERROR, error.status(), null);
    }

    private void clientGone(Throwable failure) {
        clientGone = true;
        CompletableFuture<?> call = pending;
        if (call != null) {
            // Cancelling the adapter's future closes the upstream connection.
            call.cancel(true);
        }
        settlement.settle(Outcome.Status.CLIENT_GONE, 499, null);
    }


}
