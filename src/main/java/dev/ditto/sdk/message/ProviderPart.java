package dev.ditto.sdk.message;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * An item only one provider understands, carried verbatim: built-in tool calls and results such as
 * OpenAI Responses {@code web_search_call} or Anthropic {@code web_search_tool_result}.
 *
 * <p>Adapters send it back unchanged to the same provider and drop it with a warning anywhere
 * else. The JSON value is deep-copied on the way in and out, so the part stays immutable.
 *
 * @param provider the provider that produced the item, such as {@code openai}
 * @param type the provider's item type, such as {@code web_search_call}
 * @param value the item as the provider sent it
 */
public record ProviderPart(String provider, String type, JsonNode value) implements ContentPart {

    /**
     * Validates the fields and copies the value.
     *
     * @param provider the provider that produced the item, such as {@code openai}
     * @param type the provider's item type, such as {@code web_search_call}
     * @param value the item as the provider sent it
     * @throws IllegalArgumentException if {@code provider} or {@code type} is blank
     */
    public ProviderPart {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(type, "type");
        if (provider.isBlank() || type.isBlank()) {
            throw new IllegalArgumentException(
                    "provider and type must not be blank but were '" + provider + "' and '" + type + "'");
        }
        value = value.deepCopy();
    }

    /**
     * Returns a copy of the item.
     *
     * @return the JSON value
     */
    @Override
    public JsonNode value() {
        return value.deepCopy();
    }

    /**
     * Returns empty metadata: the whole part is provider-specific.
     *
     * @return {@link ProviderMetadata#empty()}
     */
    @Override
    public ProviderMetadata providerMetadata() {
        return ProviderMetadata.empty();
    }
}
