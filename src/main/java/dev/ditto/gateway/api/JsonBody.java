package dev.ditto.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.gateway.filter.BodyLimitFilter;
import dev.ditto.gateway.filter.RequestBodyTooLargeException;
import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/** Reads a request body as a JSON object, turning every way that can fail into an {@link ApiException}. */
public final class JsonBody {

    private JsonBody() {}

    /**
     * Reads the body as a JSON object.
     *
     * @param body the request body
     * @param json the mapper
     * @return the object
     * @throws ApiException with 400 for JSON that is not an object, or 413 for a body over the limit
     */
    public static ObjectNode readObject(InputStream body, ObjectMapper json) {
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (RequestBodyTooLargeException e) {
            throw new ApiException(BodyLimitFilter.tooLarge(e.limit()));
        } catch (JsonProcessingException e) {
            throw invalidJson(e);
        } catch (IOException e) {
            throw unreadable(e);
        }
        return object(node);
    }

    /**
     * Reads the body whole, for callers that keep the client's bytes (passthrough forwards them
     * with only the model replaced).
     *
     * @param body the request body
     * @return its bytes
     * @throws ApiException with 400 if it cannot be read, or 413 for a body over the limit
     */
    public static byte[] readBytes(InputStream body) {
        try {
            return body.readAllBytes();
        } catch (RequestBodyTooLargeException e) {
            throw new ApiException(BodyLimitFilter.tooLarge(e.limit()));
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    /**
     * Parses bytes read with {@link #readBytes} as a JSON object.
     *
     * @param body the body's bytes
     * @param json the mapper
     * @return the object
     * @throws ApiException with 400 for JSON that is not an object
     */
    public static ObjectNode readObject(byte[] body, ObjectMapper json) {
        try {
            return object(json.readTree(body));
        } catch (JsonProcessingException e) {
            throw invalidJson(e);
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    private static ApiException invalidJson(JsonProcessingException e) {
        String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr();
        return new ApiException(ApiError.invalidRequest(400, "invalid_json",
                "We could not parse the JSON body of your request" + where + ": " + e.getOriginalMessage(), null));
    }

    private static ApiException unreadable(IOException e) {
        return new ApiException(ApiError.invalidRequest(400, "unreadable_body",
                "The request body could not be read: " + e.getMessage(), null));
    }

    private static ObjectNode object(@Nullable JsonNode node) {
        if (node == null || node.isMissingNode()) {
            throw new ApiException(ApiError.invalidRequest(400, "invalid_json",
                    "The request body is empty; send a JSON object.", null));
        }
        if (!node.isObject()) {
            throw new ApiException(ApiError.invalidRequest(400, "invalid_json",
                    "The request body must be a JSON object, got " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + ".", null));
        }
        return (ObjectNode) node;
    }
}
