package dev.ditto.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ditto.sdk.message.ContentPart;
import dev.ditto.sdk.message.ProviderMetadata;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One event of a streamed answer. The set is closed so that every codec re-encodes every kind.
 *
 * <p>A well-formed stream is {@link StreamStart}, then any interleaving of text, reasoning and tool
 * input blocks, each opened by a start part, fed by deltas and closed by an end part that share one
 * id, then {@link Finish}. A failure ends the stream with an {@link Error} part instead, so a
 * truncated stream is never mistaken for a complete one. {@link Raw} parts carry the provider's
 * chunks verbatim when asked for. All parts are immutable.
 */
public sealed interface StreamPart {

    /**
     * The first part: what the adapter dropped or approximated, and the response's identity when
     * already known.
     *
     * @param warnings what was dropped or approximated
     * @param responseId the provider's response id, or {@code null} when not yet known
     * @param modelId the model that answers, or {@code null} when not yet known
     */
    record StreamStart(List<Warning> warnings, @Nullable String responseId, @Nullable String modelId)
            implements StreamPart {

        /**
         * Validates and copies the warnings.
         *
         * @param warnings what was dropped or approximated
         * @param responseId the provider's response id, or {@code null} when not yet known
         * @param modelId the model that answers, or {@code null} when not yet known
         */
        public StreamStart {
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * Opens a text block.
     *
     * @param id the block id shared with its deltas and end
     * @param providerMetadata provider-specific values
     */
    record TextStart(String id, ProviderMetadata providerMetadata) implements StreamPart {

        /**
         * Validates the fields.
         *
         * @param id the block id shared with its deltas and end
         * @param providerMetadata provider-specific values
         */
        public TextStart {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(providerMetadata, "providerMetadata");
        }
    }

    /**
     * A piece of text.
     *
     * @param id the block id
     * @param delta the text to append
     */
    record TextDelta(String id, String delta) implements StreamPart {

        /**
         * Validates the fields.
         *
         * @param id the block id
         * @param delta the text to append
         */
        public TextDelta {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(delta, "delta");
        }
    }

    /**
     * Closes a text block.
     *
     * @param id the block id
     * @param providerMetadata provider-specific values known at the end, such as an item id
     */
    record TextEnd(String id, ProviderMetadata providerMetadata) implements StreamPart {

        /**
         * Validates the fields.
         *
         * @param id the block id
         * @param providerMetadata provider-specific values known at the end, such as an item id
         */
        public TextEnd {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(providerMetadata, "providerMetadata");
        }
    }

    /**
     * Opens a reasoning block.
     *
     * @param id the block id
     * @param providerMetadata provider-specific values such as the OpenAI reasoning item id
     */
    record ReasoningStart(String id, ProviderMetadata providerMetadata) implements StreamPart {

        /**
         * Validates the fields.
         *
         * @param id the block id
         * @param providerMetadata provider-specific values such as the OpenAI reasoning item id
         */
        public ReasoningStart {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(providerMetadata, "providerMetadata");
        }
    }

    /**
     * A piece of reasoning text.
     *
     * @param id the block id
     * @param delta the reasoning text to append, possibly empty when only metadata arrives
     * @param providerMetadata provider-specific values arriving with it, such as a signature
     */
    record ReasoningDelta(String id, String delta, ProviderMetadata providerMetadata) implements StreamPart {

        /**
         * Validates the fields.
         *
         * @param id the block id
         * @param delta the reasoning text to append, possibly empty when only metadata arrives
         * @param providerMetadata provider-specific values arriving with it, such as a signature
         */
        public ReasoningDelta {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(delta, "delta");
            Objects.requireNonNull(providerMetadata, "providerMetadata");
        }
    }

    /**
     * Closes a reasoning block.
     *
     * @param id the block id
     * @param providerMetadata values that must be sent back with the reasoning, such as the
     *     Anthropic signature or the OpenAI encrypted content
     */
    record ReasoningEnd(String id, ProviderMetadata providerMetadata) implements StreamPart {

        /**
         * Validates the fields.
         *
         * @param id the block id
         * @param providerMetadata values that must be sent back with the reasoning, such as the Anthropic signature or the OpenAI encrypted content
         */
        public ReasoningEnd {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(providerMetadata, "providerMetadata");
        }
    }

    /**
     * Opens the streamed arguments of a tool call.
     *
     * @param id the tool call id
     * @param toolName the tool being called
     */
    record ToolInputStart(String id, String toolName) implements StreamPart {

        /**
         * Validates the fields.
         *
         * @param id the tool call id
         * @param toolName the tool being called
         */
        public ToolInputStart {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(toolName, "toolName");
        }
    }

    /**
     * A fragment of a tool call's JSON arguments; fragments are not valid JSON on their own.
     *
     * @param id the tool call id
     * @param delta the JSON text to append
     */
    record ToolInputDelta(String id, String delta) implements StreamPart {

        /**
         * Validates the fields.
         *
         * @param id the tool call id
         * @param delta the JSON text to append
         */
        public ToolInputDelta {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(delta, "delta");
        }
    }

    /**
     * Closes the streamed arguments of a tool call; a {@link ToolCall} with the whole input
     * follows.
     *
     * @param id the tool call id
     */
    record ToolInputEnd(String id) implements StreamPart {

        /**
         * Validates the fields.
         *
         * @param id the tool call id
         */
        public ToolInputEnd {
            Objects.requireNonNull(id, "id");
        }
    }

    /**
     * A complete tool call.
     *
     * @param toolCallId the call id
     * @param toolName the tool being called
     * @param input the whole arguments as JSON text, {@code {}} when there are none
     * @param providerMetadata provider-specific values such as Gemini's {@code thoughtSignature}
     */
    record ToolCall(String toolCallId, String toolName, String input, ProviderMetadata providerMetadata)
            implements StreamPart {

        /**
         * Validates the fields and normalises blank input to {@code {}}.
         *
         * @param toolCallId the call id
         * @param toolName the tool being called
         * @param input the whole arguments as JSON text, {@code {}} when there are none
         * @param providerMetadata provider-specific values such as Gemini's {@code thoughtSignature}
         */
        public ToolCall {
            Objects.requireNonNull(toolCallId, "toolCallId");
            Objects.requireNonNull(toolName, "toolName");
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(providerMetadata, "providerMetadata");
            if (input.isBlank()) {
                input = "{}";
            }
        }
    }

    /**
     * A complete content part that is not streamed piecewise: a generated file, a provider-executed
     * tool result or a provider-specific item.
     *
     * @param part the part
     */
    record Content(ContentPart part) implements StreamPart {

        /**
         * Validates the fields.
         *
         * @param part the part
         */
        public Content {
            Objects.requireNonNull(part, "part");
        }
    }

    /**
     * The last part of a successful stream.
     *
     * @param usage the final token usage
     * @param finishReason why the model stopped, unified
     * @param rawFinishReason the provider's own value, or {@code null}
     * @param providerMetadata provider-specific values about the whole response
     */
    record Finish(Usage usage, FinishReason finishReason, @Nullable String rawFinishReason,
            ProviderMetadata providerMetadata) implements StreamPart {

        /**
         * Validates the fields.
         *
         * @param usage the final token usage
         * @param finishReason why the model stopped, unified
         * @param rawFinishReason the provider's own value, or {@code null}
         * @param providerMetadata provider-specific values about the whole response
         */
        public Finish {
            Objects.requireNonNull(usage, "usage");
            Objects.requireNonNull(finishReason, "finishReason");
            Objects.requireNonNull(providerMetadata, "providerMetadata");
        }
    }

    /**
     * The last part of a failed stream: the provider reported an error, the connection broke, a
     * timeout expired, or the stream could not be decoded.
     *
     * @param error what went wrong
     */
    record Error(SdkException error) implements StreamPart {

        /**
         * Validates the fields.
         *
         * @param error what went wrong
         */
        public Error {
            Objects.requireNonNull(error, "error");
        }
    }

    /**
     * A provider chunk passed through verbatim (only when the caller asked for raw chunks).
     *
     * @param value the chunk, copied on the way in and out
     */
    record Raw(JsonNode value) implements StreamPart {

        /**
         * Validates and copies the value.
         *
         * @param value the chunk, copied on the way in and out
         */
        public Raw {
            value = value.deepCopy();
        }

        /**
         * Returns a copy of the chunk.
         *
         * @return the chunk
         */
        @Override
        public JsonNode value() {
            return value.deepCopy();
        }
    }
}
