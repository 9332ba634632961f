package dev.ditto.provider.openai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A {@code chat.completion} body or a {@code chat.completion.chunk} event, as OpenAI and the
 * compatible servers send them. Every field is optional because the servers differ; fields whose
 * shape varies by server (Mistral's content arrays, usage with vendor extras, arguments sent as an
 * object) stay JSON trees.
 */
final class ChatResponseWire {

    private ChatResponseWire() {
    }

    /**
     * A whole completion, or one chunk of a stream (then choices carry {@code delta}).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Completion(
            @Nullable String id,
            @Nullable String model,
            @Nullable Long created,
            @Nullable List<Choice> choices,
            @Nullable JsonNode usage,
            @JsonProperty("system_fingerprint") @Nullable String systemFingerprint,
            @JsonProperty("service_tier") @Nullable String serviceTier,
            @JsonProperty("x_groq") @Nullable JsonNode xGroq,
            @Nullable JsonNode error) {

        /** Returns the usage object: top-level, else Groq's {@code x_groq.usage}. */
        @Nullable JsonNode effectiveUsage() {
            if (usage != null && usage.isObject()) {
                return usage;
            }
            JsonNode groq = xGroq == null ? null : xGroq.get("usage");
            return groq != null && groq.isObject() ? groq : null;
        }

        /** Returns the first choice, the only one the adapter asks for. */
        @Nullable Choice firstChoice() {
            if (choices == null) {
                return null;
            }
            for (Choice choice : choices) {
                if (choice.index() == null || choice.index() == 0) {
                    return choice;
                }
            }
            return null;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Choice(
            @Nullable Integer index,
            @Nullable Message message,
            @Nullable Message delta,
            @JsonProperty("finish_reason") @Nullable String finishReason,
            @Nullable JsonNode logprobs) {
    }

    /**
     * A message, or the delta of a chunk. {@code content} is text, or Mistral's list of
     * {@code text} and {@code thinking} parts.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Message(
            @Nullable String role,
            @Nullable JsonNode content,
            @Nullable String refusal,
            @JsonProperty("reasoning_content") @Nullable JsonNode reasoningContent,
            @Nullable JsonNode reasoning,
            @JsonProperty("tool_calls") @Nullable List<ToolCall> toolCalls,
            @JsonProperty("function_call") @Nullable FunctionCall functionCall,
            @Nullable JsonNode audio,
            @Nullable JsonNode annotations) {

        /** Returns the reasoning text in the preferred field, else in the other one. */
        @Nullable String reasoningText(String preferredField) {
            boolean reasoningFirst = OpenAiChatDialect.REASONING.equals(preferredField);
            JsonNode first = reasoningFirst ? reasoning : reasoningContent;
            JsonNode second = reasoningFirst ? reasoningContent : reasoning;
            if (first != null && first.isTextual()) {
                return first.asText();
            }
            return second != null && second.isTextual() ? second.asText() : null;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ToolCall(
            @Nullable Integer index,
            @Nullable String id,
            @Nullable String type,
            @Nullable FunctionCall function) {
    }

    /** A function name and arguments; the arguments are JSON text, or an object on some servers. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record FunctionCall(@Nullable String name, @Nullable JsonNode arguments) {

        /** Returns the arguments as JSON text, empty when absent. */
        String argumentsText() {
            if (arguments == null || arguments.isNull()) {
                return "";
            }
            return arguments.isTextual() ? arguments.asText() : arguments.toString();
        }
    }
}
