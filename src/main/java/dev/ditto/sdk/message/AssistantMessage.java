package dev.ditto.sdk.message;

import java.util.List;
import java.util.Objects;

/**
 * Output of the model kept in the conversation: text, reasoning, tool calls, generated media and
 * provider-specific items, in the order the model produced them.
 *
 * @param content the parts, possibly empty (a prefill placeholder)
 * @param providerMetadata provider-specific values such as the OpenAI Responses message item id
 */
public record AssistantMessage(List<ContentPart> content, ProviderMetadata providerMetadata) implements Message {

    /**
     * Validates and copies the content.
     *
     * @param content the parts, possibly empty (a prefill placeholder)
     * @param providerMetadata provider-specific values such as the OpenAI Responses message item id
     * @throws IllegalArgumentException if the content holds a tool result
     */
    public AssistantMessage {
        Objects.requireNonNull(providerMetadata, "providerMetadata");
        content = List.copyOf(content);
        for (ContentPart part : content) {
            if (part instanceof ToolResultPart result) {
                throw new IllegalArgumentException("an assistant message cannot hold the tool result for call '"
                        + result.toolCallId() + "'; put it in a tool message");
            }
        }
    }

    /**
     * Returns an assistant message without metadata.
     *
     * @param content the parts
     * @return the message
     * @throws IllegalArgumentException if a part is a tool result
     */
    public static AssistantMessage of(List<ContentPart> content) {
        return new AssistantMessage(content, ProviderMetadata.empty());
    }

    /**
     * Returns the tool calls among the content, in order.
     *
     * @return the tool calls, unmodifiable
     */
    public List<ToolCallPart> toolCalls() {
        return content.stream()
                .filter(ToolCallPart.class::isInstance)
                .map(ToolCallPart.class::cast)
                .toList();
    }

    @Override
    public Role role() {
        return Role.ASSISTANT;
    }
}
