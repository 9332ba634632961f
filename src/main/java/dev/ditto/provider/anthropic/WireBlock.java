package dev.ditto.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One content block of the Messages API, in requests and responses alike. The blocks the SDK has
 * a counterpart for are typed; every other block ({@code server_tool_use}, {@code
 * web_search_tool_result}, {@code mcp_tool_use}, {@code compaction}, {@code fallback}, ...) is an
 * {@link Other} kept verbatim. {@code extras} hold the fields without an SDK name ({@code
 * cache_control}, {@code citations}, {@code caller}, {@code title}, ...).
 */
sealed interface WireBlock {

    String TEXT = "text";
    String IMAGE = "image";
    String DOCUMENT = "document";
    String TOOL_USE = "tool_use";
    String TOOL_RESULT = "tool_result";
    String THINKING = "thinking";
    String REDACTED_THINKING = "redacted_thinking";

    /** Returns the block's {@code type}. */
    String type();

    /** Returns the block as JSON. */
    ObjectNode toJson();

    /** A {@code text} block. */
    record Text(String text, ObjectNode extras) implements WireBlock {
        public String type() {
            return TEXT;
        }

        public ObjectNode toJson() {
            ObjectNode json = AnthropicJson.object().put("type", TEXT).put("text", text);
            return AnthropicJson.mergeMissing(json, extras);
        }
    }

    /** An {@code image} block; the source is {@code base64}, {@code url} or {@code file}. */
    record Image(ObjectNode source, ObjectNode extras) implements WireBlock {
        public String type() {
            return IMAGE;
        }

        public ObjectNode toJson() {
            ObjectNode json = AnthropicJson.object().put("type", IMAGE);
            json.set("source", source.deepCopy());
            return AnthropicJson.mergeMissing(json, extras);
        }
    }

    /** A {@code document} block; the source is {@code base64}, {@code url}, {@code text}, {@code content} or {@code file}. */
    record Document(ObjectNode source, ObjectNode extras) implements WireBlock {
        public String type() {
            return DOCUMENT;
        }

        public ObjectNode toJson() {
            ObjectNode json = AnthropicJson.object().put("type", DOCUMENT);
            json.set("source", source.deepCopy());
            return AnthropicJson.mergeMissing(json, extras);
        }
    }

    /** A {@code tool_use} block: the model calls a tool of the application. */
    record ToolUse(String id, String name, JsonNode input, ObjectNode extras) implements WireBlock {
        public String type() {
            return TOOL_USE;
        }

        public ObjectNode toJson() {
            ObjectNode json = AnthropicJson.object().put("type", TOOL_USE).put("id", id).put("name", name);
            json.set("input", input.deepCopy());
            return AnthropicJson.mergeMissing(json, extras);
        }
    }

    /** A {@code tool_result} block; string content arrives as one text block. */
    record ToolResult(String toolUseId, List<WireBlock> content, boolean isError, ObjectNode extras)
            implements WireBlock {
        public String type() {
            return TOOL_RESULT;
        }

        public ObjectNode toJson() {
            ObjectNode json = AnthropicJson.object().put("type", TOOL_RESULT).put("tool_use_id", toolUseId);
            if (content.size() == 1 && content.get(0) instanceof Text text && text.extras().isEmpty()) {
                json.put("content", text.text());
            } else {
                ArrayNode blocks = json.putArray("content");
                content.forEach(block -> blocks.add(block.toJson()));
            }
            if (isError) {
                json.put("is_error", true);
            }
            return AnthropicJson.mergeMissing(json, extras);
        }
    }

    /** A {@code thinking} block with the signature that must be sent back unchanged. */
    record Thinking(String thinking, String signature) implements WireBlock {
        public String type() {
            return THINKING;
        }

        public ObjectNode toJson() {
            return AnthropicJson.object().put("type", THINKING).put("thinking", thinking).put("signature", signature);
        }
    }

    /** A {@code redacted_thinking} block: encrypted reasoning. */
    record RedactedThinking(String data) implements WireBlock {
        public String type() {
            return REDACTED_THINKING;
        }

        public ObjectNode toJson() {
            return AnthropicJson.object().put("type", REDACTED_THINKING).put("data", data);
        }
    }

    /** Any other block, kept verbatim. */
    record Other(String type, ObjectNode raw) implements WireBlock {
        public Other {
            Objects.requireNonNull(type, "type");
            raw = raw.deepCopy();
        }

        public ObjectNode toJson() {
            return raw.deepCopy();
        }
    }

    /**
     * Reads a block.
     *
     * @param node the JSON
     * @param path its JSON path, for error messages
     * @return the block
     * @throws WireFormatException if a typed block lacks a required field
     */
    static WireBlock read(JsonNode node, String path) {
        ObjectNode json = AnthropicJson.requireObject(node, path);
        String type = AnthropicJson.requireText(json, "type", path);
        return switch (type) {
            case TEXT -> new Text(AnthropicJson.requireText(json, "text", path), AnthropicJson.extras(json, Set.of("type", "text")));
            case IMAGE -> new Image(AnthropicJson.requireObject(json.get("source"), path + ".source"),
                    AnthropicJson.extras(json, Set.of("type", "source")));
            case DOCUMENT -> new Document(AnthropicJson.requireObject(json.get("source"), path + ".source"),
                    AnthropicJson.extras(json, Set.of("type", "source")));
            case TOOL_USE -> new ToolUse(AnthropicJson.requireText(json, "id", path),
                    AnthropicJson.requireText(json, "name", path),
                    json.hasNonNull("input") ? json.get("input").deepCopy() : AnthropicJson.object(),
                    AnthropicJson.extras(json, Set.of("type", "id", "name", "input")));
            case TOOL_RESULT -> readToolResult(json, path);
            case THINKING -> new Thinking(AnthropicJson.requireText(json, "thinking", path),
                    Objects.requireNonNullElse(AnthropicJson.optionalText(json, "signature", path), ""));
            case REDACTED_THINKING -> new RedactedThinking(AnthropicJson.requireText(json, "data", path));
            default -> new Other(type, json);
        };
    }

    /**
     * Reads a list of blocks, or a string as one text block (the shorthand of message content).
     *
     * @param node an array of blocks or a string
     * @param path its JSON path
     * @return the blocks
     */
    static List<WireBlock> readList(@Nullable JsonNode node, String path) {
        if (node != null && node.isTextual()) {
            return List.of(new Text(node.asText(), AnthropicJson.object()));
        }
        if (node == null || !node.isArray()) {
            throw new WireFormatException(path, "must be a string or an array of content blocks but was "
                    + AnthropicJson.describe(node));
        }
        List<WireBlock> blocks = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            blocks.add(read(node.get(i), path + "[" + i + "]"));
        }
        return List.copyOf(blocks);
    }

    private static ToolResult readToolResult(ObjectNode json, String path) {
        JsonNode content = json.get("content");
        List<WireBlock> blocks = content == null || content.isNull() ? List.of() : readList(content, path + ".content");
        Boolean isError = AnthropicJson.optionalBoolean(json, "is_error", path);
        return new ToolResult(AnthropicJson.requireText(json, "tool_use_id", path), blocks, Boolean.TRUE.equals(isError),
                AnthropicJson.extras(json, Set.of("type", "tool_use_id", "content", "is_error")));
    }
}
