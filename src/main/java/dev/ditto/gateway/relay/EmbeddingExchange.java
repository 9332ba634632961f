package dev.ditto.gateway.relay;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.config.ModelDeployment;
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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One embeddings request through the relay: the same attempt plan (retries, fallbacks, cooldowns)
 * as chat, without a stream. The answer is written without blocking.
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

    EmbeddingExchange(DataPlane plane, EdgeFormat format, EmbeddingsCodec.Decoded decoded, AsyncContext context,
            ObjectMapper json, long startedAt) throws IOException {
        this.plane = plane;
        this.format = format;
        this.decoded = decoded;
        this.response = (HttpServletResponse) context.getResponse();
        this.json = json;
        this.startedAt = startedAt;
        this.plan = new AttemptPlan(plane.router(), decoded.model(), plane.retries(), ThreadLocalRandom.current());
        this.writer = new AsyncWriter(context, () -> { }, failure -> { });
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
        long calledAt = plane.ticker().read();
        model.embedAsync(decoded.request()).whenComplete((result, error) -> {
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
    }

    private void failed(ModelDeployment deployment, SdkException failure) {
        plane.router().cooldowns().recordFailure(deployment.id(), AttemptPlan.failureKind(failure));
        plane.router().stats().finished(deployment.id(), 0);
        next(failure);
    }

    private void fail(SdkException failure) {
        EdgeFormat.Error error = format.encodeError(failure);
        Answers.error(response, writer, json, error.status(), error.body(), error.retryAfter());
    }


}
