package dev.ditto.launcher;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.gateway.api.ApiError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * Jetty's server-level error handler, for what Jetty refuses before the web application sees
 * it (a malformed URI, a bad header line): OpenAI's JSON envelope instead of Jetty's HTML page.
 * Errors inside the web application are handled there, with the same envelope.
 */
final class JsonErrorHandler extends ErrorHandler {

    private static final HttpField JSON = new HttpField(HttpHeader.CONTENT_TYPE, "application/json");

    private final ObjectMapper json = new ObjectMapper();

    @Override
    protected void generateResponse(Request request, Response response, int code, @Nullable String message,
            @Nullable Throwable cause, Callback callback) throws IOException {
        response.getHeaders().put(JSON);
        response.write(true, ByteBuffer.wrap(body(code, message)), callback);
    }

    private byte[] body(int code, @Nullable String message) {
        String text = "The request was refused by the HTTP server (HTTP " + code
                + (message == null || message.isBlank() ? "" : ": " + message) + ").";
        ApiError error = code >= 500
                ? new ApiError(code, ApiError.SERVER, "http_" + code, text, null)
                : ApiError.invalidRequest(code, "http_" + code, text, null);
        try {
            return json.writeValueAsBytes(error.toJson(json));
        } catch (JsonProcessingException e) {
            return "{\"error\":{\"message\":\"error\",\"type\":\"server_error\",\"param\":null,\"code\":null}}"
                    .getBytes(StandardCharsets.UTF_8);
        }
    }
}
