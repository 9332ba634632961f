package dev.ditto.provider.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The request body of {@code POST /chat/completions} as OpenAI names its fields; a dialect
 * renames or drops fields afterwards. Null fields are left out.
 */
final class ChatRequestWire {

    private ChatRequestWire() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Request(
            String model,
            List<Message> messages,
            @Nullable Double temperature,
            @JsonProperty("top_p") @Nullable Double topP,
            @JsonProperty("top_k") @Nullable Integer topK,
            @JsonProperty("max_completion_tokens") @Nullable Integer maxCompletionTokens,
            @Nullable List<String> stop,
            @Nullable Long seed,
            @JsonProperty("presence_penalty") @Nullable Double presencePenalty,
            @JsonProperty("frequency_penalty") @Nullable Double frequencyPenalty,
            @Nullable List<Tool> tools,
            @JsonProperty("tool_choice") @Nullable Object toolChoice,
            @JsonProperty("parallel_tool_calls") @Nullable Boolean parallelToolCalls,
            @JsonProperty("response_format") @Nullable ResponseFormat responseFormat,
            @JsonProperty("reasoning_effort") @Nullable String reasoningEffort,
            @Nullable String user,
            @Nullable Map<String, String> metadata,
            @Nullable Boolean stream,
            @JsonProperty("stream_options") @Nullable StreamOptions streamOptions) {
    }

    /**
     * One message; {@code content} is a string or a list of {@link ContentPart}s.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Message(
            String role,
            @Nullable Object content,
            @Nullable String name,
            @JsonProperty("tool_calls") @Nullable List<ToolCall> toolCalls,
            @JsonProperty("tool_call_id") @Nullable String toolCallId,
            @Nullable AudioRef audio) {

        static Message of(String role, @Nullable Object content) {
            return new Message(role, content, null, null, null, null);
        }
    }

    /** A content part of a user message. */
    sealed interface ContentPart permits Text, ImageUrl, InputAudio, File, Verbatim {
    }

    record Text(String type, String text) implements ContentPart {
        Text(String text) {
            this("text", text);
        }
    }

    record ImageUrl(String type, @JsonProperty("image_url") ImageUrlValue imageUrl) implements ContentPart {
        ImageUrl(String url, @Nullable String detail) {
            this("image_url", new ImageUrlValue(url, detail));
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ImageUrlValue(String url, @Nullable String detail) {
    }

    record InputAudio(String type, @JsonProperty("input_audio") InputAudioValue inputAudio) implements ContentPart {
        InputAudio(String data, String format) {
            this("input_audio", new InputAudioValue(data, format));
        }
    }

    record InputAudioValue(String data, String format) {
    }

    record File(String type, FileValue file) implements ContentPart {
        File(FileValue file) {
            this("file", file);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record FileValue(@JsonProperty("file_data") @Nullable String fileData, @JsonProperty("file_id") @Nullable String fileId,
            @Nullable String filename) {
    }

    /** A part the caller gave in OpenAI's own shape ({@code ProviderPart}), sent as is. */
    record Verbatim(@JsonValue JsonNode value) implements ContentPart {
    }

    record ToolCall(String id, String type, FunctionCall function) {
        ToolCall(String id, String name, String arguments) {
            this(id, "function", new FunctionCall(name, arguments));
        }
    }

    record FunctionCall(String name, String arguments) {
    }

    record AudioRef(String id) {
    }

    record Tool(String type, FunctionDefinition function) {
        Tool(FunctionDefinition function) {
            this("function", function);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record FunctionDefinition(String name, @Nullable String description, JsonNode parameters, @Nullable Boolean strict) {
    }

    record NamedToolChoice(String type, FunctionName function) {
        NamedToolChoice(String name) {
            this("function", new FunctionName(name));
        }
    }

    record FunctionName(String name) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ResponseFormat(String type, @JsonProperty("json_schema") @Nullable JsonSchema jsonSchema) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record JsonSchema(String name, @Nullable String description, JsonNode schema, @Nullable Boolean strict) {
    }

    record StreamOptions(@JsonProperty("include_usage") boolean includeUsage) {
    }
}
