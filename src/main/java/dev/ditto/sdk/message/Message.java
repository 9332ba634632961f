package dev.ditto.sdk.message;

import java.util.List;

/**
 * One turn of a conversation: a {@link SystemMessage}, {@link UserMessage}, {@link
 * AssistantMessage} or {@link ToolMessage}. The set is closed so that codecs can handle every role.
 *
 * <p>All messages are immutable.
 *
 * <pre>{@code
 * List<Message> conversation = List.of(
 *         Message.system("Answer briefly."),
 *         Message.user("What is the capital of France?"));
 * }</pre>
 */
public sealed interface Message permits SystemMessage, UserMessage, AssistantMessage, ToolMessage {

    /** The author of a message. */
    enum Role {
        /** Instructions from the application. */
        SYSTEM,
        /** Input from the end user. */
        USER,
        /** Output of the model. */
        ASSISTANT,
        /** Results of tool calls. */
        TOOL
    }

    /**
     * Returns who wrote this message.
     *
     * @return the role
     */
    Role role();

    /**
     * Returns the provider-specific values attached to the whole message.
     *
     * @return the metadata, {@link ProviderMetadata#empty()} when there is none
     */
    ProviderMetadata providerMetadata();

    /**
     * Returns a system message.
     *
     * @param text the instructions
     * @return the message
     */
    static SystemMessage system(String text) {
        return SystemMessage.of(text);
    }

    /**
     * Returns a user message holding text.
     *
     * @param text the user's text
     * @return the message
     */
    static UserMessage user(String text) {
        return UserMessage.of(TextPart.of(text));
    }

    /**
     * Returns a user message holding the given parts.
     *
     * @param parts text, image, file, audio or provider parts
     * @return the message
     * @throws IllegalArgumentException if there are no parts or a part is not allowed from a user
     */
    static UserMessage user(ContentPart... parts) {
        return UserMessage.of(parts);
    }

    /**
     * Returns an assistant message holding text.
     *
     * @param text the model's earlier answer
     * @return the message
     */
    static AssistantMessage assistant(String text) {
        return AssistantMessage.of(List.of(TextPart.of(text)));
    }

    /**
     * Returns an assistant message holding the given parts.
     *
     * @param parts the model's earlier output
     * @return the message
     * @throws IllegalArgumentException if a part is not allowed from the assistant
     */
    static AssistantMessage assistant(ContentPart... parts) {
        return AssistantMessage.of(List.of(parts));
    }

    /**
     * Returns a tool message holding the given results.
     *
     * @param results one result per answered tool call
     * @return the message
     * @throws IllegalArgumentException if there are no results
     */
    static ToolMessage tool(ToolResultPart... results) {
        return ToolMessage.of(List.of(results));
    }
}
