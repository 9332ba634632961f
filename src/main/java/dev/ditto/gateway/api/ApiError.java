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
}
