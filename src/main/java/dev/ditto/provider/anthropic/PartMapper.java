package dev.ditto.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.Warning;
import dev.ditto.sdk.message.AudioPart;
import dev.ditto.sdk.message.ContentPart;
import dev.ditto.sdk.message.FilePart;
import dev.ditto.sdk.message.ImagePart;
import dev.ditto.sdk.message.MediaSource;
import dev.ditto.sdk.message.ProviderMetadata;
import dev.ditto.sdk.message.ProviderPart;
import dev.ditto.sdk.message.ReasoningPart;
import dev.ditto.sdk.message.TextPart;
import dev.ditto.sdk.message.ToolCallPart;
import dev.ditto.sdk.message.ToolResultPart;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Maps single content parts to content blocks and back. Stateless; parts Anthropic cannot take
 * are left out with a {@link Warning}.
 */
final class PartMapper {

    static final String PROVIDER = "anthropic";
    private static final String PDF = "application/pdf";
    private static final String PLAIN_TEXT = "text/plain";

    private PartMapper() {
    }

    /** Returns the block fields kept in a part's {@code anthropic} metadata. */
    static ObjectNode extras(ProviderMetadata metadata) {
        return metadata.get(PROVIDER).orElseGet(AnthropicJson::object);
    }

    /** Returns metadata holding a block's extra fields, empty when there are none. */
    static ProviderMetadata metadata(ObjectNode extras) {
        return extras.isEmpty() ? ProviderMetadata.empty() : ProviderMetadata.of(PROVIDER, extras);
    }

    // ----- SDK to wire

    /** Maps a part of a user message, or returns {@code null} (with a warning) when it cannot be sent. */
    static @Nullable WireBlock userBlock(ContentPart part, List<Warning> warnings) {
        if (part instanceof TextPart text) {
            return new WireBlock.Text(text.text(), extras(text.providerMetadata()));
        } else if (part instanceof ImagePart image) {
            return new WireBlock.Image(imageSource(image), extras(image.providerMetadata()));
        } else if (part instanceof FilePart file) {
            return document(file, warnings);
        } else if (part instanceof ProviderPart item) {
            return providerBlock(item, warnings);
        } else if (part instanceof AudioPart) {
            warnings.add(unsupported("audio", "Anthropic Messages takes no audio input; the audio part was left out"));
            return null;
        }
        warnings.add(unsupported(kind(part), "a " + kind(part) + " cannot be sent in a user message; it was left out"));
        return null;
    }

    /** Maps a part of an assistant message, or returns {@code null} (with a warning) when it cannot be sent. */
    static @Nullable WireBlock assistantBlock(ContentPart part, List<Warning> warnings) {
        if (part instanceof TextPart text) {
            // Anthropic rejects empty text blocks; an empty part carries nothing.
            return text.text().isEmpty() ? null : new WireBlock.Text(text.text(), extras(text.providerMetadata()));
        } else if (part instanceof ReasoningPart reasoning) {
            return thinking(reasoning, warnings);
        } else if (part instanceof ToolCallPart call) {
            return new WireBlock.ToolUse(call.toolCallId(), call.toolName(), arguments(call, warnings),
                    extras(call.providerMetadata()));
        } else if (part instanceof ProviderPart item) {
            return providerBlock(item, warnings);
        }
        warnings.add(unsupported(kind(part), "Anthropic takes no " + kind(part)
                + " in an assistant message; it was left out"));
        return null;
    }

    /** Maps a tool result, leaving out content that a tool result cannot hold. */
    static WireBlock.ToolResult toolResult(ToolResultPart result, List<Warning> warnings) {
        List<WireBlock> content = new ArrayList<>();
        for (ContentPart part : result.content()) {
            WireBlock block = userBlock(part, warnings);
            if (block != null) {
                content.add(block);
            }
        }
        return new WireBlock.ToolResult(result.toolCallId(), content, result.isError(), extras(result.providerMetadata()));
    }

    private static ObjectNode imageSource(ImagePart image) {
        return source(image.source(), image.mediaType() == null ? "image/png" : image.mediaType());
    }

    private static ObjectNode source(MediaSource source, String mediaType) {
        ObjectNode json = AnthropicJson.object();
        if (source instanceof MediaSource.Url url) {
            return json.put("type", "url").put("url", url.uri().toString());
        } else if (source instanceof MediaSource.Data data) {
            return json.put("type", "base64").put("media_type", mediaType).put("data", data.base64());
        }
        return json.put("type", "file").put("file_id", ((MediaSource.FileId) source).fileId());
    }

    private static @Nullable WireBlock document(FilePart file, List<Warning> warnings) {
        ObjectNode extras = extras(file.providerMetadata());
        if (file.filename() != null && !extras.has("title")) {
            extras.put("title", file.filename());
        }
        boolean plainText = file.mediaType().startsWith(PLAIN_TEXT);
        if (plainText && file.source() instanceof MediaSource.Data data) {
            ObjectNode source = AnthropicJson.object().put("type", "text").put("media_type", PLAIN_TEXT)
                    .put("data", new String(data.bytes(), StandardCharsets.UTF_8));
            return new WireBlock.Document(source, extras);
        }
        if (file.mediaType().equals(PDF) || plainText || !(file.source() instanceof MediaSource.Data)) {
            return new WireBlock.Document(source(file.source(), file.mediaType()), extras);
        }
        warnings.add(unsupported("file", "Anthropic documents are PDF or plain text; the inline "
                + file.mediaType() + " file was left out"));
        return null;
    }

    private static @Nullable WireBlock thinking(ReasoningPart reasoning, List<Warning> warnings) {
        ProviderMetadata metadata = reasoning.providerMetadata();
        if (!metadata.providers().contains(PROVIDER)) {
            warnings.add(unsupported("reasoning", "reasoning produced by another provider is not sent to Anthropic,"
                    + " which accepts only its own signed thinking"));
            return null;
        }
        if (reasoning.encryptedContent() != null && reasoning.text().isEmpty()) {
            return new WireBlock.RedactedThinking(reasoning.encryptedContent());
        }
        String signature = reasoning.signature() != null ? reasoning.signature()
                : metadata.string(PROVIDER, "signature").orElse("");
        if (signature.isEmpty()) {
            warnings.add(unsupported("reasoning", "thinking without a signature is rejected by Anthropic;"
                    + " the reasoning part was left out"));
            return null;
        }
        return new WireBlock.Thinking(reasoning.text(), signature);
    }

    private static JsonNode arguments(ToolCallPart call, List<Warning> warnings) {
        try {
            JsonNode input = AnthropicJson.parse(call.arguments(), "arguments");
            if (input.isObject()) {
                return input;
            }
        } catch (WireFormatException e) {
            // Reported below: models sometimes produce invalid JSON, and Anthropic needs an object.
        }
        warnings.add(Warning.approximated("toolCalls", "the arguments of tool call '" + call.toolCallId()
                + "' are not a JSON object; sent as {}"));
        return AnthropicJson.object();
    }

    private static @Nullable WireBlock providerBlock(ProviderPart item, List<Warning> warnings) {
        if (item.provider().equals(PROVIDER) && item.value().isObject()) {
            return new WireBlock.Other(item.type(), (ObjectNode) item.value());
        }
        warnings.add(unsupported(item.type(), "the " + item.provider() + " item '" + item.type()
                + "' means nothing to Anthropic; it was left out"));
        return null;
    }

    // ----- wire to SDK

    /** Maps a block of a message (not a tool result) to a content part. */
    static ContentPart part(WireBlock block) {
        if (block instanceof WireBlock.Text text) {
            return new TextPart(text.text(), metadata(text.extras()));
        } else if (block instanceof WireBlock.Thinking thinking) {
            return new ReasoningPart(thinking.thinking(), thinking.signature(), null,
                    ProviderMetadata.empty().with(PROVIDER, "signature", thinking.signature()));
        } else if (block instanceof WireBlock.RedactedThinking redacted) {
            return new ReasoningPart("", null, redacted.data(), ProviderMetadata.empty().with(PROVIDER, "data", redacted.data()));
        } else if (block instanceof WireBlock.ToolUse use) {
            return new ToolCallPart(use.id(), use.name(), AnthropicJson.write(use.input()), metadata(use.extras()));
        }
        ContentPart media = media(block);
        return media != null ? media : new ProviderPart(PROVIDER, block.type(), block.toJson());
    }

    /** Maps an image or document block, or returns {@code null} when its source has no SDK form. */
    static @Nullable ContentPart media(WireBlock block) {
        if (block instanceof WireBlock.Image image) {
            String type = image.source().path("type").asText();
            String mediaType = image.source().path("media_type").asText("image/png");
            MediaSource source = mediaSource(image.source(), type);
            return source == null ? null
                    : new ImagePart(source, type.equals("base64") ? mediaType : null, metadata(image.extras()));
        } else if (block instanceof WireBlock.Document document) {
            return filePart(document);
        }
        return null;
    }

    private static @Nullable ContentPart filePart(WireBlock.Document document) {
        ObjectNode source = document.source();
        String type = source.path("type").asText();
        JsonNode title = document.extras().get("title");
        String filename = title != null && title.isTextual() ? title.asText() : null;
        ProviderMetadata metadata = metadata(document.extras());
        if (type.equals("text")) {
            byte[] bytes = source.path("data").asText().getBytes(StandardCharsets.UTF_8);
            return new FilePart(MediaSource.ofBytes(bytes), PLAIN_TEXT, filename, metadata);
        }
        MediaSource media = mediaSource(source, type);
        String mediaType = source.path("media_type").asText(PDF);
        return media == null ? null : new FilePart(media, mediaType.isBlank() ? PDF : mediaType, filename, metadata);
    }

    private static @Nullable MediaSource mediaSource(ObjectNode source, String type) {
        return switch (type) {
            case "base64" -> source.path("data").isTextual() ? MediaSource.ofBase64(source.path("data").asText()) : null;
            case "url" -> source.path("url").isTextual() ? MediaSource.ofUrl(source.path("url").asText()) : null;
            case "file" -> source.path("file_id").isTextual() ? MediaSource.ofFileId(source.path("file_id").asText()) : null;
            default -> null;
        };
    }

    private static Warning unsupported(String setting, String message) {
        return new Warning(Warning.Type.UNSUPPORTED_CONTENT, setting, message);
    }

    private static String kind(ContentPart part) {
        String name = part.getClass().getSimpleName();
        return name.endsWith("Part") ? name.substring(0, name.length() - 4).toLowerCase(java.util.Locale.ROOT) : name;
    }
}
