package dev.ditto.provider.openai.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.Usage;
import dev.ditto.sdk.message.ContentPart;
import dev.ditto.sdk.message.ImagePart;
import dev.ditto.sdk.message.MediaSource;
import dev.ditto.sdk.message.ProviderMetadata;
import dev.ditto.sdk.message.ProviderPart;
import dev.ditto.sdk.message.ReasoningPart;
import dev.ditto.sdk.message.TextPart;
import dev.ditto.sdk.message.ToolCallPart;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Writes Responses API JSON for the edge codec: the {@code object: "response"} envelope and the
 * output items of unified content (text as {@code message} items, reasoning as {@code reasoning}
 * items, tool calls as {@code function_call} items, OpenAI provider parts verbatim, generated
 * images as {@code image_generation_call} items). Content no Responses client can read, such as
 * another provider's items, is left out. Stateless.
 */
final class ResponsesOutputEncoder {

    static final String IN_PROGRESS = "in_progress";

    private ResponsesOutputEncoder() {
    }

    /**
     * Returns a response envelope with no output and no usage.
     *
     * @param id the response id
     * @param model the model name the caller asked for
     * @param createdAt epoch seconds
     * @param status the status, such as {@code in_progress}
     * @return the envelope
     */
    static ObjectNode response(String id, String model, long createdAt, String status) {
        ObjectNode json = Json.object().put("id", id).put("object", "response").put("created_at", createdAt)
                .put("status", status).put("background", false).putNull("error").putNull("incomplete_details")
                .putNull("instructions").putNull("max_output_tokens").putNull("max_tool_calls").put("model", model);
        json.putArray("output");
        json.put("parallel_tool_calls", true).putNull("previous_response_id");
        json.putObject("reasoning").putNull("effort").putNull("summary");
        json.put("store", false).putNull("temperature");
        json.putObject("text").putObject("format").put("type", "text");
        json.put("tool_choice", "auto");
        json.putArray("tools");
        json.putNull("top_p").put("truncation", "disabled").putNull("usage").putNull("user");
        json.putObject("metadata");
        return json;
    }

    /**
     * Completes an envelope: status, incomplete details, error, usage.
     *
     * @param response the envelope
     * @param status the final status
     * @param usage the usage
     * @param errorMessage the failure's message when the status is {@code failed}
     */
    static void finish(ObjectNode response, ResponsesStatus status, Usage usage, @Nullable String errorMessage) {
        response.put("status", status.status());
        if (status.incompleteReason() != null) {
            response.putObject("incomplete_details").put("reason", status.incompleteReason());
        }
        if (ResponsesStatus.FAILED.equals(status.status())) {
            response.putObject("error").put("code", "server_error")
                    .put("message", errorMessage == null ? "the model failed" : errorMessage);
        }
        response.set("usage", ResponsesUsage.of(usage).toJson());
    }

    /**
     * Returns the output items of a result's content.
     *
     * @param content the parts, in order
     * @return the items
     */
    static ArrayNode items(List<ContentPart> content) {
        ArrayNode items = Json.array();
        ObjectNode open = null;
        for (ContentPart part : content) {
            ObjectNode item = open != null && canJoin(open, part) ? open : null;
            if (part instanceof TextPart text) {
                item = item != null ? item : add(items, message(itemId(text.providerMetadata(), "msg_"), "completed"));
                ((ArrayNode) item.get("content")).add(textContent(text.text(), text.providerMetadata()));
            } else if (part instanceof ReasoningPart thought) {
                item = item != null ? item : add(items, reasoning(thought));
                appendSummary(item, thought.text());
            } else if (part instanceof ToolCallPart call) {
                item = add(items, functionCall(itemId(call.providerMetadata(), "fc_"), call.toolCallId(), call.toolName(),
                        call.arguments(), "completed"));
            } else {
                ObjectNode other = other(part);
                item = other == null ? null : add(items, other);
            }
            open = item;
        }
        return items;
    }

    /** Whether a part continues the open item: text of the same message, reasoning of the same item. */
    private static boolean canJoin(ObjectNode open, ContentPart part) {
        String type = Json.text(open, "type", "");
        if (part instanceof TextPart text) {
            return type.equals(OutputItems.MESSAGE) && sameItem(open, text.providerMetadata());
        }
        if (part instanceof ReasoningPart thought) {
            String itemId = thought.providerMetadata().string(OpenAiKeys.PROVIDER, OpenAiKeys.ITEM_ID).orElse(null);
            return type.equals(OutputItems.REASONING) && itemId != null && itemId.equals(Json.text(open, "id"));
        }
        return false;
    }

    private static boolean sameItem(ObjectNode open, ProviderMetadata meta) {
        String itemId = meta.string(OpenAiKeys.PROVIDER, OpenAiKeys.ITEM_ID).orElse(null);
        return itemId == null || itemId.equals(Json.text(open, "id"));
    }

    private static ObjectNode add(ArrayNode items, ObjectNode item) {
        items.add(item);
        return item;
    }

    static String itemId(ProviderMetadata meta, String prefix) {
        return meta.string(OpenAiKeys.PROVIDER, OpenAiKeys.ITEM_ID).orElseGet(() -> Json.newId(prefix));
    }

    static ObjectNode message(String id, String status) {
        ObjectNode item = Json.object().put("id", id).put("type", OutputItems.MESSAGE).put("status", status);
        item.putArray("content");
        return item.put("role", "assistant");
    }

    static ObjectNode textContent(String text, ProviderMetadata meta) {
        if (meta.get(OpenAiKeys.PROVIDER, OpenAiKeys.REFUSAL).map(JsonNode::asBoolean).orElse(false)) {
            return Json.object().put("type", OutputItems.REFUSAL).put(OutputItems.REFUSAL, text);
        }
        ObjectNode part = Json.object().put("type", OutputItems.OUTPUT_TEXT);
        part.set("annotations", meta.get(OpenAiKeys.PROVIDER, OpenAiKeys.ANNOTATIONS).orElse(Json.array()));
        part.putArray("logprobs");
        return part.put("text", text);
    }

    /** Returns a reasoning item; encrypted content is kept only when OpenAI issued it. */
    static ObjectNode reasoning(ReasoningPart thought) {
        ObjectNode item = reasoningItem(itemId(thought.providerMetadata(), "rs_"));
        if (thought.providerMetadata().get(OpenAiKeys.PROVIDER).isPresent()) {
            String encrypted = ResponsesInputMapper.encryptedContent(thought);
            if (encrypted != null) {
                item.put("encrypted_content", encrypted);
            }
        }
        return item;
    }

    static ObjectNode reasoningItem(String id) {
        ObjectNode item = Json.object().put("id", id).put("type", OutputItems.REASONING);
        item.putArray("summary");
        return item;
    }

    static void appendSummary(ObjectNode reasoning, String text) {
        if (!text.isEmpty()) {
            ((ArrayNode) reasoning.get("summary")).add(summaryText(text));
        }
    }

    static ObjectNode summaryText(String text) {
        return Json.object().put("type", OutputItems.SUMMARY_TEXT).put("text", text);
    }

    static ObjectNode functionCall(String id, String callId, String name, String arguments, String status) {
        return Json.object().put("id", id).put("type", OutputItems.FUNCTION_CALL).put("status", status)
                .put("arguments", arguments).put("call_id", callId).put("name", name);
    }

    /**
     * Returns the item for a part that is not text, reasoning or a tool call.
     *
     * @param part the part
     * @return the item, or {@code null} when a Responses client could not read it
     */
    static @Nullable ObjectNode other(ContentPart part) {
        if (part instanceof ProviderPart provider && OpenAiKeys.PROVIDER.equals(provider.provider())
                && provider.value().isObject()) {
            return (ObjectNode) provider.value();
        }
        if (part instanceof ImagePart image && image.source() instanceof MediaSource.Data data) {
            return Json.object().put("id", Json.newId("ig_")).put("type", "image_generation_call")
                    .put("status", "completed").put("output_format", format(Objects.requireNonNull(image.mediaType())))
                    .put("result", data.base64());
        }
        return null;
    }

    private static String format(String mediaType) {
        return mediaType.substring(mediaType.indexOf('/') + 1);
    }
}
