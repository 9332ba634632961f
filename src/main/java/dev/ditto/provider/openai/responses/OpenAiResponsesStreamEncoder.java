package dev.ditto.provider.openai.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.provider.openai.responses.EncoderBlocks.ReasoningItem;
import dev.ditto.provider.openai.responses.EncoderBlocks.TextBlock;
import dev.ditto.provider.openai.responses.EncoderBlocks.ToolBlock;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.SdkException;
import dev.ditto.sdk.StreamInterruptedException;
import dev.ditto.sdk.StreamPart;
import dev.ditto.sdk.Usage;
import dev.ditto.sdk.http.SseEvent;
import dev.ditto.sdk.message.ProviderMetadata;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Turns a unified stream into Responses API server-sent events, each named by its {@code type}
 * and numbered by {@code sequence_number}: {@code response.created} and
 * {@code response.in_progress} first; per output item {@code response.output_item.added},
 * its content events ({@code response.content_part.added}, {@code response.output_text.delta},
 * reasoning summary and function-call argument events, and their {@code .done} events) and
 * {@code response.output_item.done}; then {@code response.completed} (or
 * {@code response.incomplete}) with the usage. A failure becomes {@code error} followed by
 * {@code response.failed}; a stream that ends without either is reported the same way by
 * {@link #finish()}, so the client never mistakes a cut for a complete answer.
 *
 * <p>Consecutive reasoning blocks of one OpenAI reasoning item stay one item, with one summary
 * part per block. Parts a Responses client cannot read (another provider's items) are left out.
 *
 * <p>One instance encodes one stream; not thread-safe. Obtain it from
 * {@link OpenAiResponsesEdgeCodec#newStreamEncoder(String)}.
 *
 * <pre>{@code
 * OpenAiResponsesStreamEncoder encoder = codec.newStreamEncoder("gpt-5-mini");
 * for (StreamPart part : parts) {
 *     encoder.encode(part).forEach(sink::send);
 * }
 * encoder.finish().forEach(sink::send);
 * }</pre>
 */
public final class OpenAiResponsesStreamEncoder {

    private final String model;
    private final long createdAt;
    private final List<SseEvent> events = new ArrayList<>();
    private final Map<Integer, ObjectNode> output = new TreeMap<>();
    private final Map<String, TextBlock> texts = new HashMap<>();
    private final Map<String, ToolBlock> tools = new HashMap<>();
    private final Map<String, ReasoningItem> reasoningBlocks = new HashMap<>();
    private final Set<String> itemIds = new HashSet<>();
    private @Nullable ReasoningItem pendingReasoning;
    private String responseId = Json.newId("resp_");
    private int sequence;
    private int nextIndex;
    private boolean started;
    private boolean ended;

    OpenAiResponsesStreamEncoder(String model, long createdAt) {
        this.model = model;
        this.createdAt = createdAt;
    }

    /**
     * Encodes one part.
     *
     * @param part the next part of the unified stream
     * @return the events to send, possibly none; none once the stream has ended
     */
    public List<SseEvent> encode(StreamPart part) {
        events.clear();
        if (ended) {
            return List.of();
        }
        if (part instanceof StreamPart.StreamStart start) {
            start(start.responseId());
        } else {
            start(null);
            encodeContent(part);
        }
        return List.copyOf(events);
    }

    /**
     * Ends the stream. When neither a finish nor an error part was encoded, the upstream stream
     * stopped early: this emits {@code error} and {@code response.failed}.
     *
     * @return the events to send, possibly none
     */
    public List<SseEvent> finish() {
        events.clear();
        if (!ended) {
            start(null);
            fail(new StreamInterruptedException("the upstream stream ended before it finished", ErrorDetails.empty()));
        }
        return List.copyOf(events);
    }

    private void encodeContent(StreamPart part) {
        if (part instanceof StreamPart.TextStart p) {
            textStart(p.id(), p.providerMetadata());
        } else if (part instanceof StreamPart.TextDelta p) {
            textDelta(p.id(), p.delta());
        } else if (part instanceof StreamPart.TextEnd p) {
            textEnd(p.id(), p.providerMetadata());
        } else if (part instanceof StreamPart.ReasoningStart p) {
            reasoningStart(p.id(), p.providerMetadata());
        } else if (part instanceof StreamPart.ReasoningDelta p) {
            reasoningDelta(p.id(), p.delta());
        } else if (part instanceof StreamPart.ReasoningEnd p) {
            reasoningEnd(p.id(), p.providerMetadata());
        } else if (part instanceof StreamPart.ToolInputStart p) {
            toolStart(p.id(), p.toolName(), null);
        } else if (part instanceof StreamPart.ToolInputDelta p) {
            toolDelta(p.id(), p.delta());
        } else if (part instanceof StreamPart.ToolCall p) {
            toolCall(p);
        } else if (part instanceof StreamPart.Content p) {
            content(ResponsesOutputEncoder.other(p.part()));
        } else if (part instanceof StreamPart.Finish p) {
            complete(p.usage(), ResponsesStatus.of(p.finishReason()), p.rawFinishReason());
        } else if (part instanceof StreamPart.Error p) {
            fail(p.error());
        }
        // ToolInputEnd waits for the ToolCall that carries the whole arguments; Raw has no Responses form.
    }

    private void start(@Nullable String upstreamId) {
        if (started) {
            return;
        }
        started = true;
        if (upstreamId != null && upstreamId.startsWith("resp_")) {
            responseId = upstreamId;
        }
        ObjectNode response = envelope(ResponsesOutputEncoder.IN_PROGRESS);
        emit(event("response.created").set("response", response));
        emit(event("response.in_progress").set("response", response.deepCopy()));
    }

    private void textStart(String id, ProviderMetadata meta) {
        flushReasoning();
        boolean refusal = meta.get(OpenAiKeys.PROVIDER, OpenAiKeys.REFUSAL).map(JsonNode::asBoolean).orElse(false);
        TextBlock block = new TextBlock(uniqueId(meta, "msg_"), nextIndex++, refusal, meta);
        texts.put(id, block);
        emit(event("response.output_item.added").put("output_index", block.index)
                .set("item", ResponsesOutputEncoder.message(block.itemId, ResponsesOutputEncoder.IN_PROGRESS)));
        ObjectNode part = ResponsesOutputEncoder.textContent("", meta);
        emit(block.event(event("response.content_part.added")).set("part", part));
    }

    private void textDelta(String id, String delta) {
        TextBlock block = texts.get(id);
        if (block == null) {
            textStart(id, ProviderMetadata.empty());
            block = texts.get(id);
        }
        block.text.append(delta);
        ObjectNode event = block.event(event(block.refusal ? "response.refusal.delta" : "response.output_text.delta"))
                .put("delta", delta);
        if (!block.refusal) {
            event.putArray("logprobs");
        }
        emit(event);
    }

    private void textEnd(String id, ProviderMetadata endMeta) {
        TextBlock block = texts.remove(id);
        if (block == null) {
            return;
        }
        ProviderMetadata meta = endMeta.get(OpenAiKeys.PROVIDER, OpenAiKeys.ANNOTATIONS).isPresent() ? endMeta : block.meta;
        String text = block.text.toString();
        ObjectNode part = ResponsesOutputEncoder.textContent(text, meta);
        if (block.refusal) {
            emit(block.event(event("response.refusal.done")).put("refusal", text));
        } else {
            ObjectNode done = block.event(event("response.output_text.done")).put("text", text);
            done.putArray("logprobs");
            emit(done);
        }
        emit(block.event(event("response.content_part.done")).set("part", part));
        ObjectNode item = ResponsesOutputEncoder.message(block.itemId, "completed");
        ((ArrayNode) item.get("content")).add(part.deepCopy());
        itemDone(block.index, item);
    }

    private void reasoningStart(String id, ProviderMetadata meta) {
        String openAiId = meta.string(OpenAiKeys.PROVIDER, OpenAiKeys.ITEM_ID).orElse(null);
        ReasoningItem item = pendingReasoning;
        if (item == null || openAiId == null || !openAiId.equals(item.openAiId)) {
            flushReasoning();
            item = new ReasoningItem(uniqueId(meta, "rs_"), openAiId, nextIndex++);
            pendingReasoning = item;
            emit(event("response.output_item.added").put("output_index", item.index)
                    .set("item", ResponsesOutputEncoder.reasoningItem(item.itemId)));
        }
        reasoningBlocks.put(id, item);
    }

    private void reasoningDelta(String id, String delta) {
        ReasoningItem item = reasoningBlocks.get(id);
        if (item == null) {
            reasoningStart(id, ProviderMetadata.empty());
            item = reasoningBlocks.get(id);
        }
        if (delta.isEmpty()) {
            return;
        }
        if (item.openSummary < 0) {
            item.openSummary = item.summaries.size();
            item.summaries.add(new StringBuilder());
            emit(item.event(event("response.reasoning_summary_part.added"))
                    .set("part", ResponsesOutputEncoder.summaryText("")));
        }
        item.summaries.get(item.openSummary).append(delta);
        emit(item.event(event("response.reasoning_summary_text.delta")).put("delta", delta));
    }

    private void reasoningEnd(String id, ProviderMetadata meta) {
        ReasoningItem item = reasoningBlocks.remove(id);
        if (item == null) {
            return;
        }
        closeSummary(item);
        if (item.openAiId != null) {
            meta.string(OpenAiKeys.PROVIDER, OpenAiKeys.ENCRYPTED_CONTENT).ifPresent(value -> item.encrypted = value);
        } else {
            // Only OpenAI reasoning items can continue in a later block; others end here.
            flushReasoning();
        }
    }

    private void closeSummary(ReasoningItem item) {
        if (item.openSummary < 0) {
            return;
        }
        String text = item.summaries.get(item.openSummary).toString();
        emit(item.event(event("response.reasoning_summary_text.done")).put("text", text));
        emit(item.event(event("response.reasoning_summary_part.done")).set("part", ResponsesOutputEncoder.summaryText(text)));
        item.openSummary = -1;
    }

    private void flushReasoning() {
        ReasoningItem item = pendingReasoning;
        if (item == null) {
            return;
        }
        pendingReasoning = null;
        closeSummary(item);
        reasoningBlocks.values().removeIf(open -> open == item);
        ObjectNode done = ResponsesOutputEncoder.reasoningItem(item.itemId);
        item.summaries.forEach(text -> ResponsesOutputEncoder.appendSummary(done, text.toString()));
        if (item.encrypted != null) {
            done.put("encrypted_content", item.encrypted);
        }
        itemDone(item.index, done);
    }

    private void toolStart(String callId, String name, @Nullable String itemId) {
        flushReasoning();
        ToolBlock block = new ToolBlock(itemId != null && itemIds.add(itemId) ? itemId : newItemId("fc_"), nextIndex++,
                callId, name);
        tools.put(callId, block);
        emit(event("response.output_item.added").put("output_index", block.index).set("item",
                ResponsesOutputEncoder.functionCall(block.itemId, callId, name, "", ResponsesOutputEncoder.IN_PROGRESS)));
    }

    private void toolDelta(String callId, String delta) {
        ToolBlock block = tools.get(callId);
        if (block == null) {
            return;
        }
        block.arguments.append(delta);
        emit(block.event(event("response.function_call_arguments.delta")).put("delta", delta));
    }

    private void toolCall(StreamPart.ToolCall call) {
        ToolBlock block = tools.remove(call.toolCallId());
        if (block == null) {
            toolStart(call.toolCallId(), call.toolName(),
                    call.providerMetadata().string(OpenAiKeys.PROVIDER, OpenAiKeys.ITEM_ID).orElse(null));
            block = tools.remove(call.toolCallId());
            emit(block.event(event("response.function_call_arguments.delta")).put("delta", call.input()));
        }
        emit(block.event(event("response.function_call_arguments.done")).put("arguments", call.input()));
        itemDone(block.index, ResponsesOutputEncoder.functionCall(block.itemId, call.toolCallId(), call.toolName(),
                call.input(), "completed"));
    }

    private void content(@Nullable ObjectNode item) {
        if (item == null) {
            return;
        }
        flushReasoning();
        int index = nextIndex++;
        emit(event("response.output_item.added").put("output_index", index).set("item", item.deepCopy()));
        itemDone(index, item);
    }

    private void itemDone(int index, ObjectNode item) {
        output.put(index, item);
        emit(event("response.output_item.done").put("output_index", index).set("item", item.deepCopy()));
    }

    /** Ends what is still open as if it had ended normally, so that the final response is complete. */
    private void closeOpenItems() {
        for (String id : List.copyOf(texts.keySet())) {
            textEnd(id, ProviderMetadata.empty());
        }
        for (ToolBlock block : List.copyOf(tools.values())) {
            toolCall(new StreamPart.ToolCall(block.callId, block.name, block.arguments.toString(), ProviderMetadata.empty()));
        }
        flushReasoning();
    }

    private void complete(Usage usage, ResponsesStatus status, @Nullable String rawFinishReason) {
        closeOpenItems();
        ObjectNode response = envelope(status.status());
        ResponsesOutputEncoder.finish(response, status, usage, "the model stopped with " + rawFinishReason);
        String type = switch (status.status()) {
            case ResponsesStatus.INCOMPLETE -> "response.incomplete";
            case ResponsesStatus.FAILED -> "response.failed";
            default -> "response.completed";
        };
        emit(event(type).set("response", response));
        ended = true;
    }

    private void fail(SdkException error) {
        ResponsesErrorEncoder shape = ResponsesErrorEncoder.of(error);
        ObjectNode nested = shape.error(error.getMessage());
        // Both shapes: the documented top-level fields, and the nested object real streams send.
        ObjectNode event = event("error").put("code", Json.text(nested, "code")).put("message", error.getMessage());
        event.set("param", nested.get("param"));
        event.set("error", nested);
        emit(event);
        ObjectNode response = envelope(ResponsesStatus.FAILED);
        response.putObject("error").put("code", shape.code() == null ? "server_error" : shape.code())
                .put("message", error.getMessage());
        emit(event("response.failed").set("response", response));
        ended = true;
    }

    private ObjectNode envelope(String status) {
        ObjectNode response = ResponsesOutputEncoder.response(responseId, model, createdAt, status);
        ArrayNode items = (ArrayNode) response.get("output");
        output.values().forEach(item -> items.add(item.deepCopy()));
        return response;
    }

    private ObjectNode event(String type) {
        return Json.object().put("type", type).put("sequence_number", sequence++);
    }

    private void emit(ObjectNode event) {
        events.add(SseEvent.of(Json.text(event, "type", "message"), Json.write(event)));
    }

    /** Returns the OpenAI item id from the metadata when not yet used in this response, else a new id. */
    private String uniqueId(ProviderMetadata meta, String prefix) {
        String id = meta.string(OpenAiKeys.PROVIDER, OpenAiKeys.ITEM_ID).orElse(null);
        return id != null && itemIds.add(id) ? id : newItemId(prefix);
    }

    private String newItemId(String prefix) {
        String id = Json.newId(prefix);
        itemIds.add(id);
        return id;
    }
}
