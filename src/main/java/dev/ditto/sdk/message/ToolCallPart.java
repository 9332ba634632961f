package dev.ditto.sdk.message;

import java.util.Objects;

/**
 * The model's request to call a tool.
 *
 * <p>The arguments stay the JSON text the model produced, because models sometimes produce
 * invalid JSON and translation must not fail or reformat it; an empty string (Anthropic sends
 * {@code ""} for argument-less tools) is normalised to {@code {}}.
 *
 * @param toolCallId the id that the matching {@link ToolResultPart} refers to
 * @param toolName the name of the tool to call
 * @param arguments the arguments as JSON text
 * @param providerMetadata provider-specific values such as Gemini's {@code thoughtSignature} or the
 *     OpenAI Responses item id
 */
public record ToolCallPart(String toolCallId, String toolName, String arguments, ProviderMetadata providerMetadata)
        implements ContentPart {

    /**
     * Validates the fields and normalises empty arguments to {@code {}}.
     *
     * @param toolCallId the id that the matching {@link ToolResultPart} refers to
     * @param toolName the name of the tool to call
     * @param arguments the arguments as JSON text
     * @param providerMetadata provider-specific values such as Gemini's {@code thoughtSignature} or the OpenAI Responses item id
     * @throws IllegalArgumentException if {@code toolCallId} or {@code toolName} is blank
     */
    public ToolCallPart {
        Objects.requireNonNull(toolCallId, "toolCallId");
        Objects.requireNonNull(toolName, "toolName");
        Objects.requireNonNull(arguments, "arguments");
        Objects.requireNonNull(providerMetadata, "providerMetadata");
        if (toolCallId.isBlank()) {
            throw new IllegalArgumentException("toolCallId must not be blank (tool '" + toolName + "')");
        }
        if (toolName.isBlank()) {
            throw new IllegalArgumentException("toolName must not be blank (call '" + toolCallId + "')");
        }
        if (arguments.isBlank()) {
            arguments = "{}";
        }
    }

    /**
     * Returns a tool call without metadata.
     *
     * @param toolCallId the call id
     * @param toolName the tool name
     * @param arguments the arguments as JSON text
     * @return the part
     * @throws IllegalArgumentException if the id or name is blank
     */
    public static ToolCallPart of(String toolCallId, String toolName, String arguments) {
        return new ToolCallPart(toolCallId, toolName, arguments, ProviderMetadata.empty());
    }
}
