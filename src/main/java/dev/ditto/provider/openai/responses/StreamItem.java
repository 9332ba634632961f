package dev.ditto.provider.openai.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.StreamPart;
import dev.ditto.sdk.message.ProviderMetadata;
import dev.ditto.sdk.message.ReasoningPart;
import dev.ditto.sdk.message.TextPart;
import dev.ditto.sdk.message.ToolCallPart;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The decoding state of one output item of a Responses stream, from
 * {@code response.output_item.added} to {@code response.output_item.done}. Items are keyed by
 * {@code output_index}, not by item id, because some servers (GitHub Copilot) send a new item id
 * on every event. Not thread-safe; one stream decoder owns its items.
 */
sealed interface StreamItem permits StreamItem.Message, StreamItem.Reasoning, StreamItem.FunctionCall, StreamItem.Other {

    /**
     * Ends the item with its final form from {@code response.output_item.done}.
     *
     * @param item the final item
     * @param sink receives the closing parts
     */
    void done(JsonNode item, Consumer<StreamPart> sink);

    /**
     * Ends an item whose {@code output_item.done} never came before the response finished.
     *
     * @param sink receives the closing parts
     */
    void abandon(Consumer<StreamPart> sink);

    /**
     * Starts tracking an item.
     *
     * @param item the item as {@code output_item.added} announced it
     * @param declaredTools the request's function tool names
     * @param sink receives the opening parts
     * @return the item's state
     */
    static StreamItem added(JsonNode item, Set<String> declaredTools, Consumer<StreamPart> sink) {
        return switch (Json.text(item, "type", "")) {
            case OutputItems.MESSAGE -> new Message(item);
            case OutputItems.REASONING -> new Reasoning(Json.text(item, "id", "rs_unknown"), sink);
            case OutputItems.FUNCTION_CALL -> new FunctionCall(item, declaredTools, sink);
            default -> new Other();
        };
    }

    /** A {@code message}: one text block per content part. */
    final class Message implements StreamItem {

        private final JsonNode added;
        private final String itemId;
        private int openIndex = -1;
        private boolean refusal;
        private boolean any;

        Message(JsonNode added) {
            this.added = added;
            this.itemId = Json.text(added, "id", "msg_unknown");
        }

        void partAdded(int contentIndex, JsonNode part, Consumer<StreamPart> sink) {
            close(sink, part);
            open(contentIndex, OutputItems.REFUSAL.equals(Json.text(part, "type")), sink);
        }

        void delta(int contentIndex, String delta, boolean isRefusal, Consumer<StreamPart> sink) {
            if (openIndex != contentIndex) {
                close(sink, Json.object());
                open(contentIndex, isRefusal, sink);
            }
            sink.accept(new StreamPart.TextDelta(blockId(contentIndex), delta));
        }

        void partDone(int contentIndex, JsonNode part, Consumer<StreamPart> sink) {
            if (openIndex == contentIndex) {
                close(sink, part);
            }
        }

        @Override
        public void done(JsonNode item, Consumer<StreamPart> sink) {
            close(sink, item.path("content").path(Math.max(openIndex, 0)));
            if (any) {
                return;
            }
            // Servers that send the whole message only in output_item.done still get a text block.
            List<TextPart> parts = OutputItems.message(item);
            for (int i = 0; i < parts.size(); i++) {
                TextPart part = parts.get(i);
                sink.accept(new StreamPart.TextStart(blockId(i), part.providerMetadata()));
                sink.accept(new StreamPart.TextDelta(blockId(i), part.text()));
                sink.accept(new StreamPart.TextEnd(blockId(i), part.providerMetadata()));
            }
        }

        @Override
        public void abandon(Consumer<StreamPart> sink) {
            close(sink, Json.object());
        }

        private void open(int contentIndex, boolean isRefusal, Consumer<StreamPart> sink) {
            openIndex = contentIndex;
            refusal = isRefusal;
            any = true;
            sink.accept(new StreamPart.TextStart(blockId(contentIndex), metadata(Json.object())));
        }

        private void close(Consumer<StreamPart> sink, JsonNode part) {
            if (openIndex >= 0) {
                sink.accept(new StreamPart.TextEnd(blockId(openIndex), metadata(part)));
                openIndex = -1;
            }
        }

        private ProviderMetadata metadata(JsonNode part) {
            ObjectNode content = part.isObject() ? ((ObjectNode) part).deepCopy() : Json.object();
            if (refusal) {
                content.put("type", OutputItems.REFUSAL);
            }
            return OutputItems.textMetadata(added, content);
        }

        private String blockId(int contentIndex) {
            return contentIndex == 0 ? itemId : itemId + ":" + contentIndex;
        }
    }

    /** A {@code reasoning} item: one reasoning block per summary part. */
    final class Reasoning implements StreamItem {

        private final String itemId;
        private int open;
        private boolean streamed;

        Reasoning(String itemId, Consumer<StreamPart> sink) {
            this.itemId = itemId;
            sink.accept(new StreamPart.ReasoningStart(blockId(0), OutputItems.itemMetadata(itemId)));
        }

        void summaryPart(int index, Consumer<StreamPart> sink) {
            switchTo(index, sink);
        }

        void delta(int index, String delta, Consumer<StreamPart> sink) {
            switchTo(index, sink);
            textDelta(delta, sink);
        }

        void textDelta(String delta, Consumer<StreamPart> sink) {
            streamed = true;
            sink.accept(new StreamPart.ReasoningDelta(blockId(open), delta, ProviderMetadata.empty()));
        }

        @Override
        public void done(JsonNode item, Consumer<StreamPart> sink) {
            if (!streamed) {
                List<ReasoningPart> parts = OutputItems.reasoning(item);
                for (int i = 0; i < parts.size(); i++) {
                    if (!parts.get(i).text().isEmpty()) {
                        delta(i, parts.get(i).text(), sink);
                    }
                }
            }
            ObjectNode meta = Json.object().put(OpenAiKeys.ITEM_ID, Json.text(item, "id", itemId));
            String encrypted = Json.text(item, "encrypted_content");
            if (encrypted != null) {
                meta.put(OpenAiKeys.ENCRYPTED_CONTENT, encrypted);
            }
            sink.accept(new StreamPart.ReasoningEnd(blockId(open), ProviderMetadata.of(OpenAiKeys.PROVIDER, meta)));
        }

        @Override
        public void abandon(Consumer<StreamPart> sink) {
            sink.accept(new StreamPart.ReasoningEnd(blockId(open), OutputItems.itemMetadata(itemId)));
        }

        private void switchTo(int index, Consumer<StreamPart> sink) {
            if (index != open) {
                sink.accept(new StreamPart.ReasoningEnd(blockId(open), OutputItems.itemMetadata(itemId)));
                sink.accept(new StreamPart.ReasoningStart(blockId(index), OutputItems.itemMetadata(itemId)));
                open = index;
            }
        }

        private String blockId(int summaryIndex) {
            return itemId + ":" + summaryIndex;
        }
    }

    /**
     * A {@code function_call}: its argument deltas become tool input deltas. A possible
     * {@link ParallelWrapper} is held back until its arguments are complete.
     */
    final class FunctionCall implements StreamItem {

        private final String callId;
        private final String name;
        private final Set<String> declaredTools;
        private final boolean deferred;
        private final StringBuilder arguments = new StringBuilder();

        FunctionCall(JsonNode item, Set<String> declaredTools, Consumer<StreamPart> sink) {
            this.callId = OutputItems.callId(item);
            this.name = Json.text(item, "name", "");
            this.declaredTools = declaredTools;
            this.deferred = ParallelWrapper.isCandidate(name, declaredTools);
            if (!deferred) {
                sink.accept(new StreamPart.ToolInputStart(callId, name));
            }
        }

        void delta(String delta, Consumer<StreamPart> sink) {
            arguments.append(delta);
            if (!deferred) {
                sink.accept(new StreamPart.ToolInputDelta(callId, delta));
            }
        }

        @Override
        public void done(JsonNode item, Consumer<StreamPart> sink) {
            String finalArguments = Json.text(item, "arguments", arguments.toString());
            if (deferred) {
                Optional<List<ToolCallPart>> calls = ParallelWrapper.expand(name, callId, finalArguments, declaredTools);
                if (calls.isPresent()) {
                    calls.get().forEach(call -> emitWhole(call, sink));
                    return;
                }
                sink.accept(new StreamPart.ToolInputStart(callId, name));
            }
            if (deferred || arguments.length() == 0 && !finalArguments.isEmpty()) {
                sink.accept(new StreamPart.ToolInputDelta(callId, finalArguments));
            }
            sink.accept(new StreamPart.ToolInputEnd(callId));
            String finalCallId = Json.text(item, "call_id");
            sink.accept(new StreamPart.ToolCall(finalCallId == null || finalCallId.isBlank() ? callId : finalCallId,
                    Json.text(item, "name", name), finalArguments, OutputItems.functionCallMetadata(item)));
        }

        @Override
        public void abandon(Consumer<StreamPart> sink) {
            done(Json.object(), sink);
        }

        private static void emitWhole(ToolCallPart call, Consumer<StreamPart> sink) {
            sink.accept(new StreamPart.ToolInputStart(call.toolCallId(), call.toolName()));
            sink.accept(new StreamPart.ToolInputDelta(call.toolCallId(), call.arguments()));
            sink.accept(new StreamPart.ToolInputEnd(call.toolCallId()));
            sink.accept(new StreamPart.ToolCall(call.toolCallId(), call.toolName(), call.arguments(),
                    call.providerMetadata()));
        }
    }

    /** Any other item, such as a built-in tool call: passed on whole when done. */
    final class Other implements StreamItem {

        @Override
        public void done(JsonNode item, Consumer<StreamPart> sink) {
            sink.accept(new StreamPart.Content(OutputItems.providerPart(item)));
        }

        @Override
        public void abandon(Consumer<StreamPart> sink) {
            // An unfinished built-in tool item has no final form to pass on.
        }
    }
}
