package dev.ditto.provider.openai;

import static dev.ditto.provider.openai.EdgeParams.invalid;
import static dev.ditto.provider.openai.EdgeParams.requireString;
import static dev.ditto.provider.openai.EdgeParams.string;
import static dev.ditto.provider.openai.EdgeParams.value;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.message.AssistantMessage;
import dev.ditto.sdk.message.AudioPart;
import dev.ditto.sdk.message.ContentPart;
import dev.ditto.sdk.message.FilePart;
import dev.ditto.sdk.message.ImagePart;
import dev.ditto.sdk.message.MediaSource;
import dev.ditto.sdk.message.Message;
import dev.ditto.sdk.message.ProviderMetadata;
import dev.ditto.sdk.message.ReasoningPart;
import dev.ditto.sdk.message.SystemMessage;
import dev.ditto.sdk.message.TextPart;
import dev.ditto.sdk.message.ToolCallPart;
import dev.ditto.sdk.message.ToolMessage;
import dev.ditto.sdk.message.ToolResultPart;
import dev.ditto.sdk.message.UserMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Decodes the {@code messages} of a client's Chat Completions request into the unified
 * conversation: system and developer messages, user content parts (text, {@code image_url},
 * {@code input_audio}, {@code file}), assistant text, refusal, {@code reasoning_content} and
 * {@code tool_calls}, tool messages (consecutive ones merged into one tool message), and the
 * deprecated {@code function_call} / {@code function} pair, whose calls get generated ids.
 *
 * <p>OpenAI-only values (participant {@code name}, image {@code detail}, the developer role, an
 * assistant audio id) go into provider metadata under {@code openai}. One instance decodes one
 * request; not thread-safe.
 */
final class ChatMessageDecoder {

    private static final String OPENAI = OpenAiProvider.NAME;

    /** Ids generated for deprecated function calls, by function name, oldest first. */
    private final Map<String, Deque<String>> functionCallIds = new HashMap<>();

    List<Message> decode(ArrayNode messages) {
        if (messages.isEmpty()) {
            throw invalid("messages", "'messages' must contain at least one message");
        }
        List<Message> decoded = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            String param = "messages[" + i + "]";
            ObjectNode message = EdgeParams.requireObject(messages.get(i), param);
            Message next = message(message, param);
            Message previous = decoded.isEmpty() ? null : decoded.get(decoded.size() - 1);
            if (next instanceof ToolMessage tool && previous instanceof ToolMessage earlier) {
                List<ToolResultPart> merged = new ArrayList<>(earlier.results());
                merged.addAll(tool.results());
                decoded.set(decoded.size() - 1, ToolMessage.of(merged));
            } else {
                decoded.add(next);
            }
        }
        return decoded;
    }

    private Message message(ObjectNode message, String param) {
        String role = requireString(message, "role", param + ".role");
        return switch (role) {
            case "system", "developer" -> system(message, role, param);
            case "user" -> user(message, param);
            case "assistant" -> assistant(message, param);
            case "tool" -> tool(message, param);
            case "function" -> function(message, param);
            default -> throw invalid(param + ".role", "Invalid value for 'role': '" + role
                    + "'; expected system, developer, user, assistant, tool or function");
        };
    }

    private static SystemMessage system(ObjectNode message, String role, String param) {
        ProviderMetadata metadata = nameMetadata(message, param);
        if (role.equals("developer")) {
            metadata = metadata.with(OPENAI, "role", "developer");
        }
        return new SystemMessage(joinedText(value(message, "content"), param + ".content"), metadata);
    }

    private static UserMessage user(ObjectNode message, String param) {
        JsonNode content = value(message, "content");
        List<ContentPart> parts = new ArrayList<>();
        if (content == null || content.isTextual()) {
            parts.add(TextPart.of(content == null ? "" : content.asText()));
        } else if (content.isArray()) {
            for (int j = 0; j < content.size(); j++) {
                parts.add(userPart(content.get(j), param + ".content[" + j + "]"));
            }
        } else {
            throw invalid(param + ".content", "'content' must be a string or an array of content parts");
        }
        if (parts.isEmpty()) {
            throw invalid(param + ".content", "a user message needs at least one content part");
        }
        return new UserMessage(parts, nameMetadata(message, param));
    }

    private static ContentPart userPart(JsonNode node, String param) {
        ObjectNode part = EdgeParams.requireObject(node, param);
        String type = requireString(part, "type", param + ".type");
        try {
            return switch (type) {
                case "text" -> TextPart.of(requireString(part, "text", param + ".text"));
                case "image_url" -> image(part, param);
                case "input_audio" -> audio(part, param);
                case "file" -> file(part, param);
                default -> throw invalid(param + ".type", "Invalid content part type '" + type
                        + "'; expected text, image_url, input_audio or file");
            };
        } catch (IllegalArgumentException e) {
            throw invalid(param, "Invalid content part: " + e.getMessage(), e);
        }
    }

    private static ImagePart image(ObjectNode part, String param) {
        JsonNode imageUrl = value(part, "image_url");
        if (imageUrl == null) {
            throw EdgeParams.missing(param + ".image_url");
        }
        String url;
        String detail = null;
        if (imageUrl.isTextual()) {
            url = imageUrl.asText();
        } else {
            ObjectNode value = EdgeParams.requireObject(imageUrl, param + ".image_url");
            url = requireString(value, "url", param + ".image_url.url");
            detail = string(value, "detail", param + ".image_url.detail");
        }
        ProviderMetadata metadata = detail == null ? ProviderMetadata.empty()
                : ProviderMetadata.empty().with(OPENAI, "detail", detail);
        DataUrls.Data data = DataUrls.parse(url);
        if (data != null) {
            return new ImagePart(MediaSource.ofBase64(data.base64()), data.mediaType(), metadata);
        }
        return new ImagePart(MediaSource.ofUrl(url), null, metadata);
    }

    private static AudioPart audio(ObjectNode part, String param) {
        ObjectNode audio = EdgeParams.object(part, "input_audio", param + ".input_audio");
        if (audio == null) {
            throw EdgeParams.missing(param + ".input_audio");
        }
        String data = requireString(audio, "data", param + ".input_audio.data");
        String format = requireString(audio, "format", param + ".input_audio.format");
        return new AudioPart(MediaSource.ofBase64(data), DataUrls.audioMediaType(format), ProviderMetadata.empty());
    }

    private static FilePart file(ObjectNode part, String param) {
        ObjectNode file = EdgeParams.object(part, "file", param + ".file");
        if (file == null) {
            throw EdgeParams.missing(param + ".file");
        }
        String filename = string(file, "filename", param + ".file.filename");
        String fileData = string(file, "file_data", param + ".file.file_data");
        String fileId = string(file, "file_id", param + ".file.file_id");
        if (fileData != null) {
            DataUrls.Data data = DataUrls.parse(fileData);
            // Clients also send bare base64; OpenAI Chat files are PDFs.
            return data == null ? new FilePart(MediaSource.ofBase64(fileData), "application/pdf", filename, ProviderMetadata.empty())
                    : new FilePart(MediaSource.ofBase64(data.base64()), data.mediaType(), filename, ProviderMetadata.empty());
        }
        if (fileId != null) {
            return new FilePart(MediaSource.ofFileId(fileId), "application/pdf", filename, ProviderMetadata.empty());
        }
        throw invalid(param + ".file", "a file part needs 'file_data' or 'file_id'");
    }

    private AssistantMessage assistant(ObjectNode message, String param) {
        List<ContentPart> parts = new ArrayList<>();
        String reasoning = reasoning(message, param);
        if (reasoning != null && !reasoning.isEmpty()) {
            parts.add(ReasoningPart.of(reasoning));
        }
        assistantContent(value(message, "content"), param + ".content", parts);
        String refusal = string(message, "refusal", param + ".refusal");
        if (refusal != null && !refusal.isEmpty()) {
            parts.add(new TextPart(refusal, ChatResultMapper.refusalMetadata(OPENAI)));
        }
        ObjectNode audio = EdgeParams.object(message, "audio", param + ".audio");
        if (audio != null) {
            String id = requireString(audio, "id", param + ".audio.id");
            parts.add(new AudioPart(MediaSource.ofFileId(id), "audio/wav",
                    ProviderMetadata.empty().with(OPENAI, "audioId", id)));
        }
        toolCalls(message, param, parts);
        ObjectNode functionCall = EdgeParams.object(message, "function_call", param + ".function_call");
        if (functionCall != null) {
            String name = requireString(functionCall, "name", param + ".function_call.name");
            String id = ToolCallIds.generate();
            functionCallIds.computeIfAbsent(name, key -> new ArrayDeque<>()).add(id);
            parts.add(toolCall(id, name, functionCall.get("arguments"), param + ".function_call"));
        }
        return new AssistantMessage(parts, nameMetadata(message, param));
    }

    private static @Nullable String reasoning(ObjectNode message, String param) {
        String content = string(message, "reasoning_content", param + ".reasoning_content");
        return content != null ? content : string(message, "reasoning", param + ".reasoning");
    }

    private static void assistantContent(@Nullable JsonNode content, String param, List<ContentPart> parts) {
        if (content == null) {
            return;
        }
        if (content.isTextual()) {
            if (!content.asText().isEmpty()) {
                parts.add(TextPart.of(content.asText()));
            }
            return;
        }
        if (!content.isArray()) {
            throw invalid(param, "'content' must be a string, an array of content parts or null");
        }
        for (int j = 0; j < content.size(); j++) {
            String partParam = param + "[" + j + "]";
            ObjectNode part = EdgeParams.requireObject(content.get(j), partParam);
            String type = requireString(part, "type", partParam + ".type");
            if (type.equals("text")) {
                parts.add(TextPart.of(requireString(part, "text", partParam + ".text")));
            } else if (type.equals("refusal")) {
                parts.add(new TextPart(requireString(part, "refusal", partParam + ".refusal"),
                        ChatResultMapper.refusalMetadata(OPENAI)));
            } else {
                throw invalid(partParam + ".type", "assistant content parts are text or refusal, not '" + type + "'");
            }
        }
    }

    private static void toolCalls(ObjectNode message, String param, List<ContentPart> parts) {
        ArrayNode calls = EdgeParams.array(message, "tool_calls", param + ".tool_calls");
        if (calls == null) {
            return;
        }
        for (int k = 0; k < calls.size(); k++) {
            String callParam = param + ".tool_calls[" + k + "]";
            ObjectNode call = EdgeParams.requireObject(calls.get(k), callParam);
            String type = string(call, "type", callParam + ".type");
            if (type != null && !type.equals("function")) {
                throw invalid(callParam + ".type", "only function tool calls can be sent back, not '" + type + "'");
            }
            ObjectNode function = EdgeParams.object(call, "function", callParam + ".function");
            if (function == null) {
                throw EdgeParams.missing(callParam + ".function");
            }
            parts.add(toolCall(requireString(call, "id", callParam + ".id"),
                    requireString(function, "name", callParam + ".function.name"),
                    function.get("arguments"), callParam + ".function"));
        }
    }

    private static ToolCallPart toolCall(String id, String name, @Nullable JsonNode arguments, String param) {
        String text = arguments == null || arguments.isNull() ? "{}"
                : arguments.isTextual() ? arguments.asText() : arguments.toString();
        try {
            return ToolCallPart.of(id, name, text);
        } catch (IllegalArgumentException e) {
            throw invalid(param, e.getMessage(), e);
        }
    }

    private static ToolMessage tool(ObjectNode message, String param) {
        String id = requireString(message, "tool_call_id", param + ".tool_call_id");
        String text = joinedText(value(message, "content"), param + ".content");
        return ToolMessage.of(List.of(ToolResultPart.of(id, null, text)));
    }

    private ToolMessage function(ObjectNode message, String param) {
        String name = requireString(message, "name", param + ".name");
        Deque<String> ids = functionCallIds.get(name);
        String id = ids == null || ids.isEmpty() ? ToolCallIds.generate() : ids.poll();
        String text = joinedText(value(message, "content"), param + ".content");
        return ToolMessage.of(List.of(ToolResultPart.of(id, name, text)));
    }

    /** Reads content that must be text: a string, or an array of {@code text} parts. */
    private static String joinedText(@Nullable JsonNode content, String param) {
        if (content == null) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (!content.isArray()) {
            throw invalid(param, "'content' must be a string or an array of text parts");
        }
        StringBuilder text = new StringBuilder();
        for (int j = 0; j < content.size(); j++) {
            String partParam = param + "[" + j + "]";
            ObjectNode part = EdgeParams.requireObject(content.get(j), partParam);
            String type = requireString(part, "type", partParam + ".type");
            if (!type.equals("text")) {
                throw invalid(partParam + ".type", "this message takes text parts only, not '" + type + "'");
            }
            text.append(requireString(part, "text", partParam + ".text"));
        }
        return text.toString();
    }

    private static ProviderMetadata nameMetadata(ObjectNode message, String param) {
        String name = string(message, "name", param + ".name");
        return name == null ? ProviderMetadata.empty() : ProviderMetadata.empty().with(OPENAI, "name", name);
    }
}
