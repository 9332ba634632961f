package dev.ditto.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.InvalidParameterException;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Typed reads of a client's JSON request that fail with an {@link InvalidParameterException}
 * naming the parameter's path, such as {@code messages[2].content}. JSON {@code null} counts as
 * absent, as OpenAI treats it.
 */
final class EdgeParams {

    private EdgeParams() {
    }

    static InvalidParameterException invalid(String param, String message) {
        return new InvalidParameterException(message, param, InvalidParameterException.INVALID_VALUE, ErrorDetails.empty());
    }

    static InvalidParameterException invalid(String param, String message, Throwable cause) {
        return new InvalidParameterException(message, param, InvalidParameterException.INVALID_VALUE,
                ErrorDetails.empty(), cause);
    }

    static InvalidParameterException missing(String param) {
        return new InvalidParameterException("Missing required parameter: '" + param + "'.", param,
                InvalidParameterException.MISSING_PARAMETER, ErrorDetails.empty());
    }

    /** Rejects any field of {@code node} outside {@code known}. */
    static void rejectUnknown(ObjectNode node, Set<String> known, String prefix) {
        node.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                String param = prefix.isEmpty() ? name : prefix + "." + name;
                throw new InvalidParameterException("Unrecognized request argument supplied: " + param, param,
                        InvalidParameterException.UNKNOWN_PARAMETER, ErrorDetails.empty());
            }
        });
    }

    static @Nullable JsonNode value(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value;
    }

    static @Nullable String string(JsonNode node, String field, String param) {
        JsonNode value = value(node, field);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid(param, "'" + param + "' must be a string but was " + value.getNodeType());
        }
        return value.asText();
    }

    static String requireString(JsonNode node, String field, String param) {
        String value = string(node, field, param);
        if (value == null) {
            throw missing(param);
        }
        return value;
    }

    static @Nullable Double number(JsonNode node, String field) {
        JsonNode value = value(node, field);
        if (value == null) {
            return null;
        }
        if (!value.isNumber()) {
            throw invalid(field, "'" + field + "' must be a number but was " + value.getNodeType());
        }
        return value.asDouble();
    }

    static @Nullable Long integer(JsonNode node, String field) {
        JsonNode value = value(node, field);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw invalid(field, "'" + field + "' must be an integer but was " + value);
        }
        return value.asLong();
    }

    static @Nullable Integer intValue(JsonNode node, String field) {
        Long value = integer(node, field);
        if (value != null && (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE)) {
            throw invalid(field, "'" + field + "' is out of range: " + value);
        }
        return value == null ? null : value.intValue();
    }

    static @Nullable Boolean bool(JsonNode node, String field, String param) {
        JsonNode value = value(node, field);
        if (value == null) {
            return null;
        }
        if (!value.isBoolean()) {
            throw invalid(param, "'" + param + "' must be a boolean but was " + value.getNodeType());
        }
        return value.asBoolean();
    }

    static @Nullable ObjectNode object(JsonNode node, String field, String param) {
        JsonNode value = value(node, field);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            throw invalid(param, "'" + param + "' must be an object but was " + value.getNodeType());
        }
        return (ObjectNode) value;
    }

    static @Nullable ArrayNode array(JsonNode node, String field, String param) {
        JsonNode value = value(node, field);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            throw invalid(param, "'" + param + "' must be an array but was " + value.getNodeType());
        }
        return (ArrayNode) value;
    }

    static ObjectNode requireObject(JsonNode node, String param) {
        if (!node.isObject()) {
            throw invalid(param, "'" + param + "' must be an object but was " + node.getNodeType());
        }
        return (ObjectNode) node;
    }

    /** Runs a builder setter, turning its {@link IllegalArgumentException} into a parameter error. */
    static void set(String param, Runnable setter) {
        try {
            setter.run();
        } catch (IllegalArgumentException e) {
            throw invalid(param, "Invalid '" + param + "': " + e.getMessage(), e);
        }
    }
}
