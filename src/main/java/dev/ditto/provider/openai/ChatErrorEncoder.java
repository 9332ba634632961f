package dev.ditto.provider.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.AuthenticationException;
import dev.ditto.sdk.ConnectionFailedException;
import dev.ditto.sdk.ContentFilteredException;
import dev.ditto.sdk.ContextWindowExceededException;
import dev.ditto.sdk.InvalidParameterException;
import dev.ditto.sdk.InvalidRequestException;
import dev.ditto.sdk.ModelNotFoundException;
import dev.ditto.sdk.PermissionDeniedException;
import dev.ditto.sdk.ProviderOverloadedException;
import dev.ditto.sdk.ProviderUnavailableException;
import dev.ditto.sdk.QuotaExceededException;
import dev.ditto.sdk.RateLimitedException;
import dev.ditto.sdk.SdkException;
import dev.ditto.sdk.StreamInterruptedException;
import dev.ditto.sdk.UpstreamTimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Writes SDK exceptions as OpenAI's error envelope {@code {"error":{message,type,param,code}}}
 * with the status an OpenAI client expects. Upstream credential failures get a fixed message,
 * because the provider's text may quote the gateway's own key. Stateless.
 */
final class ChatErrorEncoder {

    static final String INVALID_REQUEST = "invalid_request_error";
    static final String AUTHENTICATION = "authentication_error";
    static final String PERMISSION = "permission_error";
    static final String RATE_LIMIT = "rate_limit_error";
    static final String QUOTA = "insufficient_quota";
    static final String SERVER = "server_error";

    private ChatErrorEncoder() {
    }

    /** The parts of one error answer. */
    private record Shape(int status, String type, @Nullable String code, @Nullable String param, String message) {
    }

    static OpenAiChatEdgeCodec.EncodedError encode(SdkException error) {
        Shape shape = shape(error);
        ObjectNode body = WireJson.MAPPER.createObjectNode();
        ObjectNode fields = body.putObject("error");
        fields.put("message", shape.message()).put("type", shape.type()).put("param", shape.param())
                .put("code", shape.code());
        return new OpenAiChatEdgeCodec.EncodedError(shape.status(), body, error.retryAfter());
    }

    private static Shape shape(SdkException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof InvalidParameterException p) {
            return new Shape(400, INVALID_REQUEST, p.code(), p.param(), message);
        }
        if (e instanceof ContextWindowExceededException) {
            return new Shape(400, INVALID_REQUEST, "context_length_exceeded", "messages", message);
        }
        if (e instanceof ContentFilteredException) {
            return new Shape(400, INVALID_REQUEST, "content_filter", null, message);
        }
        if (e instanceof InvalidRequestException) {
            Integer status = e.status();
            return new Shape(status != null && status >= 400 && status < 500 ? status : 400, INVALID_REQUEST, null, null,
                    message);
        }
        if (e instanceof ModelNotFoundException) {
            return new Shape(404, INVALID_REQUEST, "model_not_found", "model", message);
        }
        if (e instanceof AuthenticationException) {
            return new Shape(401, AUTHENTICATION, "upstream_authentication_failed", null,
                    "The upstream provider " + named(e) + "rejected the gateway's credentials.");
        }
        if (e instanceof PermissionDeniedException) {
            return new Shape(403, PERMISSION, "upstream_permission_denied", null,
                    "The upstream provider " + named(e) + "denied the gateway this call.");
        }
        if (e instanceof QuotaExceededException) {
            return new Shape(429, QUOTA, "insufficient_quota", null, message);
        }
        if (e instanceof RateLimitedException) {
            return new Shape(429, RATE_LIMIT, "rate_limit_exceeded", null, message);
        }
        if (e instanceof ProviderOverloadedException) {
            return new Shape(503, SERVER, "overloaded", null, message);
        }
        if (e instanceof UpstreamTimeoutException) {
            return new Shape(504, SERVER, "upstream_timeout", null, message);
        }
        if (e instanceof ProviderUnavailableException || e instanceof ConnectionFailedException
                || e instanceof StreamInterruptedException) {
            return new Shape(502, SERVER, "upstream_unavailable", null, message);
        }
        return new Shape(e.isRetryable() ? 502 : 500, SERVER, "upstream_error", null, message);
    }

    private static String named(SdkException e) {
        return e.provider() == null ? "" : "'" + e.provider() + "' ";
    }
}
