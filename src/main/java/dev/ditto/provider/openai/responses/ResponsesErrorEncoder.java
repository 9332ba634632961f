package dev.ditto.provider.openai.responses;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.AuthenticationException;
import dev.ditto.sdk.ConnectionFailedException;
import dev.ditto.sdk.ContentFilteredException;
import dev.ditto.sdk.ContextWindowExceededException;
import dev.ditto.sdk.InvalidRequestException;
import dev.ditto.sdk.ModelNotFoundException;
import dev.ditto.sdk.PermissionDeniedException;
import dev.ditto.sdk.ProviderOverloadedException;
import dev.ditto.sdk.QuotaExceededException;
import dev.ditto.sdk.RateLimitedException;
import dev.ditto.sdk.RequestInterruptedException;
import dev.ditto.sdk.SdkException;
import dev.ditto.sdk.UpstreamTimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Describes an SDK exception in OpenAI's error vocabulary: the HTTP status a gateway answers with
 * and the {@code type} and {@code code} of {@code {"error":{...}}} (also used by the in-stream
 * {@code error} event). Stateless.
 *
 * @param status the HTTP status
 * @param type OpenAI's error type, such as {@code invalid_request_error}
 * @param code OpenAI's error code, such as {@code rate_limit_exceeded}, or {@code null}
 * @param param the offending request parameter, or {@code null}
 */
record ResponsesErrorEncoder(int status, String type, @Nullable String code, @Nullable String param) {

    private static final String INVALID_REQUEST = "invalid_request_error";
    private static final String SERVER_ERROR = "server_error";

    /**
     * Classifies an exception.
     *
     * @param error the exception
     * @return its status, type and code
     */
    static ResponsesErrorEncoder of(SdkException error) {
        if (error instanceof InvalidParameterException invalid) {
            return new ResponsesErrorEncoder(400, INVALID_REQUEST, invalid.code(), invalid.param());
        } else if (error instanceof ContextWindowExceededException) {
            return new ResponsesErrorEncoder(400, INVALID_REQUEST, "context_length_exceeded", null);
        } else if (error instanceof InvalidRequestException) {
            Integer upstream = error.status();
            int status = upstream != null && upstream >= 400 && upstream < 500 ? upstream : 400;
            return new ResponsesErrorEncoder(status, INVALID_REQUEST, null, null);
        } else if (error instanceof ContentFilteredException) {
            return new ResponsesErrorEncoder(400, INVALID_REQUEST, "content_policy_violation", null);
        } else if (error instanceof AuthenticationException) {
            return new ResponsesErrorEncoder(401, "authentication_error", "invalid_api_key", null);
        } else if (error instanceof PermissionDeniedException) {
            return new ResponsesErrorEncoder(403, "permission_error", "permission_denied", null);
        } else if (error instanceof ModelNotFoundException) {
            return new ResponsesErrorEncoder(404, INVALID_REQUEST, "model_not_found", "model");
        } else if (error instanceof QuotaExceededException) {
            return new ResponsesErrorEncoder(429, "insufficient_quota", "insufficient_quota", null);
        } else if (error instanceof RateLimitedException) {
            return new ResponsesErrorEncoder(429, "rate_limit_error", "rate_limit_exceeded", null);
        } else if (error instanceof ProviderOverloadedException) {
            return new ResponsesErrorEncoder(503, SERVER_ERROR, "server_is_overloaded", null);
        } else if (error instanceof UpstreamTimeoutException) {
            return new ResponsesErrorEncoder(504, SERVER_ERROR, "timeout", null);
        } else if (error instanceof ConnectionFailedException) {
            return new ResponsesErrorEncoder(502, SERVER_ERROR, "upstream_connection_failed", null);
        } else if (error instanceof RequestInterruptedException) {
            return new ResponsesErrorEncoder(500, SERVER_ERROR, "request_interrupted", null);
        }
        // ProviderUnavailable, StreamInterrupted, UnexpectedResponse: the upstream failed us.
        return new ResponsesErrorEncoder(502, SERVER_ERROR, SERVER_ERROR, null);
    }

    /**
     * Returns the error object: {@code {"message","type","param","code"}}.
     *
     * @param message the message shown to the caller
     * @return the object
     */
    ObjectNode error(String message) {
        ObjectNode json = Json.object().put("message", message).put("type", type);
        if (param == null) {
            json.putNull("param");
        } else {
            json.put("param", param);
        }
        return code == null ? json.putNull("code") : json.put("code", code);
    }
}
