package dev.ditto.sdk.message;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of a tool call, sent back to the model.
 *
 * <p>Content may be text, images and files (Anthropic accepts all three in a tool result; other
 * providers get the text and a warning for the rest).
 *
 * @param toolCallId the id of the {@link ToolCallPart} this answers
 * @param toolName the tool's name, or {@code null} when the caller's format does not send it
 *     (OpenAI tool messages); adapters that need it (Gemini) look it up from the call
 * @param content the result content: text, image and file parts
 * @param isError whether the tool failed and the content describes the failure
 * @param providerMetadata provider-specific values
 */
public record ToolResultPart(
        String toolCallId,
        @Nullable String toolName,
        List<ContentPart> content,
        boolean isError,
        ProviderMetadata providerMetadata)
        implements ContentPart {

    /**
     * Validates the fields and copies the content.
     *
     * @param toolCallId the id of the {@link ToolCallPart} this answers
     * @param toolName the tool's name, or {@code null} when the caller's format does not send it (OpenAI tool messages); adapters that need it (Gemini) look it up from the call
     * @param content the result content: text, image and file parts
     * @param isError whether the tool failed and the content describes the failure
     * @param providerMetadata provider-specific values
     * @throws IllegalArgumentException if {@code toolCallId} is blank or the content holds a part
     *     other than text, image or file
     */
    public ToolResultPart {
        Objects.requireNonNull(toolCallId, "toolCallId");
        Objects.requireNonNull(providerMetadata, "providerMetadata");
        if (toolCallId.isBlank()) {
            throw new IllegalArgumentException("toolCallId must not be blank (tool '" + toolName + "')");
        }
        content = List.copyOf(content);
        for (ContentPart part : content) {
            if (!(part instanceof TextPart || part instanceof ImagePart || part instanceof FilePart)) {
                throw new IllegalArgumentException("a tool result may hold text, image and file parts but got "
                        + part.getClass().getSimpleName() + " for call '" + toolCallId + "'");
            }
        }
    }

    /**
     * Returns a successful text result.
     *
     * @param toolCallId the call id
     * @param toolName the tool name, or {@code null}
     * @param text the result text (often JSON)
     * @return the part
     * @throws IllegalArgumentException if {@code toolCallId} is blank
     */
    public static ToolResultPart of(String toolCallId, @Nullable String toolName, String text) {
        return new ToolResultPart(toolCallId, toolName, List.of(TextPart.of(text)), false, ProviderMetadata.empty());
    }

    /**
     * Returns a failed result whose text describes the error.
     *
     * @param toolCallId the call id
     * @param toolName the tool name, or {@code null}
     * @param errorText what went wrong
     * @return the part
     * @throws IllegalArgumentException if {@code toolCallId} is blank
     */
    public static ToolResultPart error(String toolCallId, @Nullable String toolName, String errorText) {
        return new ToolResultPart(toolCallId, toolName, List.of(TextPart.of(errorText)), true, ProviderMetadata.empty());
    }

    /**
     * Returns the text parts joined, ignoring images and files.
     *
     * @return the text, empty when there is none
     */
    public String text() {
        StringBuilder text = new StringBuilder();
        for (ContentPart part : content) {
            if (part instanceof TextPart textPart) {
                text.append(textPart.text());
            }
        }
        return text.toString();
    }
}
