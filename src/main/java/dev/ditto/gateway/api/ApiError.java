package dev.ditto.gateway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

/**
 * An error as OpenAI's API reports it: {@code {"error":{"message","type","param","code"}}}
 * with an HTTP status. Clients branch on {@code type} and {@code code}; both are stable.
 *
 * @param status the HTTP status
 * @param type the error class, such as {@value #INVALID_REQUEST}
 * @param code the specific error, such as {@code model_not_found}
 * @param message for humans
 * @param param the request field at fault, if one is
 */
public record ApiError(int status, String type, @Nullable String code, String message, @Nullable String param) {

    /** The request is wrong; resending it unchanged will fail again. */
    public static final String INVALID_REQUEST = "invalid_request_error";
    /** No valid credentials. */
    public static final String AUTHENTICATION = "authentication_error";
    /** Credentials valid, but not for this. */
    public static final String PERMISSION = "permission_error";
    /** Too many requests or tokens. */
    public static final String RATE_LIMIT = "rate_limit_error";
    /** The gateway failed. */
    public static final String SERVER = "server_error";

    /**
     * Returns an error for a bad request.
     *
     * @param status a 4xx status
     * @param code the specific error
     * @param message for humans
     * @param param the field at fault, or null
     * @return the error
     */
    public static ApiError invalidRequest(int status, String code, String message, @Nullable String param) {
        return new ApiError(status, INVALID_REQUEST, code, message, param);
    }

    /**
     * Renders the OpenAI envelope.
     *
     * @param json the mapper
     * @return the envelope as a JSON tree
     */
    public ObjectNode toJson(ObjectMapper json) {
        ObjectNode envelope = json.createObjectNode();
        ObjectNode error = envelope.putObject("error");
        error.put("message", message);
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        return envelope;
    }

    /**
     * Renders Anthropic's envelope, for the Messages routes.
     *
     * @param json the mapper
     * @return {@code {"type":"error","error":{"type":...,"message":...}}}
     */
    public ObjectNode toAnthropicJson(ObjectMapper json) {
        ObjectNode body = json.createObjectNode().put("type", "error");
        body.putObject("error").put("type", anthropicType(status)).put("message", message);
        return body;
    }

    /**
     * Returns Anthropic's error type for a status, as its API documents them.
     *
     * @param status the HTTP status
     * @return the type
     */
    public static String anthropicType(int status) {
        return switch (status) {
            case 400, 405, 406, 415 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 529 -> "overloaded_error";
            default -> "api_error";
        };
    }
}
