package dev.ditto.provider.openai.responses;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Small helpers over Jackson trees, shared by the mappers of this package. Stateless. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    static ArrayNode array() {
        return NODES.arrayNode();
    }

    /**
     * Parses JSON text.
     *
     * @throws JsonProcessingException if the text is not JSON
     */
    static JsonNode parse(String text) throws JsonProcessingException {
        return MAPPER.readTree(text);
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            // A tree built in memory always serialises; this is unreachable.
            throw new UncheckedIOException(e);
        }
    }

    /** Returns a text field, or {@code null} when absent, null or not a string. */
    static @Nullable String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    /** Returns a text field, or {@code fallback} when absent, null or not a string. */
    static String text(JsonNode node, String field, String fallback) {
        String value = text(node, field);
        return value == null ? fallback : value;
    }

    /** Returns an integral field, or {@code null} when absent or not a number. */
    static @Nullable Long longValue(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isNumber() ? value.asLong() : null;
    }

    /** Returns whether the field is present with a non-null value. */
    static boolean has(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && !value.isNull();
    }

    /** Returns a fresh id with the given prefix, such as {@code msg_...}, for items we create. */
    static String newId(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "");
    }
}
