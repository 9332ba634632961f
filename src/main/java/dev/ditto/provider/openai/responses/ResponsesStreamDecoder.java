package dev.ditto.provider.openai.responses;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.StreamInterruptedException;
import dev.ditto.sdk.StreamPart;
import dev.ditto.sdk.UnexpectedResponseException;
import dev.ditto.sdk.Usage;
import dev.ditto.sdk.Warning;
import dev.ditto.sdk.http.SseEvent;
import dev.ditto.sdk.http.SseStreamDecoder;
import dev.ditto.sdk.message.ProviderMetadata;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Decodes a Responses API event stream ({@code response.*} events) into {@link StreamPart}s.
 *
 * <p>Output items become text, reasoning and tool-input blocks (see {@link StreamItem});
 * built-in tool items pass as {@link StreamPart.Content} when done; progress events of built-in
 * tools are skipped because the finished item carries their result. The {@link StreamPart.Finish}
 * is sent when the body ends after {@code response.completed} or {@code response.incomplete};
 * a body that ends before either is reported as a {@link StreamInterruptedException}, never as a
 * normal end. {@code response.failed} and {@code error} events (the documented top-level shape and
 * the nested {@code {"error":{...}}} shape real streams send) end the stream with an error.
 *
 * <p>A stream holding several responses back to back (recordings of multi-step runs) yields the
 * content of all of them, the usage summed over them and the last one's finish reason.
 *
 * <p>One instance decodes one stream; not thread-safe.
 */
final class ResponsesStreamDecoder implements SseStreamDecoder {

    private static final int SNIPPET_CHARS = 200;

    private final List<Warning> warnings;
    private final Set<String> declaredTools;
    private final ErrorDetails details;
    private final Map<Integer, StreamItem> open = new TreeMap<>();
    private final ArrayNode rawUsages = Json.array();
    private boolean started;
    private boolean responseHasFunctionCall;
    private @Nullable ResponsesUsage usage;
    private @Nullable ResponsesStatus finalStatus;
    private boolean finalHasFunctionCall;
    private ProviderMetadata responseMetadata = ProviderMetadata.empty();

    ResponsesStreamDecoder(List<Warning> warnings, Set<String> declaredTools, ErrorDetails details) {
        this.warnings = List.copyOf(warnings);
        this.declaredTools = Set.copyOf(declaredTools);
        this.details = details;
    }

    @Override
    public void onEvent(SseEvent event, Consumer<StreamPart> sink) {
        if (event.isDone()) {
            // Not sent by OpenAI, but by some compatible servers that copy the Chat Completions framing.
            return;
        }
        JsonNode json = parse(event);
        String type = Json.text(json, "type", event.event() == null ? "" : event.event());
        if (!started) {
            started = true;
            JsonNode response = json.path("response");
            sink.accept(new StreamPart.StreamStart(warnings, Json.text(response, "id"), Json.text(response, "model")));
        }
        int index = json.path("output_index").asInt(0);
        switch (type) {
            case "response.created" -> responseHasFunctionCall = false;
            case "response.output_item.added" -> itemAdded(index, json.path("item"), sink);
            case "response.output_item.done" -> itemDone(index, json.path("item"), sink);
            case "response.content_part.added" -> message(index, json, sink)
                    .partAdded(json.path("content_index").asInt(0), json.path("part"), sink);
            case "response.content_part.done" -> message(index, json, sink)
                    .partDone(json.path("content_index").asInt(0), json.path("part"), sink);
            case "response.output_text.delta" -> message(index, json, sink)
                    .delta(json.path("content_index").asInt(0), Json.text(json, "delta", ""), false, sink);
            case "response.refusal.delta" -> message(index, json, sink)
                    .delta(json.path("content_index").asInt(0), Json.text(json, "delta", ""), true, sink);
            case "response.reasoning_summary_part.added" -> reasoning(index, json, sink)
                    .summaryPart(json.path("summary_index").asInt(0), sink);
            case "response.reasoning_summary_text.delta" -> reasoning(index, json, sink)
                    .delta(json.path("summary_index").asInt(0), Json.text(json, "delta", ""), sink);
            case "response.reasoning_text.delta" -> reasoning(index, json, sink)
                    .textDelta(Json.text(json, "delta", ""), sink);
            case "response.function_call_arguments.delta" -> argumentsDelta(index, json, sink);
            case "response.completed", "response.incomplete" -> terminal(json.path("response"), sink);
            case "response.failed" -> throw ResponsesErrorMapper.reportedError(
                    json.path("response").path("error").isObject() ? json.path("response").path("error") : json, details);
            case "error" -> throw ResponsesErrorMapper.reportedError(
                    json.path("error").isObject() ? json.path("error") : json, details);
            default -> {
                // Lifecycle echoes, annotations, built-in tool progress: the done item carries them.
            }
        }
    }

    @Override
    public void onEnd(Consumer<StreamPart> sink) {
        ResponsesStatus status = finalStatus;
        if (status == null) {
            throw new StreamInterruptedException("the Responses stream ended before response.completed, "
                    + "response.incomplete or response.failed", details);
        }
        abandonOpenItems(sink);
        JsonNode raw = rawUsages.size() == 1 ? rawUsages.get(0) : rawUsages.isEmpty() ? null : rawUsages;
        Usage total = usage == null ? Usage.empty() : usage.toUsage(raw);
        sink.accept(new StreamPart.Finish(total, status.finishReason(finalHasFunctionCall), status.raw(),
                responseMetadata));
    }

    private JsonNode parse(SseEvent event) {
        try {
            JsonNode json = Json.parse(event.data());
            if (json.isObject()) {
                return json;
            }
        } catch (JsonProcessingException e) {
            throw malformed(event, e);
        }
        throw malformed(event, null);
    }

    private UnexpectedResponseException malformed(SseEvent event, @Nullable Exception cause) {
        String data = event.data();
        String snippet = data.length() <= SNIPPET_CHARS ? data : data.substring(0, SNIPPET_CHARS) + "...";
        return new UnexpectedResponseException("malformed Responses stream event '" + event.event() + "': " + snippet,
                details, cause);
    }

    private void itemAdded(int index, JsonNode item, Consumer<StreamPart> sink) {
        StreamItem previous = open.remove(index);
        if (previous != null) {
            previous.abandon(sink);
        }
        open.put(index, StreamItem.added(item, declaredTools, sink));
        responseHasFunctionCall |= OutputItems.FUNCTION_CALL.equals(Json.text(item, "type"));
    }

    private void itemDone(int index, JsonNode item, Consumer<StreamPart> sink) {
        StreamItem state = open.remove(index);
        if (state == null) {
            state = StreamItem.added(item, declaredTools, sink);
        }
        state.done(item, sink);
        responseHasFunctionCall |= OutputItems.FUNCTION_CALL.equals(Json.text(item, "type"));
    }

    /** Returns the message item at an index, creating it for servers that skip output_item.added. */
    private StreamItem.Message message(int index, JsonNode event, Consumer<StreamPart> sink) {
        if (open.get(index) instanceof StreamItem.Message message) {
            return message;
        }
        JsonNode item = Json.object().put("type", OutputItems.MESSAGE).put("id", Json.text(event, "item_id", "msg_unknown"));
        itemAdded(index, item, sink);
        return (StreamItem.Message) open.get(index);
    }

    private StreamItem.Reasoning reasoning(int index, JsonNode event, Consumer<StreamPart> sink) {
        if (open.get(index) instanceof StreamItem.Reasoning reasoning) {
            return reasoning;
        }
        JsonNode item = Json.object().put("type", OutputItems.REASONING).put("id", Json.text(event, "item_id", "rs_unknown"));
        itemAdded(index, item, sink);
        return (StreamItem.Reasoning) open.get(index);
    }

    private void argumentsDelta(int index, JsonNode event, Consumer<StreamPart> sink) {
        // Without output_item.added the tool name is unknown; output_item.done brings the whole call.
        if (open.get(index) instanceof StreamItem.FunctionCall call) {
            call.delta(Json.text(event, "delta", ""), sink);
        }
    }

    private void terminal(JsonNode response, Consumer<StreamPart> sink) {
        abandonOpenItems(sink);
        boolean hasFunctionCall = responseHasFunctionCall;
        for (JsonNode item : response.path("output")) {
            hasFunctionCall |= OutputItems.FUNCTION_CALL.equals(Json.text(item, "type"));
        }
        finalStatus = ResponsesResultMapper.status(response);
        finalHasFunctionCall = hasFunctionCall;
        responseMetadata = ResponsesResultMapper.responseMetadata(response);
        ResponsesUsage wire = ResponsesUsage.read(response.get("usage"));
        if (wire != null) {
            usage = usage == null ? wire : usage.plus(wire);
            rawUsages.add(response.get("usage").deepCopy());
        }
    }

    private void abandonOpenItems(Consumer<StreamPart> sink) {
        open.values().forEach(item -> item.abandon(sink));
        open.clear();
    }
}
