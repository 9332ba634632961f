package dev.ditto.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.InvalidRequestException;
import dev.ditto.sdk.Warning;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Reads the Gemini entry of a request's {@code providerOptions}: the key {@code "gemini"}, with
 * {@code "google"} (the AI SDK's name) accepted as an alias that {@code "gemini"} overrides. Keys
 * the adapter does not know become warnings; a known key with a value of the wrong JSON type is
 * rejected.
 */
final class GeminiOptions {

    /** The provider name, also the key of options and metadata. */
    static final String KEY = "gemini";
    /** The alias accepted for options and metadata written by other tools. */
    static final String ALIAS = "google";

    private final ObjectNode values;

    private GeminiOptions(ObjectNode values) {
        this.values = values;
    }

    /**
     * Reads and checks the options.
     *
     * @param lookup the request's options by provider name
     * @param known each accepted key and the JSON type its value must have
     * @param warnings receives a warning per unknown key
     * @param details the caller, for the exception
     * @return the options
     * @throws InvalidRequestException if a known key has a value of another type
     */
    static GeminiOptions read(Function<String, Optional<ObjectNode>> lookup, Map<String, JsonType> known,
            List<Warning> warnings, ErrorDetails details) {
        ObjectNode merged = GeminiWire.JSON.createObjectNode();
        lookup.apply(ALIAS).ifPresent(merged::setAll);
        lookup.apply(KEY).ifPresent(merged::setAll);
        for (String key : keys(merged)) {
            JsonType type = known.get(key);
            JsonNode value = merged.get(key);
            if (type == null) {
                warnings.add(Warning.unsupportedSetting("providerOptions." + KEY + "." + key,
                        "the Gemini adapter does not know the provider option '" + key + "'; it was not sent"));
                merged.remove(key);
            } else if (!type.matches(value)) {
                throw new InvalidRequestException("providerOptions." + KEY + "." + key + " must be "
                        + type.description + " but was " + value.getNodeType(), details);
            }
        }
        return new GeminiOptions(merged);
    }

    private static List<String> keys(ObjectNode node) {
        return node.properties().stream().map(Map.Entry::getKey).toList();
    }

    /**
     * Returns one option.
     *
     * @param key the option name
     * @return a copy of the value, or {@code null} when not given
     */
    @Nullable JsonNode get(String key) {
        JsonNode value = values.get(key);
        return value == null || value.isNull() ? null : value.deepCopy();
    }

    /**
     * Returns a text option.
     *
     * @param key the option name
     * @return the text, or {@code null} when not given
     */
    @Nullable String text(String key) {
        JsonNode value = get(key);
        return value == null ? null : value.asText();
    }

    /**
     * Returns a flag option.
     *
     * @param key the option name
     * @return the flag, or {@code null} when not given
     */
    @Nullable Boolean flag(String key) {
        JsonNode value = get(key);
        return value == null ? null : value.asBoolean();
    }

    /** The JSON type a known option must have. */
    enum JsonType {
        OBJECT("an object"), ARRAY("an array"), STRING("a string"), BOOLEAN("a boolean"),
        INTEGER("an integer"), ANY("any value");

        private final String description;

        JsonType(String description) {
            this.description = description;
        }

        boolean matches(JsonNode value) {
            return value.isNull() || switch (this) {
                case OBJECT -> value.isObject();
                case ARRAY -> value.isArray();
                case STRING -> value.isTextual();
                case BOOLEAN -> value.isBoolean();
                case INTEGER -> value.canConvertToInt() && value.isIntegralNumber();
                case ANY -> true;
            };
        }
    }
}
