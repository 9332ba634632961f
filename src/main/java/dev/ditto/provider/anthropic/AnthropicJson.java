package dev.ditto.provider.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Reading and writing the JSON of the wire records: typed field access that names the path. */
final class AnthropicJson {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AnthropicJson() {
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    static ObjectNode requireObject(@Nullable JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw new WireFormatException(path, "must be a JSON object but was " + describe(node));
        }
        return (ObjectNode) node;
    }

    static String requireText(JsonNode parent, String field, String path) {
        JsonNode value = parent.get(field);
        if (value == null || !value.isTextual()) {
            throw new WireFormatException(child(path, field), "must be a string but was " + describe(value));
        }
        return value.asText();
    }

    static @Nullable String optionalText(JsonNode parent, String field, String path) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new WireFormatException(child(path, field), "must be a string but was " + describe(value));
        }
        return value.asText();
    }

    static @Nullable Long optionalLong(JsonNode parent, String field, String path) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() && !(value.isNumber() && value.asDouble() == Math.rint(value.asDouble()))) {
            throw new WireFormatException(child(path, field), "must be an integer but was " + describe(value));
        }
        return value.asLong();
    }

    static @Nullable Double optionalDouble(JsonNode parent, String field, String path) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw new WireFormatException(child(path, field), "must be a number but was " + describe(value));
        }
        return value.asDouble();
    }

    static @Nullable Boolean optionalBoolean(JsonNode parent, String field, String path) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            throw new WireFormatException(child(path, field), "must be true or false but was " + describe(value));
        }
        return value.asBoolean();
    }

    /** Copies the fields of {@code node} that are not in {@code known}, dropping JSON nulls. */
    static ObjectNode extras(JsonNode node, Set<String> known) {
        ObjectNode extras = object();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!known.contains(field.getKey()) && !field.getValue().isNull()) {
                extras.set(field.getKey(), field.getValue().deepCopy());
            }
        }
        return extras;
    }

    /** Adds the fields of {@code extras} that {@code target} does not have yet. */
    static ObjectNode mergeMissing(ObjectNode target, @Nullable ObjectNode extras) {
        if (extras != null) {
            extras.properties().forEach(field -> {
                if (!target.has(field.getKey())) {
                    target.set(field.getKey(), field.getValue().deepCopy());
                }
            });
        }
        return target;
    }

    static JsonNode parse(String json, String path) {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new WireFormatException(path, "is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new WireFormatException(path, "is not valid JSON (" + e.getOriginalMessage() + ")");
        }
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }

    /** Returns the path of a field: {@code field} at the top level, else {@code path.field}. */
    static String child(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    static String describe(@Nullable JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "absent";
        }
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
