package dev.ditto.sdk.message;

import java.util.List;
import java.util.Objects;

/**
 * Results of the tool calls of the preceding assistant message.
 *
 * @param results the results, at least one
 * @param providerMetadata provider-specific values
 */
public record ToolMessage(List<ToolResultPart> results, ProviderMetadata providerMetadata) implements Message {

    /**
     * Validates and copies the results.
     *
     * @param results the results, at least one
     * @param providerMetadata provider-specific values
     * @throws IllegalArgumentException if there are no results
     */
    public ToolMessage {
        Objects.requireNonNull(providerMetadata, "providerMetadata");
        results = List.copyOf(results);
        if (results.isEmpty()) {
            throw new IllegalArgumentException("a tool message needs at least one tool result");
        }
    }

    /**
     * Returns a tool message without metadata.
     *
     * @param results the results
     * @return the message
     * @throws IllegalArgumentException if there are no results
     */
    public static ToolMessage of(List<ToolResultPart> results) {
        return new ToolMessage(results, ProviderMetadata.empty());
    }

    @Override
    public Role role() {
        return Role.TOOL;
    }
}
