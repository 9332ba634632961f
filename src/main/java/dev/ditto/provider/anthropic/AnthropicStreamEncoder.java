package dev.ditto.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.StreamPart;
import dev.ditto.sdk.message.ProviderMetadata;
import dev.ditto.sdk.message.ProviderPart;
import dev.ditto.sdk.http.SseEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Turns a unified stream into Anthropic's server-sent events: {@code message_start}, then one
 * {@code content_block_start} / {@code content_block_delta} / {@code content_block_stop} run per
 * text, thinking and tool-use block, then {@code message_delta} with the stop reason and the
 * cumulative usage, and {@code message_stop}; a failure becomes an {@code error} event.
 *
 * <p>Anthropic blocks never interleave, while some providers stream several tool calls at once;
 * a block that starts while another is open is held back and sent, in order, once the open one
 * ends. Because the prompt token count is only known at the end, {@code message_start} reports
 * zero usage and {@code message_delta} the final counts, input included.
 *
 * <p>One instance per response; not thread-safe.
 *
 * <pre>{@code
 * AnthropicStreamEncoder encoder = codec.newStreamEncoder("claude-sonnet-4-5");
 * for (StreamPart part : parts) {
 *     encoder.encode(part).forEach(sink::send);
 * }
 * encoder.finish().forEach(sink::send);
 * }</pre>
 */
public final class AnthropicStreamEncoder {

    private final String model;
    private final Set<String> toolIds = new HashSet<>();
    private final Map<String, Deque<Op>> heldBack = new LinkedHashMap<>();
    private @Nullable Open current;
    private int nextIndex;
    private int wholeBlocks;
    private boolean started;
    private boolean done;

    AnthropicStreamEncoder(String model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    /** One step of a block: its start, a delta, or its end. */
    private record Op(@Nullable WireBlock start, WireEvent.@Nullable Delta delta, ProviderMetadata endMetadata) {
        static Op start(WireBlock block) {
            return new Op(block, null, ProviderMetadata.empty());
        }

        static Op delta(WireEvent.Delta delta) {
            return new Op(null, delta, ProviderMetadata.empty());
        }

        static Op end(ProviderMetadata metadata) {
            return new Op(null, null, metadata);
        }

        boolean isEnd() {
            return start == null && delta == null;
        }
    }

    /** The block being sent. */
    private static final class Open {
        final String key;
        final int index;
        final boolean thinking;
        boolean signed;

        Open(String key, int index, boolean thinking) {
            this.key = key;
            this.index = index;
            this.thinking = thinking;
        }
    }

    /**
     * Encodes one part.
     *
     * @param part the part
     * @return the events to send now, possibly none
     */
    public List<SseEvent> encode(StreamPart part) {
        List<SseEvent> out = new ArrayList<>();
        if (done) {
            return out;
        }
        if (part instanceof StreamPart.StreamStart start) {
            begin(start.responseId(), out);
            return out;
        }
        begin(null, out);
        if (part instanceof StreamPart.TextStart text) {
            submit("text:" + text.id(), Op.start(new WireBlock.Text("", AnthropicJson.object())), out);
        } else if (part instanceof StreamPart.TextDelta text) {
            submit("text:" + text.id(), Op.delta(WireEvent.Delta.of(WireEvent.Delta.TEXT, "text", text.delta())), out);
        } else if (part instanceof StreamPart.TextEnd text) {
            submit("text:" + text.id(), Op.end(ProviderMetadata.empty()), out);
        } else if (part instanceof StreamPart.ReasoningStart reasoning) {
            submit("reasoning:" + reasoning.id(), Op.start(reasoningBlock(reasoning.providerMetadata())), out);
        } else if (part instanceof StreamPart.ReasoningDelta reasoning) {
            reasoningDelta(reasoning, out);
        } else if (part instanceof StreamPart.ReasoningEnd reasoning) {
            submit("reasoning:" + reasoning.id(), Op.end(reasoning.providerMetadata()), out);
        } else if (part instanceof StreamPart.ToolInputStart tool) {
            toolIds.add(tool.id());
            submit("tool:" + tool.id(), Op.start(new WireBlock.ToolUse(tool.id(), tool.toolName(), AnthropicJson.object(),
                    AnthropicJson.object())), out);
        } else if (part instanceof StreamPart.ToolInputDelta tool) {
            submit("tool:" + tool.id(), Op.delta(inputDelta(tool.delta())), out);
        } else if (part instanceof StreamPart.ToolInputEnd tool) {
            submit("tool:" + tool.id(), Op.end(ProviderMetadata.empty()), out);
        } else if (part instanceof StreamPart.ToolCall call && toolIds.add(call.toolCallId())) {
            whole(new WireBlock.ToolUse(call.toolCallId(), call.toolName(), AnthropicJson.object(),
                    PartMapper.extras(call.providerMetadata())), call.input(), out);
        } else if (part instanceof StreamPart.Content content && content.part() instanceof ProviderPart item
                && item.provider().equals(PartMapper.PROVIDER) && item.value().isObject()) {
            providerBlock((ObjectNode) item.value(), out);
        } else if (part instanceof StreamPart.Finish finish) {
            end(finish, out);
        } else if (part instanceof StreamPart.Error error) {
            out.add(AnthropicEdgeCodec.streamErrorEvent(error.error()));
            done = true;
        }
        return out;
    }

    /**
     * Ends the stream. After a {@link StreamPart.Finish} or {@link StreamPart.Error} there is
     * nothing left to send; a stream that stopped before either gets an {@code error} event, so
     * the client never mistakes a cut stream for a complete one.
     *
     * @return the events to send last, possibly none
     */
    public List<SseEvent> finish() {
        List<SseEvent> out = new ArrayList<>();
        if (!done) {
            begin(null, out);
            out.add(AnthropicEdgeCodec.streamErrorEvent("api_error", "the upstream stream ended before it finished"));
            done = true;
        }
        return out;
    }

    /**
     * Returns a heartbeat event, to keep idle connections open.
     *
     * @return a {@code ping} event
     */
    public SseEvent ping() {
        return event(new WireEvent.Ping());
    }

    /**
     * Returns whether the terminal events have been produced.
     *
     * @return {@code true} after a finish, an error or {@link #finish()}
     */
    public boolean isDone() {
        return done;
    }

    private void begin(@Nullable String responseId, List<SseEvent> out) {
        if (started) {
            return;
        }
        started = true;
        WireMessage message = new WireMessage(ResponseMapper.messageId(responseId), model, List.of(), null, null,
                new WireUsage(0L, 0L, 0L, 0L, null, AnthropicJson.object()), AnthropicJson.object());
        out.add(event(new WireEvent.MessageStart(message)));
    }

    private static WireBlock reasoningBlock(ProviderMetadata metadata) {
        String data = metadata.string(PartMapper.PROVIDER, "data").orElse(null);
        return data != null ? new WireBlock.RedactedThinking(data) : new WireBlock.Thinking("", "");
    }

    private void reasoningDelta(StreamPart.ReasoningDelta reasoning, List<SseEvent> out) {
        String key = "reasoning:" + reasoning.id();
        if (!reasoning.delta().isEmpty()) {
            submit(key, Op.delta(WireEvent.Delta.of(WireEvent.Delta.THINKING, "thinking", reasoning.delta())), out);
        }
        reasoning.providerMetadata().string(PartMapper.PROVIDER, "signature").ifPresent(signature ->
                submit(key, Op.delta(WireEvent.Delta.of(WireEvent.Delta.SIGNATURE, "signature", signature)), out));
    }

    private static WireEvent.Delta inputDelta(String json) {
        return WireEvent.Delta.of(WireEvent.Delta.INPUT_JSON, "partial_json", json);
    }

    /** Sends a server tool call ({@code input} streamed, as Anthropic does) or a result block whole. */
    private void providerBlock(ObjectNode block, List<SseEvent> out) {
        JsonNode input = block.get("input");
        if (input != null && input.isObject() && block.path("type").asText().endsWith("tool_use")) {
            ObjectNode start = block.deepCopy();
            start.set("input", AnthropicJson.object());
            whole(new WireBlock.Other(block.path("type").asText(), start), AnthropicJson.write(input), out);
        } else {
            whole(new WireBlock.Other(block.path("type").asText(), block), null, out);
        }
    }

    private void whole(WireBlock start, @Nullable String input, List<SseEvent> out) {
        String key = "whole:" + wholeBlocks++;
        submit(key, Op.start(start), out);
        if (input != null && !input.isEmpty()) {
            submit(key, Op.delta(inputDelta(input)), out);
        }
        submit(key, Op.end(ProviderMetadata.empty()), out);
    }

    private void submit(String key, Op op, List<SseEvent> out) {
        if (current == null && op.start() != null && !heldBack.containsKey(key)) {
            apply(key, op, out);
        } else if (current != null && current.key.equals(key)) {
            apply(key, op, out);
            if (op.isEnd()) {
                releaseHeldBack(out);
            }
        } else if (op.start() != null || heldBack.containsKey(key)) {
            heldBack.computeIfAbsent(key, k -> new ArrayDeque<>()).add(op);
        }
        // A delta or end of a block never started carries nothing to send.
    }

    private void releaseHeldBack(List<SseEvent> out) {
        while (current == null && !heldBack.isEmpty()) {
            String key = heldBack.keySet().iterator().next();
            Deque<Op> ops = heldBack.remove(key);
            for (Op op : ops) {
                apply(key, op, out);
            }
        }
    }

    private void apply(String key, Op op, List<SseEvent> out) {
        if (op.start() != null) {
            Open open = new Open(key, nextIndex++, op.start() instanceof WireBlock.Thinking);
            current = open;
            out.add(event(new WireEvent.BlockStart(open.index, op.start())));
        } else if (current == null) {
            return;
        } else if (op.delta() != null) {
            current.signed |= op.delta().type().equals(WireEvent.Delta.SIGNATURE);
            out.add(event(new WireEvent.BlockDelta(current.index, op.delta())));
        } else {
            String signature = op.endMetadata().string(PartMapper.PROVIDER, "signature").orElse("");
            if (current.thinking && !current.signed && !signature.isEmpty()) {
                out.add(event(new WireEvent.BlockDelta(current.index,
                        WireEvent.Delta.of(WireEvent.Delta.SIGNATURE, "signature", signature))));
            }
            out.add(event(new WireEvent.BlockStop(current.index)));
            current = null;
        }
    }

    private void end(StreamPart.Finish finish, List<SseEvent> out) {
        closeEverything(out);
        ObjectNode anthropic = PartMapper.extras(finish.providerMetadata());
        ObjectNode delta = AnthropicJson.object()
                .put("stop_reason", StopReasons.toAnthropic(finish.finishReason(), finish.rawFinishReason()));
        JsonNode stopSequence = anthropic.get("stop_sequence");
        delta.put("stop_sequence", stopSequence != null && stopSequence.isTextual() ? stopSequence.asText() : null);
        copy(anthropic, "stop_details", delta);
        copy(anthropic, "container", delta);
        ObjectNode extras = AnthropicJson.object();
        copy(anthropic, "context_management", extras);
        out.add(event(new WireEvent.MessageDelta(delta, WireUsage.from(finish.usage()), extras)));
        out.add(event(new WireEvent.MessageStop()));
        done = true;
    }

    /** Closes the open block and sends the held-back ones, closing any whose end never came. */
    private void closeEverything(List<SseEvent> out) {
        do {
            if (current != null) {
                apply(current.key, Op.end(ProviderMetadata.empty()), out);
            }
            releaseHeldBack(out);
        } while (current != null || !heldBack.isEmpty());
    }

    private static void copy(ObjectNode from, String field, ObjectNode to) {
        JsonNode value = from.get(field);
        if (value != null && !value.isNull()) {
            to.set(field, value.deepCopy());
        }
    }

    static SseEvent event(WireEvent event) {
        return SseEvent.of(event.type(), AnthropicJson.write(event.toJson()));
    }
}
