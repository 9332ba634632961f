package dev.ditto.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The shape the model's answer must take: free {@link Text}, any {@link Json} object, or JSON
 * valid against a {@link JsonSchema}. All formats are immutable.
 */
public sealed interface ResponseFormat permits ResponseFormat.Text, ResponseFormat.Json, ResponseFormat.JsonSchema {

    /**
     * Returns the free-text format.
     *
     * @return the format
     */
    static ResponseFormat text() {
        return new Text();
    }

    /**
     * Returns the format that asks for some JSON object (OpenAI {@code json_object}).
     *
     * @return the format
     */
    static ResponseFormat json() {
        return new Json();
    }

    /**
     * Returns the format that asks for JSON valid against a schema, enforced strictly.
     *
     * @param name the schema's name, such as {@code weather_report}
     * @param schema the JSON Schema: a JSON object
     * @return the format
     * @throws IllegalArgumentException if {@code name} is blank or {@code schema} is not an object
     */
    static ResponseFormat jsonSchema(String name, JsonNode schema) {
        return new JsonSchema(name, null, schema, true);
    }

    /** Free text. */
    record Text() implements ResponseFormat {
    }

    /** Any JSON object. */
    record Json() implements ResponseFormat {
    }

    /**
     * JSON valid against a schema; the schema is copied on the way in and out.
     *
     * @param name the schema's name
     * @param description what the answer holds, or {@code null}
     * @param schema the JSON Schema: a JSON object
     * @param strict whether the provider must enforce the schema exactly
     */
    record JsonSchema(String name, @Nullable String description, JsonNode schema, boolean strict)
            implements ResponseFormat {

        /**
         * Validates the fields and copies the schema.
         *
         * @param name the schema's name
         * @param description what the answer holds, or {@code null}
         * @param schema the JSON Schema: a JSON object
         * @param strict whether the provider must enforce the schema exactly
         * @throws IllegalArgumentException if {@code name} is blank or {@code schema} is not a JSON
         *     object
         */
        public JsonSchema {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(schema, "schema");
            if (name.isBlank()) {
                throw new IllegalArgumentException("response format schema name must not be blank");
            }
            if (!schema.isObject()) {
                throw new IllegalArgumentException("response format schema '" + name
                        + "' must be a JSON object but was " + schema.getNodeType());
            }
            schema = schema.deepCopy();
        }

        /**
         * Returns a copy of the schema.
         *
         * @return the JSON Schema
         */
        @Override
        public JsonNode schema() {
            return schema.deepCopy();
        }
    }
}
