package dev.ditto.sdk.message;

import java.util.Objects;

/**
 * Plain text.
 *
 * @param text the text, possibly empty
 * @param providerMetadata provider-specific values such as Anthropic {@code cache_control}
 */
public record TextPart(String text, ProviderMetadata providerMetadata) implements ContentPart {

    /**
     * Validates the fields.
     *
     * @param text the text, possibly empty
     * @param providerMetadata provider-specific values such as Anthropic {@code cache_control}
     */
    public TextPart {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(providerMetadata, "providerMetadata");
    }

    /**
     * Returns a text part without metadata.
     *
     * @param text the text
     * @return the part
     */
    public static TextPart of(String text) {
        return new TextPart(text, ProviderMetadata.empty());
    }
}
