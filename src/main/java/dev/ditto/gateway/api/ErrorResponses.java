package dev.ditto.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.slf4j.Logger;

/**
 * Writes {@link ApiError}s, both as Jakarta REST responses and straight onto a servlet
 * response (for filters and container error pages, which run outside Jakarta REST), and turns
 * unexpected exceptions into 500s whose error id is logged and returned.
 */
public final class ErrorResponses {

    private static final SecureRandom RANDOM = new SecureRandom();

    private ErrorResponses() {}

    /**
     * Builds a Jakarta REST response carrying the envelope.
     *
     * @param error the error
     * @param json the mapper
     * @return the response
     */
    public static Response toResponse(ApiError error, ObjectMapper json) {
        return Response.status(error.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(bytes(error, json)).build();
    }

    /**
     * Writes the envelope onto a servlet response that has not been committed.
     *
     * @param error the error
     * @param json the mapper
     * @param response the servlet response
     * @throws IOException if the client is gone
     */
    public static void write(ApiError error, ObjectMapper json, HttpServletResponse response) throws IOException {
        write(error.status(), error.toJson(json), json, response);
    }

    /**
     * Writes any JSON error body (OpenAI's envelope, or another API's error shape) onto a servlet
     * response that has not been committed.
     *
     * @param status the HTTP status
     * @param body the error body
     * @param json the mapper
     * @param response the servlet response
     * @throws IOException if the client is gone
     */
    public static void write(int status, ObjectNode body, ObjectMapper json, HttpServletResponse response)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON);
        byte[] bytes = json.writeValueAsBytes(body);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /**
     * Logs an unexpected failure with a fresh error id and returns the 500 that names it.
     *
     * @param failure what went wrong
     * @param log where to log it
     * @return the error to send
     */
    public static ApiError internal(Throwable failure, Logger log) {
        String errorId = HexFormat.of().toHexDigits(RANDOM.nextLong());
        log.error("event=unhandled_error error_id={}", errorId, failure);
        return new ApiError(500, ApiError.SERVER, "internal_error",
                "The gateway failed to handle the request (error id " + errorId + ").", null);
    }

    private static byte[] bytes(ApiError error, ObjectMapper json) {
        try {
            return json.writeValueAsBytes(error.toJson(json));
        } catch (JsonProcessingException e) {
            return ("{\"error\":{\"message\":\"error\",\"type\":\"server_error\",\"param\":null,\"code\":null}}")
                    .getBytes(StandardCharsets.UTF_8);
        }
    }
}
