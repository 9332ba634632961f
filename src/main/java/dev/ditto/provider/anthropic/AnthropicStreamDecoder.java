package dev.ditto.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.StreamInterruptedException;
import dev.ditto.sdk.StreamPart;
import dev.ditto.sdk.UnexpectedResponseException;
import dev.ditto.sdk.Warning;
import dev.ditto.sdk.http.SseEvent;
import dev.ditto.sdk.message.ProviderMetadata;
import dev.ditto.sdk.message.ProviderPart;
import dev.ditto.sdk.http.SseStreamDecoder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Decodes one Anthropic Messages stream ({@code message_start} ... {@code message_stop}) into
 * stream parts. One instance per stream; not thread-safe (calls are serial).
 *
 * <p>{@code ping} is ignored, an {@code error} event ends the stream with the matching exception,
 * a repeated {@code message_start} for the open message is ignored, and a different message
 * starting while one is open is a broken stream. Events after {@code message_stop} are ignored.
 * Usage is cumulative: {@code message_delta} values replace those of {@code message_start}.
 */
final class AnthropicStreamDecoder implements SseStreamDecoder {

    private final List<Warning> warnings;
    private final @Nullable String jsonToolName;
    private final ErrorDetails details;
    private final Map<Integer, OpenBlock> blocks = new HashMap<>();
    private @Nullable String messageId;
    private WireUsage usage = WireUsage.EMPTY;
    private @Nullable String stopReason;
    private final ObjectNode resultFields = AnthropicJson.object();
    private boolean jsonAnswered;
    private boolean toolCalled;
    private boolean finished;
    private int events;

    AnthropicStreamDecoder(List<Warning> warnings, @Nullable String jsonToolName, ErrorDetails details) {
        this.warnings = List.copyOf(warnings);
        this.jsonToolName = jsonToolName;
        this.details = details;
    }

    @Override
    public void onEvent(SseEvent event, Consumer<StreamPart> sink) {
        events++;
        if (finished) {
            return;
        }
        WireEvent wire;
        try {
            wire = WireEvent.read(AnthropicJson.parse(event.data(), "event"));
        } catch (WireFormatException e) {
            throw malformed("event #" + events + " is malformed: " + e.getMessage(), e);
        }
        if (wire instanceof WireEvent.MessageStart start) {
            onMessageStart(start.message(), sink);
        } else if (wire instanceof WireEvent.Error error) {
            throw AnthropicErrorMapper.streamError(error.errorType(), error.message(), details);
        } else if (wire instanceof WireEvent.Ping || wire instanceof WireEvent.Unknown) {
            return;
        } else if (messageId == null) {
            throw malformed("'" + wire.type() + "' arrived before message_start", null);
        } else {
            onMessageEvent(wire, sink);
        }
    }

    private void onMessageEvent(WireEvent wire, Consumer<StreamPart> sink) {
        if (wire instanceof WireEvent.BlockStart start) {
            if (blocks.containsKey(start.index())) {
                throw malformed("content block " + start.index() + " started twice", null);
            }
            open(start.index(), start.block(), sink);
        } else if (wire instanceof WireEvent.BlockDelta delta) {
            block(delta.index(), "content_block_delta").onDelta(delta.delta(), sink);
        } else if (wire instanceof WireEvent.BlockStop stop) {
            block(stop.index(), "content_block_stop").onStop(sink);
            blocks.remove(stop.index());
        } else if (wire instanceof WireEvent.MessageDelta delta) {
            usage = usage.updatedBy(delta.usage());
            stopReason = delta.stopReason() != null ? delta.stopReason() : stopReason;
            copyResultFields(delta.delta());
            copyResultFields(delta.extras());
        } else if (wire instanceof WireEvent.MessageStop) {
            if (!blocks.isEmpty()) {
                throw malformed("message_stop arrived while content blocks " + blocks.keySet() + " were open", null);
            }
            finished = true;
            sink.accept(new StreamPart.Finish(usage.toUsage(), StopReasons.toUnified(stopReason, jsonAnswered && !toolCalled),
                    stopReason, ResponseMapper.metadata(null, resultFields)));
        }
    }

    private void onMessageStart(WireMessage message, Consumer<StreamPart> sink) {
        if (messageId != null) {
            if (messageId.equals(message.id())) {
                return; // a repeated message_start for the open message carries nothing new
            }
            throw malformed("message '" + message.id() + "' started while message '" + messageId + "' was still open", null);
        }
        messageId = message.id();
        usage = message.usage();
        stopReason = message.stopReason();
        copyResultFields(message.extras());
        sink.accept(new StreamPart.StreamStart(warnings, message.id(), message.model().isEmpty() ? null : message.model()));
        // Some streams (programmatic tool calling) carry finished blocks in message_start itself.
        int index = -1;
        for (WireBlock block : message.content()) {
            OpenBlock open = openBlock("start" + index--, block, sink);
            open.onStop(sink);
        }
    }

    private void copyResultFields(ObjectNode fields) {
        fields.properties().forEach(field -> {
            if (ResponseMapper.RESULT_METADATA.contains(field.getKey()) && !field.getValue().isNull()) {
                resultFields.set(field.getKey(), field.getValue().deepCopy());
            }
        });
    }

    private void open(int index, WireBlock block, Consumer<StreamPart> sink) {
        blocks.put(index, openBlock(String.valueOf(index), block, sink));
    }

    private OpenBlock openBlock(String id, WireBlock block, Consumer<StreamPart> sink) {
        OpenBlock open;
        if (block instanceof WireBlock.Text text) {
            open = new TextBlock(id);
            sink.accept(new StreamPart.TextStart(id, PartMapper.metadata(text.extras())));
            open.append(text.text(), sink);
        } else if (block instanceof WireBlock.Thinking thinking) {
            open = new ReasoningBlock(id, thinking.signature(), null);
            sink.accept(new StreamPart.ReasoningStart(id, ProviderMetadata.empty()));
            open.append(thinking.thinking(), sink);
        } else if (block instanceof WireBlock.RedactedThinking redacted) {
            open = new ReasoningBlock(id, "", redacted.data());
            sink.accept(new StreamPart.ReasoningStart(id, ((ReasoningBlock) open).metadata()));
        } else if (block instanceof WireBlock.ToolUse use && use.name().equals(jsonToolName)) {
            jsonAnswered = true;
            open = new JsonAnswerBlock(id, use.input());
            sink.accept(new StreamPart.TextStart(id, ProviderMetadata.empty()));
        } else if (block instanceof WireBlock.ToolUse use) {
            toolCalled = true;
            open = new ToolBlock(use);
            sink.accept(new StreamPart.ToolInputStart(use.id(), use.name()));
        } else {
            open = new ProviderBlock(block.toJson());
        }
        return open;
    }

    private OpenBlock block(int index, String event) {
        OpenBlock block = blocks.get(index);
        if (block == null) {
            throw malformed(event + " for content block " + index + ", which is not open", null);
        }
        return block;
    }

    @Override
    public void onEnd(Consumer<StreamPart> sink) {
        if (!finished) {
            throw new StreamInterruptedException("the Anthropic stream ended after " + events
                    + " events without message_stop", details);
        }
    }

    private UnexpectedResponseException malformed(String message, @Nullable Throwable cause) {
        return new UnexpectedResponseException("Anthropic stream: " + message, details, cause);
    }

    /** A content block between its start and stop. */
    private abstract class OpenBlock {
        void append(String text, Consumer<StreamPart> sink) {
        }

        void onDelta(WireEvent.Delta delta, Consumer<StreamPart> sink) {
            // Unknown or mismatched deltas carry nothing this block can hold; newer APIs add types.
        }

        abstract void onStop(Consumer<StreamPart> sink);
    }

    private final class TextBlock extends OpenBlock {
        private final String id;
        private final ArrayNode citations = AnthropicJson.NODES.arrayNode();

        TextBlock(String id) {
            this.id = id;
        }

        @Override
        void append(String text, Consumer<StreamPart> sink) {
            if (!text.isEmpty()) {
                sink.accept(new StreamPart.TextDelta(id, text));
            }
        }

        @Override
        void onDelta(WireEvent.Delta delta, Consumer<StreamPart> sink) {
            if (delta.type().equals(WireEvent.Delta.TEXT)) {
                append(delta.text("text"), sink);
            } else if (delta.type().equals(WireEvent.Delta.CITATIONS) && delta.raw().hasNonNull("citation")) {
                citations.add(delta.raw().get("citation").deepCopy());
            }
        }

        @Override
        void onStop(Consumer<StreamPart> sink) {
            ObjectNode extras = AnthropicJson.object();
            if (!citations.isEmpty()) {
                extras.set("citations", citations);
            }
            sink.accept(new StreamPart.TextEnd(id, PartMapper.metadata(extras)));
        }
    }

    private final class ReasoningBlock extends OpenBlock {
        private final String id;
        private String signature;
        private final @Nullable String redactedData;

        ReasoningBlock(String id, String signature, @Nullable String redactedData) {
            this.id = id;
            this.signature = signature;
            this.redactedData = redactedData;
        }

        ProviderMetadata metadata() {
            ObjectNode extras = AnthropicJson.object();
            if (redactedData != null) {
                extras.put("data", redactedData);
            } else {
                extras.put("signature", signature);
            }
            return PartMapper.metadata(extras);
        }

        @Override
        void append(String text, Consumer<StreamPart> sink) {
            if (!text.isEmpty()) {
                sink.accept(new StreamPart.ReasoningDelta(id, text, ProviderMetadata.empty()));
            }
        }

        @Override
        void onDelta(WireEvent.Delta delta, Consumer<StreamPart> sink) {
            if (delta.type().equals(WireEvent.Delta.THINKING)) {
                append(delta.text("thinking"), sink);
            } else if (delta.type().equals(WireEvent.Delta.SIGNATURE)) {
                signature = signature + delta.text("signature");
                sink.accept(new StreamPart.ReasoningDelta(id, "", ProviderMetadata.empty()
                        .with(PartMapper.PROVIDER, "signature", delta.text("signature"))));
            }
        }

        @Override
        void onStop(Consumer<StreamPart> sink) {
            sink.accept(new StreamPart.ReasoningEnd(id, metadata()));
        }
    }

    /** The synthetic json tool of a JSON response format: its input streams as the answer text. */
    private final class JsonAnswerBlock extends OpenBlock {
        private final String id;
        private final JsonNode startInput;
        private boolean streamed;

        JsonAnswerBlock(String id, JsonNode startInput) {
            this.id = id;
            this.startInput = startInput;
        }

        @Override
        void onDelta(WireEvent.Delta delta, Consumer<StreamPart> sink) {
            String json = delta.text("partial_json");
            if (delta.type().equals(WireEvent.Delta.INPUT_JSON) && !json.isEmpty()) {
                streamed = true;
                sink.accept(new StreamPart.TextDelta(id, json));
            }
        }

        @Override
        void onStop(Consumer<StreamPart> sink) {
            if (!streamed) {
                sink.accept(new StreamPart.TextDelta(id, AnthropicJson.write(startInput)));
            }
            sink.accept(new StreamPart.TextEnd(id, ProviderMetadata.empty()));
        }
    }

    private final class ToolBlock extends OpenBlock {
        private final WireBlock.ToolUse use;
        private final StringBuilder json = new StringBuilder();

        ToolBlock(WireBlock.ToolUse use) {
            this.use = use;
        }

        @Override
        void onDelta(WireEvent.Delta delta, Consumer<StreamPart> sink) {
            String fragment = delta.text("partial_json");
            if (delta.type().equals(WireEvent.Delta.INPUT_JSON) && !fragment.isEmpty()) {
                json.append(fragment);
                sink.accept(new StreamPart.ToolInputDelta(use.id(), fragment));
            }
        }

        @Override
        void onStop(Consumer<StreamPart> sink) {
            // No deltas means the input came whole in content_block_start, or there is none ("{}").
            boolean startHasInput = use.input().isObject() && !use.input().isEmpty();
            String input = json.length() > 0 ? json.toString() : startHasInput ? AnthropicJson.write(use.input()) : "{}";
            if (json.length() == 0 && startHasInput) {
                sink.accept(new StreamPart.ToolInputDelta(use.id(), input));
            }
            sink.accept(new StreamPart.ToolInputEnd(use.id()));
            sink.accept(new StreamPart.ToolCall(use.id(), use.name(), input, PartMapper.metadata(use.extras())));
        }
    }

    /** A block without an SDK counterpart, emitted whole as a provider part when it stops. */
    private final class ProviderBlock extends OpenBlock {
        private final ObjectNode block;
        private final StringBuilder json = new StringBuilder();
        private final StringBuilder content = new StringBuilder();

        ProviderBlock(ObjectNode block) {
            this.block = block;
        }

        @Override
        void onDelta(WireEvent.Delta delta, Consumer<StreamPart> sink) {
            if (delta.type().equals(WireEvent.Delta.INPUT_JSON)) {
                json.append(delta.text("partial_json"));
            } else if (delta.type().equals(WireEvent.Delta.COMPACTION)) {
                content.append(delta.text("content"));
            }
        }

        @Override
        void onStop(Consumer<StreamPart> sink) {
            if (json.length() > 0) {
                try {
                    block.set("input", AnthropicJson.parse(json.toString(), "input"));
                } catch (WireFormatException e) {
                    throw malformed("the input of the '" + block.path("type").asText() + "' block is not JSON", e);
                }
            }
            if (content.length() > 0) {
                block.put("content", content.toString());
            }
            String type = block.path("type").asText();
            sink.accept(new StreamPart.Content(new ProviderPart(PartMapper.PROVIDER, type, block)));
        }
    }
}
