package dev.ditto.provider.openai.responses;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ditto.sdk.message.AssistantMessage;
import dev.ditto.sdk.message.AudioPart;
import dev.ditto.sdk.message.ContentPart;
import dev.ditto.sdk.message.FilePart;
import dev.ditto.sdk.message.ImagePart;
import dev.ditto.sdk.message.MediaSource;
import dev.ditto.sdk.message.Message;
import dev.ditto.sdk.message.ProviderMetadata;
import dev.ditto.sdk.message.ProviderPart;
import dev.ditto.sdk.message.SystemMessage;
import dev.ditto.sdk.message.TextPart;
import dev.ditto.sdk.message.ToolCallPart;
import dev.ditto.sdk.message.ToolMessage;
import dev.ditto.sdk.message.ToolResultPart;
import dev.ditto.sdk.message.UserMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Turns the {@code input} of a Responses request into unified messages: user, system and
 * developer messages; consecutive assistant-side items (assistant messages, {@code reasoning},
 * {@code function_call}, built-in tool calls) into one assistant message; consecutive
 * {@code function_call_output} items into one tool message; and the other items the caller sends
 * back (such as {@code shell_call_output} or {@code mcp_approval_response}) into user messages
 * holding a {@link ProviderPart}. One instance decodes one input; not thread-safe.
 */
final class ResponsesInputDecoder {

    private static final Pattern DATA_URL = Pattern.compile("data:([^;,]+);base64,(.*)", Pattern.DOTALL);
    private static final String FUNCTION_CALL_OUTPUT = "function_call_output";
    private static final String CUSTOM_TOOL_CALL_OUTPUT = "custom_tool_call_output";

    private final List<Message> messages = new ArrayList<>();
    private final List<ContentPart> assistant = new ArrayList<>();
    private final List<ToolResultPart> results = new ArrayList<>();

    private ResponsesInputDecoder() {
    }

    /**
     * Decodes {@code input}: a string (one user message) or an array of items.
     *
     * @param input the input node, possibly missing or null
     * @return the messages, possibly empty
     * @throws InvalidParameterException if an item is malformed, naming it
     */
    static List<Message> decode(JsonNode input) {
        if (input == null || input.isMissingNode() || input.isNull()) {
            return List.of();
        }
        if (input.isTextual()) {
            return List.of(Message.user(input.asText()));
        }
        if (!input.isArray()) {
            throw InvalidParameterException.invalid("input", "a string or an array of input items");
        }
        ResponsesInputDecoder decoder = new ResponsesInputDecoder();
        for (int i = 0; i < input.size(); i++) {
            decoder.item(input.get(i), "input[" + i + "]");
        }
        decoder.flushAssistant();
        decoder.flushResults();
        return List.copyOf(decoder.messages);
    }

    private void item(JsonNode item, String path) {
        if (!item.isObject()) {
            throw InvalidParameterException.invalid(path, "an object");
        }
        String type = Json.text(item, "type", OutputItems.MESSAGE);
        switch (type) {
            case OutputItems.MESSAGE -> message(item, path);
            case OutputItems.FUNCTION_CALL -> assistantPart(functionCall(item, path));
            case OutputItems.REASONING -> OutputItems.reasoning(item).forEach(this::assistantPart);
            case FUNCTION_CALL_OUTPUT, CUSTOM_TOOL_CALL_OUTPUT -> toolResult(item, type, path);
            default -> providerItem(item, type);
        }
    }

    private void message(JsonNode item, String path) {
        String role = Json.text(item, "role");
        if (role == null) {
            throw InvalidParameterException.missing(path + ".role");
        }
        switch (role) {
            case "user" -> user(UserMessage.of(userContent(item.path("content"), path + ".content")
                    .toArray(ContentPart[]::new)));
            case "system", "developer" -> {
                ProviderMetadata meta = role.equals("developer")
                        ? ProviderMetadata.empty().with(OpenAiKeys.PROVIDER, OpenAiKeys.ROLE, role) : ProviderMetadata.empty();
                user(new SystemMessage(joinedText(item.path("content"), path + ".content"), meta));
            }
            case "assistant" -> assistantText(item, path);
            default -> throw InvalidParameterException.invalid(path + ".role", "'user', 'system', 'developer' or 'assistant'");
        }
    }

    /** Adds a non-assistant, non-tool message, closing the groups before it. */
    private void user(Message message) {
        flushAssistant();
        flushResults();
        messages.add(message);
    }

    private void assistantPart(ContentPart part) {
        flushResults();
        assistant.add(part);
    }

    private void assistantText(JsonNode item, String path) {
        JsonNode content = item.path("content");
        if (content.isTextual()) {
            assistantPart(new TextPart(content.asText(), OutputItems.itemMetadata(item)));
            return;
        }
        if (!content.isArray()) {
            throw InvalidParameterException.invalid(path + ".content", "a string or an array of content parts");
        }
        for (int j = 0; j < content.size(); j++) {
            JsonNode part = content.get(j);
            String type = Json.text(part, "type", "");
            if (!List.of(OutputItems.OUTPUT_TEXT, OutputItems.REFUSAL, "input_text").contains(type)) {
                throw InvalidParameterException.invalid(path + ".content[" + j + "].type",
                        "'output_text' or 'refusal' in an assistant message");
            }
            String text = type.equals(OutputItems.REFUSAL) ? Json.text(part, OutputItems.REFUSAL, "") : Json.text(part, "text", "");
            assistantPart(new TextPart(text, OutputItems.textMetadata(item, part)));
        }
    }

    private static ToolCallPart functionCall(JsonNode item, String path) {
        String name = Json.text(item, "name");
        String callId = Json.text(item, "call_id");
        if (name == null || name.isBlank()) {
            throw InvalidParameterException.missing(path + ".name");
        }
        if (callId == null || callId.isBlank()) {
            throw InvalidParameterException.missing(path + ".call_id");
        }
        return new ToolCallPart(callId, name, Json.text(item, "arguments", "{}"), OutputItems.functionCallMetadata(item));
    }

    private void toolResult(JsonNode item, String type, String path) {
        String callId = Json.text(item, "call_id");
        if (callId == null || callId.isBlank()) {
            throw InvalidParameterException.missing(path + ".call_id");
        }
        JsonNode output = item.path("output");
        List<ContentPart> content = output.isTextual() ? List.of(TextPart.of(output.asText()))
                : userContent(output, path + ".output");
        ProviderMetadata meta = type.equals(FUNCTION_CALL_OUTPUT) ? ProviderMetadata.empty()
                : ProviderMetadata.empty().with(OpenAiKeys.PROVIDER, OpenAiKeys.OUTPUT_TYPE, type);
        flushAssistant();
        results.add(new ToolResultPart(callId, null, content, false, meta));
    }

    /**
     * Keeps an item we have no unified form for: what the caller sends back (outputs, approvals,
     * references) as a user-side part, what the model produced (built-in tool calls) as an
     * assistant-side part, so that the order of the conversation survives.
     */
    private void providerItem(JsonNode item, String type) {
        ProviderPart part = new ProviderPart(OpenAiKeys.PROVIDER, type, item);
        if (type.endsWith("_output") || type.endsWith("_response") || type.equals("item_reference")) {
            user(UserMessage.of(part));
        } else {
            assistantPart(part);
        }
    }

    private void flushAssistant() {
        if (!assistant.isEmpty()) {
            messages.add(AssistantMessage.of(List.copyOf(assistant)));
            assistant.clear();
        }
    }

    private void flushResults() {
        if (!results.isEmpty()) {
            messages.add(ToolMessage.of(List.copyOf(results)));
            results.clear();
        }
    }

    private static String joinedText(JsonNode content, String path) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (ContentPart part : userContent(content, path)) {
            if (!(part instanceof TextPart textPart)) {
                throw InvalidParameterException.invalid(path, "text only in a system or developer message");
            }
            text.append(text.length() == 0 ? "" : "\n").append(textPart.text());
        }
        return text.toString();
    }

    static List<ContentPart> userContent(JsonNode content, String path) {
        if (content.isTextual()) {
            return List.of(TextPart.of(content.asText()));
        }
        if (!content.isArray() || content.isEmpty()) {
            throw InvalidParameterException.invalid(path, "a string or a non-empty array of content parts");
        }
        List<ContentPart> parts = new ArrayList<>();
        for (int j = 0; j < content.size(); j++) {
            parts.add(userPart(content.get(j), path + "[" + j + "]"));
        }
        return parts;
    }

    private static ContentPart userPart(JsonNode part, String path) {
        String type = Json.text(part, "type", "");
        return switch (type) {
            case "input_text" -> TextPart.of(Json.text(part, "text", ""));
            case "input_image" -> image(part, path);
            case "input_file" -> file(part, path);
            case "input_audio" -> audio(part, path);
            default -> throw InvalidParameterException.invalid(path + ".type",
                    "'input_text', 'input_image', 'input_file' or 'input_audio'");
        };
    }

    private static ImagePart image(JsonNode part, String path) {
        String detail = Json.text(part, OpenAiKeys.DETAIL);
        ProviderMetadata meta = detail == null ? ProviderMetadata.empty()
                : ProviderMetadata.empty().with(OpenAiKeys.PROVIDER, OpenAiKeys.DETAIL, detail);
        String fileId = Json.text(part, "file_id");
        if (fileId != null) {
            return new ImagePart(MediaSource.ofFileId(fileId), null, meta);
        }
        String url = Json.text(part, "image_url");
        if (url == null) {
            throw InvalidParameterException.missing(path + ".image_url");
        }
        Matcher data = DATA_URL.matcher(url);
        try {
            return data.matches() ? new ImagePart(MediaSource.ofBase64(data.group(2)), data.group(1), meta)
                    : new ImagePart(MediaSource.ofUrl(url), null, meta);
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException(path + ".image_url", "Invalid image URL: " + e.getMessage(), e);
        }
    }

    private static FilePart file(JsonNode part, String path) {
        String filename = Json.text(part, "filename");
        String fileId = Json.text(part, "file_id");
        String url = Json.text(part, "file_url");
        String data = Json.text(part, "file_data");
        try {
            if (fileId != null) {
                return new FilePart(MediaSource.ofFileId(fileId), mediaType(filename), filename, ProviderMetadata.empty());
            }
            if (url != null) {
                return new FilePart(MediaSource.ofUrl(url), mediaType(filename == null ? url : filename), filename,
                        ProviderMetadata.empty());
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException(path, "Invalid file reference: " + e.getMessage(), e);
        }
        if (data == null) {
            throw InvalidParameterException.missing(path + ".file_data");
        }
        Matcher dataUrl = DATA_URL.matcher(data);
        return dataUrl.matches()
                ? new FilePart(MediaSource.ofBase64(dataUrl.group(2)), dataUrl.group(1), filename, ProviderMetadata.empty())
                : new FilePart(MediaSource.ofBase64(data), mediaType(filename), filename, ProviderMetadata.empty());
    }

    private static String mediaType(@Nullable String name) {
        return name != null && name.toLowerCase(Locale.ROOT).endsWith(".pdf") ? "application/pdf" : "application/octet-stream";
    }

    private static AudioPart audio(JsonNode part, String path) {
        JsonNode audio = part.path("input_audio");
        String data = Json.text(audio, "data");
        String format = Json.text(audio, "format");
        if (data == null || format == null) {
            throw InvalidParameterException.missing(path + ".input_audio");
        }
        String mediaType = format.equals("mp3") ? "audio/mpeg" : "audio/" + format;
        return new AudioPart(MediaSource.ofBase64(data), mediaType, ProviderMetadata.empty());
    }
}
