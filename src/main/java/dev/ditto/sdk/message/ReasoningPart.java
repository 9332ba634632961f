package dev.ditto.sdk.message;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The model's reasoning: visible thinking text or a summary of it, and the opaque tokens a provider
 * needs back on the next turn.
 *
 * <p>{@code signature} and {@code encryptedContent} are only meaningful to the provider that
 * issued them, which {@link #providerMetadata()} names; adapters send them back only to that
 * provider and drop them (with a warning) elsewhere.
 *
 * @param text the thinking text or reasoning summary, possibly empty
 * @param signature the integrity token sent with the text (Anthropic {@code signature}, Gemini
 *     {@code thoughtSignature}), or {@code null}
 * @param encryptedContent reasoning the provider withheld or encrypted (Anthropic
 *     {@code redacted_thinking.data}, OpenAI Responses {@code encrypted_content}), or {@code null}
 * @param providerMetadata provider-specific values such as the OpenAI reasoning item id
 */
public record ReasoningPart(
        String text,
        @Nullable String signature,
        @Nullable String encryptedContent,
        ProviderMetadata providerMetadata)
        implements ContentPart {

    /**
     * Validates the fields.
     *
     * @param text the thinking text or reasoning summary, possibly empty
     * @param signature the integrity token sent with the text (Anthropic {@code signature}, Gemini {@code thoughtSignature}), or {@code null}
     * @param encryptedContent reasoning the provider withheld or encrypted (Anthropic {@code redacted_thinking.data}, OpenAI Responses {@code encrypted_content}), or {@code null}
     * @param providerMetadata provider-specific values such as the OpenAI reasoning item id
     */
    public ReasoningPart {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(providerMetadata, "providerMetadata");
    }

    /**
     * Returns reasoning text without a signature.
     *
     * @param text the thinking text
     * @return the part
     */
    public static ReasoningPart of(String text) {
        return new ReasoningPart(text, null, null, ProviderMetadata.empty());
    }

    /**
     * Returns reasoning text with the signature that must be echoed back.
     *
     * @param text the thinking text
     * @param signature the provider's signature
     * @return the part
     */
    public static ReasoningPart signed(String text, String signature) {
        return new ReasoningPart(text, Objects.requireNonNull(signature, "signature"), null, ProviderMetadata.empty());
    }

    /**
     * Returns reasoning the provider only shows in encrypted or redacted form.
     *
     * @param encryptedContent the opaque data
     * @return the part, with empty text
     */
    public static ReasoningPart redacted(String encryptedContent) {
        return new ReasoningPart(
                "", null, Objects.requireNonNull(encryptedContent, "encryptedContent"), ProviderMetadata.empty());
    }

    /**
     * Returns whether the reasoning is withheld (only encrypted content and no text).
     *
     * @return {@code true} when redacted
     */
    public boolean isRedacted() {
        return text.isEmpty() && encryptedContent != null;
    }
}
