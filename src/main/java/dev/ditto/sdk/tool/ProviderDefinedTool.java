package dev.ditto.sdk.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A tool built into one provider and executed by it, such as OpenAI's {@code web_search} or
 * Anthropic's {@code web_search_20250305}. Adapters for other providers drop it with a warning.
 *
 * @param id {@code <provider>.<tool type>}, such as {@code openai.web_search}
 * @param name the name the model uses for it
 * @param args the provider's settings for the tool, copied on the way in and out
 */
public record ProviderDefinedTool(String id, String name, ObjectNode args) implements Tool {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_.-]+");

    /**
     * Validates the fields and copies the settings.
     *
     * @param id {@code <provider>.<tool type>}, such as {@code openai.web_search}
     * @param name the name the model uses for it
     * @param args the provider's settings for the tool, copied on the way in and out
     * @throws IllegalArgumentException if {@code id} is not {@code provider.type} or {@code name}
     *     is blank
     */
    public ProviderDefinedTool {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(args, "args");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("provider tool id must look like 'openai.web_search' but was '" + id + "'");
        }
        if (name.isBlank()) {
            throw new IllegalArgumentException("name of provider tool '" + id + "' must not be blank");
        }
        args = args.deepCopy();
    }

    /**
     * Returns a copy of the settings.
     *
     * @return the settings object
     */
    @Override
    public ObjectNode args() {
        return args.deepCopy();
    }

    /**
     * Returns one setting.
     *
     * @param field the setting name
     * @return a copy of the value, or {@code null} when absent
     */
    public @Nullable JsonNode arg(String field) {
        JsonNode value = args.get(field);
        return value == null ? null : value.deepCopy();
    }

    /**
     * Returns the provider that executes this tool: the part of the id before the first dot.
     *
     * @return the provider name
     */
    public String provider() {
        return id.substring(0, id.indexOf('.'));
    }
}
