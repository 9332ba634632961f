package dev.ditto.sdk.message;

import java.util.Objects;

/**
 * Instructions from the application. Providers that take a separate system prompt (Anthropic,
 * Gemini) receive the system messages joined.
 *
 * @param text the instructions
 * @param providerMetadata provider-specific values such as Anthropic {@code cache_control}
 */
public record SystemMessage(String text, ProviderMetadata providerMetadata) implements Message {

    /**
     * Validates the fields.
     *
     * @param text the instructions
     * @param providerMetadata provider-specific values such as Anthropic {@code cache_control}
     */
    public SystemMessage {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(providerMetadata, "providerMetadata");
    }

    /**
     * Returns a system message without metadata.
     *
     * @param text the instructions
     * @return the message
     */
    public static SystemMessage of(String text) {
        return new SystemMessage(text, ProviderMetadata.empty());
    }

    @Override
    public Role role() {
        return Role.SYSTEM;
    }
}
