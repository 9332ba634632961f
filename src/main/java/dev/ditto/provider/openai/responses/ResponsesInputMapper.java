package dev.ditto.provider.openai.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.Warning;
import dev.ditto.sdk.message.AssistantMessage;
import dev.ditto.sdk.message.AudioPart;
import dev.ditto.sdk.message.ContentPart;
import dev.ditto.sdk.message.FilePart;
import dev.ditto.sdk.message.ImagePart;
import dev.ditto.sdk.message.MediaSource;
import dev.ditto.sdk.message.Message;
import dev.ditto.sdk.message.ProviderMetadata;
import dev.ditto.sdk.message.ProviderPart;
import dev.ditto.sdk.message.ReasoningPart;
import dev.ditto.sdk.message.SystemMessage;
import dev.ditto.sdk.message.TextPart;
import dev.ditto.sdk.message.ToolCallPart;
import dev.ditto.sdk.message.ToolMessage;
import dev.ditto.sdk.message.ToolResultPart;
import dev.ditto.sdk.message.UserMessage;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Turns the conversation into the Responses {@code input} items: system and user messages,
 * assistant text as {@code output_text} messages, OpenAI reasoning as {@code reasoning} items
 * (with their id and encrypted content), tool calls as {@code function_call} items, tool results
 * as {@code function_call_output} items, and OpenAI provider parts verbatim. What OpenAI cannot
 * take is dropped with a warning. One instance maps one conversation; not thread-safe.
 */
final class ResponsesInputMapper {

    /**
     * The mapped conversation.
     *
     * @param items the {@code input} array
     * @param instructions the text for {@code instructions}, or {@code null}
     */
    record Input(ArrayNode items, @Nullable String instructions) {
    }

    private final List<Warning> warnings;
    private final ArrayNode items = Json.array();
    private @Nullable StringBuilder instructions;
    private @Nullable ObjectNode message;
    private @Nullable String messageItemId;
    private @Nullable ObjectNode reasoning;

    private ResponsesInputMapper(List<Warning> warnings) {
        this.warnings = warnings;
    }

    /**
     * Maps a conversation.
     *
     * @param messages the messages
     * @param warnings receives what was dropped
     * @return the input items and instructions
     */
    static Input map(List<Message> messages, List<Warning> warnings) {
        ResponsesInputMapper mapper = new ResponsesInputMapper(warnings);
        messages.forEach(mapper::add);
        StringBuilder text = mapper.instructions;
        return new Input(mapper.items, text == null ? null : text.toString());
    }

    private void add(Message message) {
        if (message instanceof SystemMessage system) {
            system(system);
        } else if (message instanceof UserMessage user) {
            user(user);
        } else if (message instanceof AssistantMessage assistant) {
            assistant(assistant);
        } else if (message instanceof ToolMessage tool) {
            tool(tool);
        }
    }

    private void system(SystemMessage system) {
        ProviderMetadata meta = system.providerMetadata();
        if (meta.get(OpenAiKeys.PROVIDER, OpenAiKeys.INSTRUCTIONS).map(JsonNode::asBoolean).orElse(false)) {
            instructions = instructions == null ? new StringBuilder() : instructions.append("\n\n");
            instructions.append(system.text());
            return;
        }
        String role = meta.string(OpenAiKeys.PROVIDER, OpenAiKeys.ROLE).orElse("system");
        items.addObject().put("role", role).put("content", system.text());
    }

    private void user(UserMessage user) {
        ArrayNode content = Json.array();
        for (ContentPart part : user.content()) {
            if (part instanceof ProviderPart provider && isOpenAi(provider) && !provider.type().startsWith("input_")) {
                // An item such as a shell_call_output answers a built-in tool call; it stands alone.
                flushUser(content);
                content = Json.array();
                items.add(provider.value());
                continue;
            }
            ObjectNode mapped = userPart(part);
            if (mapped != null) {
                content.add(mapped);
            }
        }
        flushUser(content);
    }

    private void flushUser(ArrayNode content) {
        if (!content.isEmpty()) {
            items.addObject().put("role", "user").set("content", content);
        }
    }

    private @Nullable ObjectNode userPart(ContentPart part) {
        if (part instanceof TextPart text) {
            return Json.object().put("type", "input_text").put("text", text.text());
        } else if (part instanceof ImagePart image) {
            return image(image);
        } else if (part instanceof FilePart file) {
            return file(file.source(), file.mediaType(), file.filename());
        } else if (part instanceof AudioPart audio) {
            return audio(audio);
        } else if (part instanceof ProviderPart provider && isOpenAi(provider) && provider.value().isObject()) {
            return (ObjectNode) provider.value();
        }
        return drop(part, "a user message");
    }

    private static ObjectNode image(ImagePart image) {
        ObjectNode json = Json.object().put("type", "input_image");
        MediaSource source = image.source();
        if (source instanceof MediaSource.Url url) {
            json.put("image_url", url.uri().toString());
        } else if (source instanceof MediaSource.Data data) {
            json.put("image_url", dataUrl(Objects.requireNonNull(image.mediaType()), data));
        } else if (source instanceof MediaSource.FileId id) {
            json.put("file_id", id.fileId());
        }
        return json.put("detail", image.providerMetadata().string(OpenAiKeys.PROVIDER, OpenAiKeys.DETAIL).orElse("auto"));
    }

    static ObjectNode file(MediaSource source, String mediaType, @Nullable String filename) {
        ObjectNode json = Json.object().put("type", "input_file");
        if (source instanceof MediaSource.Url url) {
            json.put("file_url", url.uri().toString());
        } else if (source instanceof MediaSource.Data data) {
            // OpenAI requires a file name with inline file data.
            json.put("file_data", dataUrl(mediaType, data)).put("filename", filename == null ? "file" : filename);
        } else if (source instanceof MediaSource.FileId id) {
            json.put("file_id", id.fileId());
        }
        if (filename != null) {
            json.put("filename", filename);
        }
        return json;
    }

    private @Nullable ObjectNode audio(AudioPart audio) {
        String format = switch (audio.mediaType().toLowerCase(Locale.ROOT)) {
            case "audio/wav", "audio/x-wav", "audio/wave" -> "wav";
            case "audio/mpeg", "audio/mp3" -> "mp3";
            default -> null;
        };
        if (!(audio.source() instanceof MediaSource.Data data) || format == null) {
            return drop(audio, "a user message (only inline wav or mp3 audio is accepted)");
        }
        ObjectNode json = Json.object().put("type", "input_audio");
        json.putObject("input_audio").put("data", data.base64()).put("format", format);
        return json;
    }

    private static String dataUrl(String mediaType, MediaSource.Data data) {
        return "data:" + mediaType + ";base64," + data.base64();
    }

    private void assistant(AssistantMessage assistant) {
        for (ContentPart part : assistant.content()) {
            if (part instanceof TextPart text) {
                assistantText(text);
            } else if (part instanceof ReasoningPart thought) {
                reasoning(thought);
            } else if (part instanceof ToolCallPart call) {
                item(functionCall(call));
            } else if (part instanceof ProviderPart provider && isOpenAi(provider) && provider.value().isObject()) {
                item((ObjectNode) provider.value());
            } else {
                drop(part, "an assistant message");
            }
        }
        flushAssistant();
    }

    private void assistantText(TextPart text) {
        flushReasoning();
        String itemId = text.providerMetadata().string(OpenAiKeys.PROVIDER, OpenAiKeys.ITEM_ID).orElse(null);
        if (message == null || !Objects.equals(itemId, messageItemId)) {
            flushMessage();
            ObjectNode created = Json.object().put("role", "assistant");
            created.putArray("content");
            if (itemId != null) {
                created.put("id", itemId);
            }
            // gpt-5 models tell commentary from the final answer by phase; it must come back.
            text.providerMetadata().string(OpenAiKeys.PROVIDER, OpenAiKeys.PHASE).ifPresent(p -> created.put("phase", p));
            message = created;
            messageItemId = itemId;
        }
        ArrayNode content = (ArrayNode) message.get("content");
        ProviderMetadata meta = text.providerMetadata();
        if (meta.get(OpenAiKeys.PROVIDER, OpenAiKeys.REFUSAL).map(JsonNode::asBoolean).orElse(false)) {
            content.addObject().put("type", OutputItems.REFUSAL).put(OutputItems.REFUSAL, text.text());
        } else {
            content.addObject().put("type", OutputItems.OUTPUT_TEXT).put("text", text.text())
                    .set(OpenAiKeys.ANNOTATIONS, meta.get(OpenAiKeys.PROVIDER, OpenAiKeys.ANNOTATIONS).orElse(Json.array()));
        }
    }

    private void reasoning(ReasoningPart thought) {
        flushMessage();
        String itemId = thought.providerMetadata().string(OpenAiKeys.PROVIDER, OpenAiKeys.ITEM_ID).orElse(null);
        if (itemId == null) {
            drop(thought, "an OpenAI request (only reasoning that OpenAI produced, with its item id, can be sent back)");
            return;
        }
        String encrypted = encryptedContent(thought);
        if (reasoning == null || !itemId.equals(Json.text(reasoning, "id"))) {
            flushReasoning();
            reasoning = Json.object().put("type", OutputItems.REASONING).put("id", itemId);
            reasoning.putArray("summary");
        }
        if (!thought.text().isEmpty()) {
            ((ArrayNode) reasoning.get("summary")).addObject().put("type", OutputItems.SUMMARY_TEXT)
                    .put("text", thought.text());
        }
        if (encrypted != null && !reasoning.has("encrypted_content")) {
            reasoning.put("encrypted_content", encrypted);
        }
    }

    /** Returns the encrypted content from the part, or from the metadata a stream's end part carried. */
    static @Nullable String encryptedContent(ReasoningPart thought) {
        return thought.encryptedContent() != null ? thought.encryptedContent()
                : thought.providerMetadata().string(OpenAiKeys.PROVIDER, OpenAiKeys.ENCRYPTED_CONTENT).orElse(null);
    }

    static ObjectNode functionCall(ToolCallPart call) {
        ObjectNode json = Json.object().put("type", OutputItems.FUNCTION_CALL).put("call_id", call.toolCallId())
                .put("name", call.toolName()).put("arguments", call.arguments());
        call.providerMetadata().string(OpenAiKeys.PROVIDER, OpenAiKeys.ITEM_ID).ifPresent(id -> json.put("id", id));
        for (String field : List.of("namespace", "caller")) {
            call.providerMetadata().get(OpenAiKeys.PROVIDER, field).ifPresent(value -> json.set(field, value));
        }
        return json;
    }

    private void item(ObjectNode item) {
        flushAssistant();
        items.add(item);
    }

    private void flushAssistant() {
        flushMessage();
        flushReasoning();
    }

    private void flushMessage() {
        if (message != null) {
            items.add(message);
            message = null;
            messageItemId = null;
        }
    }

    private void flushReasoning() {
        if (reasoning != null) {
            items.add(reasoning);
            reasoning = null;
        }
    }

    private void tool(ToolMessage tool) {
        for (ToolResultPart result : tool.results()) {
            String type = result.providerMetadata().string(OpenAiKeys.PROVIDER, OpenAiKeys.OUTPUT_TYPE)
                    .orElse("function_call_output");
            ObjectNode json = items.addObject().put("type", type).put("call_id", result.toolCallId());
            boolean textOnly = result.content().stream().allMatch(TextPart.class::isInstance);
            if (textOnly) {
                json.put("output", result.text());
                continue;
            }
            ArrayNode output = json.putArray("output");
            for (ContentPart part : result.content()) {
                ObjectNode mapped = userPart(part);
                if (mapped != null) {
                    output.add(mapped);
                }
            }
        }
    }

    private static boolean isOpenAi(ProviderPart part) {
        return OpenAiKeys.PROVIDER.equals(part.provider());
    }

    private @Nullable ObjectNode drop(ContentPart part, String where) {
        String kind = part instanceof ProviderPart provider
                ? provider.provider() + " item '" + provider.type() + "'"
                : part.getClass().getSimpleName();
        warnings.add(new Warning(Warning.Type.UNSUPPORTED_CONTENT, "messages",
                "dropped a " + kind + " that cannot be sent in " + where + " to the OpenAI Responses API"));
        return null;
    }
}
