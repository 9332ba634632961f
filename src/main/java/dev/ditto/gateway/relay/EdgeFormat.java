package dev.ditto.gateway.relay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.gateway.api.ApiError;
import dev.ditto.sdk.LanguageModelRequest;
import dev.ditto.sdk.LanguageModelResult;
import dev.ditto.sdk.SdkException;
import dev.ditto.sdk.StreamPart;
import dev.ditto.sdk.http.SseEvent;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A wire format clients speak to the gateway (OpenAI Chat, Anthropic Messages, OpenAI
 * Responses): the relay decodes requests and encodes answers, streams and errors through it, so
 * that one relay serves every ingress route. Implementations wrap the provider packages' edge
 * codecs and are thread-safe.
 */
interface EdgeFormat {

    /**
     * A decoded client request.
     *
     * @param request the provider-neutral request
     * @param model the model name the client asked for
     * @param stream whether the client wants a stream
     * @param includeUsage whether a Chat client asked for the usage chunk
     */
    record Decoded(LanguageModelRequest request, String model, boolean stream, boolean includeUsage) {}

    /**
     * An error in the format's shape.
     *
     * @param status the HTTP status
     * @param body the error body
     * @param retryAfter when the client may retry, if known
     */
    record Error(int status, ObjectNode body, @Nullable Duration retryAfter) {}

    /** Encodes one stream; stateful, used by one exchange. */
    interface StreamEncoder {

        /** @return the events for one part, in order */
        List<SseEvent> encode(StreamPart part);

        /** @return the format's closing events (or an error event when the stream never finished) */
        List<SseEvent> end();
    }

    /** Which adapter flavour serves this format for OpenAI deployments. */
    DeploymentModels.Api api();

    Decoded decode(ObjectNode body, HttpServletRequest request);

    ObjectNode encodeResult(LanguageModelResult result, String model);

    StreamEncoder newStreamEncoder(Decoded decoded);

    Error encodeError(SdkException error);

    /** The gateway's own errors (unknown model, bad JSON, body too large) in the format's shape. */
    ObjectNode gatewayError(ApiError error);
}
