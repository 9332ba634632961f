package dev.ditto.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.LanguageModelResult;
import dev.ditto.sdk.message.ContentPart;
import dev.ditto.sdk.message.ProviderMetadata;
import dev.ditto.sdk.message.ReasoningPart;
import dev.ditto.sdk.message.TextPart;
import dev.ditto.sdk.message.ToolCallPart;

/**
 * Writes a unified result as a {@code chat.completion} body: text as {@code content}, refusals as
 * {@code refusal}, reasoning as DeepSeek-style {@code reasoning_content}, tool calls, the finish
 * reason and usage mapped as WIRE-FORMATS.md says. Stateless.
 */
final class ChatResultEncoder {

    private ChatResultEncoder() {
    }

    static ObjectNode encode(LanguageModelResult result, String id, long created, String model) {
        ObjectNode completion = WireJson.MAPPER.createObjectNode()
                .put("id", id)
                .put("object", "chat.completion")
                .put("created", created)
                .put("model", model);
        ObjectNode choice = completion.putArray("choices").addObject().put("index", 0);
        choice.set("message", message(result));
        choice.putNull("logprobs");
        choice.put("finish_reason", ChatFinishReasons.toWire(result.finishReason()));
        completion.set("usage", ChatUsage.toWire(result.usage()));
        completion.putNull("system_fingerprint");
        return completion;
    }

    private static ObjectNode message(LanguageModelResult result) {
        StringBuilder text = new StringBuilder();
        StringBuilder refusal = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        ArrayNode toolCalls = WireJson.MAPPER.createArrayNode();
        boolean hasText = false;
        for (ContentPart part : result.content()) {
            if (part instanceof TextPart t && isRefusal(t.providerMetadata())) {
                refusal.append(t.text());
            } else if (part instanceof TextPart t) {
                text.append(t.text());
                hasText = true;
            } else if (part instanceof ReasoningPart r) {
                reasoning.append(r.text());
            } else if (part instanceof ToolCallPart call) {
                toolCalls.add(toolCall(call));
            }
        }
        ObjectNode message = WireJson.MAPPER.createObjectNode().put("role", "assistant");
        if (hasText || toolCalls.isEmpty()) {
            message.put("content", text.toString());
        } else {
            message.putNull("content");
        }
        if (refusal.length() > 0) {
            message.put("refusal", refusal.toString());
        } else {
            message.putNull("refusal");
        }
        if (reasoning.length() > 0) {
            message.put("reasoning_content", reasoning.toString());
        }
        if (!toolCalls.isEmpty()) {
            message.set("tool_calls", toolCalls);
        }
        message.putArray("annotations");
        return message;
    }

    static ObjectNode toolCall(ToolCallPart call) {
        ObjectNode wire = WireJson.MAPPER.createObjectNode().put("id", call.toolCallId()).put("type", "function");
        wire.putObject("function").put("name", call.toolName()).put("arguments", call.arguments());
        return wire;
    }

    /** A text part is a refusal when any provider's metadata says so. */
    static boolean isRefusal(ProviderMetadata metadata) {
        for (String provider : metadata.providers()) {
            JsonNode refusal = metadata.get(provider, "refusal").orElse(null);
            if (refusal != null && refusal.asBoolean(false)) {
                return true;
            }
        }
        return false;
    }
}
