package dev.ditto.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A {@code message} object: the non-streaming response body, and the {@code message} of a
 * {@code message_start} event (whose content is usually empty).
 *
 * @param id the message id, {@code msg_...}
 * @param model the model that answered
 * @param content the content blocks
 * @param stopReason why generation stopped, {@code null} while streaming
 * @param stopSequence the stop sequence that matched, or {@code null}
 * @param usage the token usage
 * @param extras other top-level fields such as {@code stop_details}, {@code container} and
 *     {@code context_management}
 */
record WireMessage(
        String id,
        String model,
        List<WireBlock> content,
        @Nullable String stopReason,
        @Nullable String stopSequence,
        WireUsage usage,
        ObjectNode extras) {

    private static final Set<String> KNOWN =
            Set.of("id", "type", "role", "model", "content", "stop_reason", "stop_sequence", "usage");

    WireMessage {
        content = List.copyOf(content);
    }

    static WireMessage read(JsonNode node, String path) {
        ObjectNode json = AnthropicJson.requireObject(node, path);
        JsonNode content = json.get("content");
        return new WireMessage(
                AnthropicJson.requireText(json, "id", path),
                java.util.Objects.requireNonNullElse(AnthropicJson.optionalText(json, "model", path), ""),
                content == null || content.isNull() ? List.of() : WireBlock.readList(content, path + ".content"),
                AnthropicJson.optionalText(json, "stop_reason", path),
                AnthropicJson.optionalText(json, "stop_sequence", path),
                WireUsage.read(json.get("usage"), path + ".usage"),
                AnthropicJson.extras(json, KNOWN));
    }

    ObjectNode toJson() {
        ObjectNode json = AnthropicJson.object().put("id", id).put("type", "message").put("role", "assistant")
                .put("model", model);
        ArrayNode blocks = json.putArray("content");
        content.forEach(block -> blocks.add(block.toJson()));
        json.put("stop_reason", stopReason);
        json.put("stop_sequence", stopSequence);
        json.set("usage", usage.toJson());
        return AnthropicJson.mergeMissing(json, extras);
    }
}
