package dev.ditto.provider.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.StreamPart;
import dev.ditto.sdk.http.SseEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Turns one unified stream into {@code chat.completion.chunk} events as OpenAI sends them: a
 * first chunk with {@code role: assistant}; {@code content}, {@code refusal} and DeepSeek-style
 * {@code reasoning_content} deltas; tool calls as {@code tool_calls} deltas keyed by
 * {@code index} (id, type and name in the first fragment, then argument fragments); a finish
 * chunk with the mapped {@code finish_reason}; the usage chunk with {@code choices: []} only when
 * the client asked for it; and {@link #end()} with {@code data: [DONE]}.
 *
 * <p>An error part becomes the {@code {"error":{...}}} event and the stream ends without
 * {@code [DONE]}; a stream that ends with neither a finish nor an error part also ends with an
 * error event, so a client never mistakes a cut stream for a complete one. Parts that Chat
 * Completions cannot carry (generated files, provider items, raw chunks) are skipped.
 *
 * <p>One instance encodes one stream; not thread-safe.
 *
 * <pre>{@code
 * OpenAiChatStreamEncoder encoder = codec.newStreamEncoder("gpt-4o", true);
 * for (StreamPart part : parts) {
 *     encoder.encode(part).forEach(event -> write("data: " + event.data() + "\n\n"));
 * }
 * encoder.end().forEach(event -> write("data: " + event.data() + "\n\n"));
 * }</pre>
 */
public final class OpenAiChatStreamEncoder {

    private final String model;
    private final boolean includeUsage;
    private final Supplier<String> ids;
    private final long created;
    private final Map<String, ToolState> tools = new HashMap<>();
    private final Set<String> refusalBlocks = new HashSet<>();
    private @Nullable String id;
    private final ChatStreamEnding ending = new ChatStreamEnding();

    /** The index and streamed arguments of one tool call. */
    private static final class ToolState {
        private final int index;
        private final StringBuilder streamed = new StringBuilder();

        ToolState(int index) {
            this.index = index;
        }
    }

    OpenAiChatStreamEncoder(String model, boolean includeUsage, Supplier<String> ids, long created) {
        this.model = model;
        this.includeUsage = includeUsage;
        this.ids = ids;
        this.created = created;
    }

    /**
     * Encodes one part.
     *
     * @param part the next part of the stream
     * @return the events to send, in order; empty for parts with no wire form
     */
    public List<SseEvent> encode(StreamPart part) {
        if (!ending.isOpen()) {
            return List.of();
        }
        if (part instanceof StreamPart.StreamStart start) {
            return start(start.responseId());
        }
        if (part instanceof StreamPart.Error error) {
            return List.of(ending.fail(error.error()));
        }
        List<SseEvent> opening = id == null ? start(null) : List.of();
        SseEvent event = content(part);
        if (part instanceof StreamPart.Finish finish) {
            return concat(opening, finish(finish));
        }
        return event == null ? opening : concat(opening, List.of(event));
    }

    /**
     * Ends the stream.
     *
     * @return {@code data: [DONE]} after a finish part; nothing after an error part; an error event
     *     when the stream stopped without either
     */
    public List<SseEvent> end() {
        return ending.end();
    }

    private List<SseEvent> start(@Nullable String responseId) {
        if (id != null) {
            return List.of();
        }
        id = responseId == null ? ids.get() : responseId;
        ObjectNode chunk = chunk();
        delta(chunk).put("role", "assistant").put("content", "");
        return List.of(event(chunk));
    }

    private @Nullable SseEvent content(StreamPart part) {
        if (part instanceof StreamPart.TextStart start && ChatResultEncoder.isRefusal(start.providerMetadata())) {
            refusalBlocks.add(start.id());
        } else if (part instanceof StreamPart.TextDelta text && !text.delta().isEmpty()) {
            ObjectNode chunk = chunk();
            delta(chunk).put(refusalBlocks.contains(text.id()) ? "refusal" : "content", text.delta());
            return event(chunk);
        } else if (part instanceof StreamPart.ReasoningDelta reasoning && !reasoning.delta().isEmpty()) {
            ObjectNode chunk = chunk();
            delta(chunk).put("reasoning_content", reasoning.delta());
            return event(chunk);
        } else if (part instanceof StreamPart.ToolInputStart start) {
            ToolState tool = tools.computeIfAbsent(start.id(), key -> new ToolState(tools.size()));
            return toolEvent(tool, start.id(), start.toolName(), "");
        } else if (part instanceof StreamPart.ToolInputDelta delta && tools.containsKey(delta.id())
                && !delta.delta().isEmpty()) {
            ToolState tool = tools.get(delta.id());
            tool.streamed.append(delta.delta());
            return toolEvent(tool, null, null, delta.delta());
        } else if (part instanceof StreamPart.ToolCall call) {
            return toolCall(call);
        }
        return null;
    }

    /** Sends what a complete call adds to its streamed fragments: all of it if none were streamed. */
    private @Nullable SseEvent toolCall(StreamPart.ToolCall call) {
        ToolState tool = tools.get(call.toolCallId());
        if (tool == null) {
            tool = new ToolState(tools.size());
            tools.put(call.toolCallId(), tool);
            tool.streamed.append(call.input());
            return toolEvent(tool, call.toolCallId(), call.toolName(), call.input());
        }
        String streamed = tool.streamed.toString();
        if (call.input().length() > streamed.length() && call.input().startsWith(streamed)) {
            String rest = call.input().substring(streamed.length());
            tool.streamed.append(rest);
            return toolEvent(tool, null, null, rest);
        }
        return null;
    }

    private SseEvent toolEvent(ToolState tool, @Nullable String callId, @Nullable String name, String arguments) {
        ObjectNode chunk = chunk();
        ObjectNode fragment = delta(chunk).putArray("tool_calls").addObject().put("index", tool.index);
        if (callId != null) {
            fragment.put("id", callId).put("type", "function");
        }
        ObjectNode function = fragment.putObject("function");
        if (name != null) {
            function.put("name", name);
        }
        function.put("arguments", arguments);
        return event(chunk);
    }

    private List<SseEvent> finish(StreamPart.Finish finish) {
        ending.finished();
        ObjectNode last = chunk();
        delta(last);
        ((ObjectNode) last.path("choices").get(0)).put("finish_reason", ChatFinishReasons.toWire(finish.finishReason()));
        if (!includeUsage) {
            return List.of(event(last));
        }
        ObjectNode usage = header();
        usage.putArray("choices");
        usage.set("usage", ChatUsage.toWire(finish.usage()));
        return List.of(event(last), event(usage));
    }

    private ObjectNode header() {
        ObjectNode chunk = WireJson.MAPPER.createObjectNode()
                .put("id", id)
                .put("object", "chat.completion.chunk")
                .put("created", created)
                .put("model", model);
        chunk.putNull("system_fingerprint");
        return chunk;
    }

    private ObjectNode chunk() {
        ObjectNode chunk = header();
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.putObject("delta");
        choice.putNull("logprobs");
        choice.putNull("finish_reason");
        if (includeUsage) {
            chunk.putNull("usage");
        }
        return chunk;
    }

    private static ObjectNode delta(ObjectNode chunk) {
        return (ObjectNode) chunk.path("choices").get(0).path("delta");
    }

    private static SseEvent event(ObjectNode chunk) {
        return SseEvent.of(WireJson.write(chunk));
    }

    private static List<SseEvent> concat(List<SseEvent> first, List<SseEvent> second) {
        if (first.isEmpty()) {
            return second;
        }
        List<SseEvent> all = new ArrayList<>(first);
        all.addAll(second);
        return List.copyOf(all);
    }
}
