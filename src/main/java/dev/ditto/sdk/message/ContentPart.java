package dev.ditto.sdk.message;

/**
 * One piece of a message's content. The set is closed so that every adapter and codec handles
 * every kind, or says which one it drops.
 *
 * <p>Every part carries {@link ProviderMetadata} for values that only the provider which produced
 * the part understands and that must be sent back to it unchanged. All parts are immutable.
 */
public sealed interface ContentPart
        permits TextPart, ImagePart, FilePart, AudioPart, ReasoningPart, ToolCallPart,
                ToolResultPart, ProviderPart {

    /**
     * Returns the provider-specific values attached to this part.
     *
     * @return the metadata, {@link ProviderMetadata#empty()} when there is none
     */
    ProviderMetadata providerMetadata();
}
