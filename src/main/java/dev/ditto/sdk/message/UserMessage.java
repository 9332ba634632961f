package dev.ditto.sdk.message;

import java.util.List;
import java.util.Objects;

/**
 * Input from the end user: text, images, files, audio and provider-specific items.
 *
 * @param content the parts, at least one
 * @param providerMetadata provider-specific values such as the OpenAI participant {@code name}
 */
public record UserMessage(List<ContentPart> content, ProviderMetadata providerMetadata) implements Message {

    /**
     * Validates and copies the content.
     *
     * @param content the parts, at least one
     * @param providerMetadata provider-specific values such as the OpenAI participant {@code name}
     * @throws IllegalArgumentException if the content is empty or holds reasoning, tool calls or
     *     tool results
     */
    public UserMessage {
        Objects.requireNonNull(providerMetadata, "providerMetadata");
        content = List.copyOf(content);
        if (content.isEmpty()) {
            throw new IllegalArgumentException("a user message needs at least one content part");
        }
        for (ContentPart part : content) {
            if (part instanceof ReasoningPart || part instanceof ToolCallPart || part instanceof ToolResultPart) {
                throw new IllegalArgumentException("a user message cannot hold a " + part.getClass().getSimpleName()
                        + "; reasoning and tool calls belong to assistant messages, tool results to tool messages");
            }
        }
    }

    /**
     * Returns a user message without metadata.
     *
     * @param parts the content
     * @return the message
     * @throws IllegalArgumentException if the parts are empty or not allowed from a user
     */
    public static UserMessage of(ContentPart... parts) {
        return new UserMessage(List.of(parts), ProviderMetadata.empty());
    }

    @Override
    public Role role() {
        return Role.USER;
    }
}
