package dev.ditto.sdk.tool;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ditto.sdk.message.ProviderMetadata;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A function the application executes, described to the model by name, description and a JSON
 * Schema for its arguments.
 *
 * <p>The schema is deep-copied on the way in and out, so the tool stays immutable.
 *
 * <pre>{@code
 * FunctionTool weather = FunctionTool.of("get_weather", "Current weather for a city",
 *         mapper.readTree("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}"))
 *         .withStrict(true);
 * }</pre>
 *
 * @param name the function name
 * @param description what the function does, or {@code null}
 * @param parameters the JSON Schema of the arguments: a JSON object
 * @param strict whether the provider must enforce the schema exactly (OpenAI {@code strict})
 * @param providerMetadata provider-specific values such as Anthropic {@code cache_control}
 */
public record FunctionTool(
        String name,
        @Nullable String description,
        JsonNode parameters,
        boolean strict,
        ProviderMetadata providerMetadata)
        implements Tool {

    /**
     * Validates the fields and copies the schema.
     *
     * @param name the function name
     * @param description what the function does, or {@code null}
     * @param parameters the JSON Schema of the arguments: a JSON object
     * @param strict whether the provider must enforce the schema exactly (OpenAI {@code strict})
     * @param providerMetadata provider-specific values such as Anthropic {@code cache_control}
     * @throws IllegalArgumentException if {@code name} is blank or {@code parameters} is not a
     *     JSON object
     */
    public FunctionTool {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(providerMetadata, "providerMetadata");
        if (name.isBlank()) {
            throw new IllegalArgumentException("tool name must not be blank");
        }
        if (!parameters.isObject()) {
            throw new IllegalArgumentException("parameters of tool '" + name
                    + "' must be a JSON Schema object but was " + parameters.getNodeType());
        }
        parameters = parameters.deepCopy();
    }

    /**
     * Returns a non-strict function tool without metadata.
     *
     * @param name the function name
     * @param description what it does, or {@code null}
     * @param parameters the JSON Schema of the arguments
     * @return the tool
     * @throws IllegalArgumentException if the name is blank or the schema is not an object
     */
    public static FunctionTool of(String name, @Nullable String description, JsonNode parameters) {
        return new FunctionTool(name, description, parameters, false, ProviderMetadata.empty());
    }

    /**
     * Returns a copy of the schema.
     *
     * @return the JSON Schema
     */
    @Override
    public JsonNode parameters() {
        return parameters.deepCopy();
    }

    /**
     * Returns a copy with the strict flag replaced.
     *
     * @param newStrict whether the provider must enforce the schema exactly
     * @return the copy
     */
    public FunctionTool withStrict(boolean newStrict) {
        return new FunctionTool(name, description, parameters, newStrict, providerMetadata);
    }

    /**
     * Returns a copy with the metadata replaced.
     *
     * @param newMetadata the provider-specific values
     * @return the copy
     */
    public FunctionTool withProviderMetadata(ProviderMetadata newMetadata) {
        return new FunctionTool(name, description, parameters, strict, newMetadata);
    }
}
