package dev.ditto.provider.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.UnexpectedResponseException;
import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/** The JSON mapper of the OpenAI wire records, and the few tree reads every mapper needs. */
final class WireJson {

    /** Tolerant of fields OpenAI and compatible servers add later. */
    static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private static final int SNIPPET_CHARS = 200;

    private WireJson() {
    }

    /**
     * Parses an upstream body into a wire record.
     *
     * @throws UnexpectedResponseException if the body is not the expected JSON
     */
    static <T> T read(InputStream body, Class<T> type, ErrorDetails details) {
        try {
            return MAPPER.readValue(body, type);
        } catch (IOException e) {
            throw new UnexpectedResponseException("the response is not a valid " + type.getSimpleName()
                    + ": " + e.getMessage(), details, e);
        }
    }

    /**
     * Parses one SSE event's data.
     *
     * @throws UnexpectedResponseException if the data is not a JSON object
     */
    static JsonNode readEvent(String data, ErrorDetails details) {
        try {
            JsonNode node = MAPPER.readTree(data);
            if (node == null || !node.isObject()) {
                throw new UnexpectedResponseException("a stream event is not a JSON object: " + snippet(data), details);
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new UnexpectedResponseException("a stream event is not valid JSON: " + snippet(data), details, e);
        }
    }

    static <T> T convert(JsonNode node, Class<T> type, ErrorDetails details) {
        try {
            return MAPPER.treeToValue(node, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new UnexpectedResponseException("a stream event does not have the " + type.getSimpleName()
                    + " shape: " + snippet(node.toString()), details, e);
        }
    }

    static ObjectNode tree(Object record) {
        return MAPPER.valueToTree(record);
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    /** Returns a text field, or null when absent, null or not text. */
    static @Nullable String text(@Nullable JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    /** Returns an integral field, or null when absent or not a number. */
    static @Nullable Long count(@Nullable JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isNumber() ? value.asLong() : null;
    }

    static boolean present(@Nullable JsonNode node) {
        return node != null && !node.isNull() && !node.isMissingNode();
    }

    static String snippet(String text) {
        return text.length() <= SNIPPET_CHARS ? text : text.substring(0, SNIPPET_CHARS) + "...";
    }
}
