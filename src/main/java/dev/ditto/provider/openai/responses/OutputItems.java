package dev.ditto.provider.openai.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.message.ContentPart;
import dev.ditto.sdk.message.ProviderMetadata;
import dev.ditto.sdk.message.ProviderPart;
import dev.ditto.sdk.message.ReasoningPart;
import dev.ditto.sdk.message.TextPart;
import dev.ditto.sdk.message.ToolCallPart;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Turns Responses output items into content parts: {@code message} into text parts,
 * {@code reasoning} into reasoning parts holding the summary and the encrypted content,
 * {@code function_call} into tool calls, and every other item (the built-in tools'
 * {@code web_search_call}, {@code mcp_call}, {@code shell_call}, ...) into a {@link ProviderPart}
 * carried verbatim. Stateless.
 */
final class OutputItems {

    static final String MESSAGE = "message";
    static final String REASONING = "reasoning";
    static final String FUNCTION_CALL = "function_call";
    static final String OUTPUT_TEXT = "output_text";
    static final String REFUSAL = "refusal";
    static final String SUMMARY_TEXT = "summary_text";

    private OutputItems() {
    }

    /**
     * Decodes one output item.
     *
     * @param item the item
     * @param declaredTools the request's function tool names, to recognise a parallel wrapper
     * @return the parts, in order
     */
    static List<ContentPart> toParts(JsonNode item, Set<String> declaredTools) {
        String type = Json.text(item, "type", "");
        return switch (type) {
            case MESSAGE -> List.copyOf(message(item));
            case REASONING -> List.copyOf(reasoning(item));
            case FUNCTION_CALL -> List.copyOf(functionCall(item, declaredTools));
            default -> List.of(providerPart(item));
        };
    }

    static ProviderPart providerPart(JsonNode item) {
        String type = Json.text(item, "type", "");
        return new ProviderPart(OpenAiKeys.PROVIDER, type.isBlank() ? "unknown" : type, item);
    }

    static List<TextPart> message(JsonNode item) {
        List<TextPart> parts = new ArrayList<>();
        for (JsonNode content : item.path("content")) {
            String type = Json.text(content, "type", "");
            if (type.equals(REFUSAL)) {
                parts.add(new TextPart(Json.text(content, REFUSAL, ""), textMetadata(item, content)));
            } else if (content.has("text")) {
                parts.add(new TextPart(Json.text(content, "text", ""), textMetadata(item, content)));
            }
        }
        return parts;
    }

    /**
     * Returns the metadata of a text part: its message's item id and phase, its annotations, and
     * whether it is a refusal.
     */
    static ProviderMetadata textMetadata(JsonNode item, JsonNode content) {
        ObjectNode meta = Json.object();
        String id = Json.text(item, "id");
        if (id != null) {
            meta.put(OpenAiKeys.ITEM_ID, id);
        }
        String phase = Json.text(item, OpenAiKeys.PHASE);
        if (phase != null) {
            meta.put(OpenAiKeys.PHASE, phase);
        }
        JsonNode annotations = content.path(OpenAiKeys.ANNOTATIONS);
        if (annotations.isArray() && !annotations.isEmpty()) {
            meta.set(OpenAiKeys.ANNOTATIONS, annotations.deepCopy());
        }
        if (REFUSAL.equals(Json.text(content, "type"))) {
            meta.put(OpenAiKeys.REFUSAL, true);
        }
        return meta.isEmpty() ? ProviderMetadata.empty() : ProviderMetadata.of(OpenAiKeys.PROVIDER, meta);
    }

    /**
     * Decodes a reasoning item: one part per summary (or per reasoning text, for models that show
     * it), and one empty part when there is neither, so that the item id and encrypted content
     * still round-trip.
     */
    static List<ReasoningPart> reasoning(JsonNode item) {
        String encrypted = Json.text(item, "encrypted_content");
        ProviderMetadata meta = itemMetadata(item);
        List<ReasoningPart> parts = new ArrayList<>();
        for (JsonNode summary : item.path("summary")) {
            parts.add(new ReasoningPart(Json.text(summary, "text", ""), null, encrypted, meta));
        }
        if (parts.isEmpty()) {
            for (JsonNode content : item.path("content")) {
                parts.add(new ReasoningPart(Json.text(content, "text", ""), null, encrypted, meta));
            }
        }
        if (parts.isEmpty()) {
            parts.add(new ReasoningPart("", null, encrypted, meta));
        }
        return parts;
    }

    static List<ToolCallPart> functionCall(JsonNode item, Set<String> declaredTools) {
        String name = Json.text(item, "name", "");
        String callId = callId(item);
        String arguments = Json.text(item, "arguments", "");
        return ParallelWrapper.expand(name, callId, arguments, declaredTools)
                .orElseGet(() -> List.of(new ToolCallPart(callId, name, arguments, functionCallMetadata(item))));
    }

    /** Returns the call id: {@code call_id}, or the item id for servers that send none. */
    static String callId(JsonNode item) {
        String callId = Json.text(item, "call_id");
        return callId != null && !callId.isBlank() ? callId : Json.text(item, "id", "call_unknown");
    }

    /** Returns the item id, plus {@code namespace} and {@code caller} that must go back with the call. */
    static ProviderMetadata functionCallMetadata(JsonNode item) {
        ObjectNode meta = itemMetadataNode(item);
        for (String field : List.of("namespace", "caller")) {
            if (Json.has(item, field)) {
                meta.set(field, item.get(field).deepCopy());
            }
        }
        return meta.isEmpty() ? ProviderMetadata.empty() : ProviderMetadata.of(OpenAiKeys.PROVIDER, meta);
    }

    static ProviderMetadata itemMetadata(JsonNode item) {
        ObjectNode meta = itemMetadataNode(item);
        return meta.isEmpty() ? ProviderMetadata.empty() : ProviderMetadata.of(OpenAiKeys.PROVIDER, meta);
    }

    /** Returns item-id metadata for an id that may be unknown. */
    static ProviderMetadata itemMetadata(@Nullable String itemId) {
        return itemId == null ? ProviderMetadata.empty() : ProviderMetadata.empty().with(OpenAiKeys.PROVIDER,
                OpenAiKeys.ITEM_ID, itemId);
    }

    private static ObjectNode itemMetadataNode(JsonNode item) {
        ObjectNode meta = Json.object();
        String id = Json.text(item, "id");
        if (id != null) {
            meta.put(OpenAiKeys.ITEM_ID, id);
        }
        return meta;
    }
}
