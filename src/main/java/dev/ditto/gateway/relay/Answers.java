package dev.ditto.gateway.relay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.config.ModelDeployment;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.SdkException;
import dev.ditto.sdk.UnexpectedResponseException;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** What every exchange writes the same way: who served it, JSON errors, and upstream failures unwrapped. */
final class Answers {

    /** Response header naming the deployment that served the request. */
    static final String MODEL_ID_HEADER = "x-ditto-model-id";
    /** Response header naming the provider that served the request. */
    static final String PROVIDER_HEADER = "x-ditto-provider";
    /** Response header with the time the gateway added before calling the upstream. */
    static final String OVERHEAD_HEADER = "x-ditto-overhead-duration-ms";
    /** LiteLLM's name for {@link #MODEL_ID_HEADER}, for clients and log pipelines that read it. */
    static final String LITELLM_MODEL_ID_HEADER = "x-litellm-model-id";
    /** LiteLLM's name for {@link #OVERHEAD_HEADER}. */
    static final String LITELLM_OVERHEAD_HEADER = "x-litellm-overhead-duration-ms";

    private Answers() {}

    /** Starts a 200 answer and says which deployment served it and what the gateway added. */
    static void servedBy(HttpServletResponse response, ModelDeployment deployment, long overheadNanos, String contentType) {
        response.setStatus(200);
        response.setContentType(contentType);
        served(response, deployment, overheadNanos);
    }

    /**
     * Says which deployment served the request and what the gateway added, under Ditto's names
     * and LiteLLM's.
     */
    static void served(HttpServletResponse response, ModelDeployment deployment, long overheadNanos) {
        String overhead = Long.toString(TimeUnit.NANOSECONDS.toMillis(overheadNanos));
        response.setHeader(MODEL_ID_HEADER, deployment.id());
        response.setHeader(PROVIDER_HEADER, deployment.litellmParams().provider());
        response.setHeader(OVERHEAD_HEADER, overhead);
        response.setHeader(LITELLM_MODEL_ID_HEADER, deployment.id());
        response.setHeader(LITELLM_OVERHEAD_HEADER, overhead);
    }

    /** Answers with a JSON error unless the answer has already started, then ends the response. */
    static void error(HttpServletResponse response, AsyncWriter writer, ObjectMapper json, int status, ObjectNode body,
            @Nullable Duration retryAfter) {
        if (!response.isCommitted()) {
            response.setStatus(status);
            response.setContentType("application/json");
            if (retryAfter != null) {
                response.setHeader("retry-after", Long.toString(Math.max(1, retryAfter.toSeconds())));
            }
            writer.write(bytes(json, body));
        }
        writer.close();
    }

    static byte[] bytes(ObjectMapper json, ObjectNode node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /** The SDK exception behind a failed future, or one that wraps whatever else failed. */
    static SdkException unwrap(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause instanceof SdkException sdk ? sdk
                : new UnexpectedResponseException("the call failed: " + cause, ErrorDetails.empty(), cause);
    }
}
