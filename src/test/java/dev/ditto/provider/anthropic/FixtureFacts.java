package dev.ditto.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.FinishReason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a recorded Anthropic response says, worked out by walking its raw JSON, independently of
 * the adapter: the expectations of the fixture tests.
 *
 * @param id the message id
 * @param text the answer text (with a JSON response format, the synthetic json tool's input)
 * @param reasoning the thinking text
 * @param signature the thinking signature
 * @param toolCalls the client tool calls, in order
 * @param providerBlocks the number of blocks without an SDK counterpart (server tools, results, ...)
 * @param inputTokens input + cache creation + cache read, or {@code null}
 * @param noCacheTokens input_tokens, or {@code null}
 * @param cacheRead cache_read_input_tokens, or {@code null}
 * @param cacheWrite cache_creation_input_tokens, or {@code null}
 * @param outputTokens the last output_tokens, or {@code null}
 * @param stopReason the raw stop reason
 * @param finishReason the unified reason per WIRE-FORMATS.md
 */
record FixtureFacts(
        String id,
        String text,
        String reasoning,
        String signature,
        List<Call> toolCalls,
        int providerBlocks,
        @Nullable Long inputTokens,
        @Nullable Long noCacheTokens,
        @Nullable Long cacheRead,
        @Nullable Long cacheWrite,
        @Nullable Long outputTokens,
        @Nullable String stopReason,
        FinishReason finishReason) {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> SDK_BLOCKS = Set.of("text", "tool_use", "thinking", "redacted_thinking");

    /** A tool call: id, name and the parsed arguments. */
    record Call(String id, String name, JsonNode arguments) {
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A block under construction while walking a stream. */
    private static final class Block {
        final ObjectNode start;
        final StringBuilder text = new StringBuilder();
        final StringBuilder json = new StringBuilder();
        final StringBuilder thinking = new StringBuilder();
        final StringBuilder signature = new StringBuilder();

        Block(ObjectNode start) {
            this.start = start;
            text.append(start.path("text").asText(""));
            thinking.append(start.path("thinking").asText(""));
        }
    }

    /** Facts of one streamed message: the events from its {@code message_start} to its {@code message_stop}. */
    static FixtureFacts ofStream(List<JsonNode> events, boolean jsonMode) {
        JsonNode message = events.get(0).path("message");
        ObjectNode usage = ((ObjectNode) message.path("usage")).deepCopy();
        String stop = message.path("stop_reason").isTextual() ? message.path("stop_reason").asText() : null;
        List<Block> order = new ArrayList<>();
        for (JsonNode content : message.path("content")) {
            order.add(new Block((ObjectNode) content));
        }
        Map<Integer, Block> open = new LinkedHashMap<>();
        for (JsonNode event : events) {
            switch (event.path("type").asText()) {
                case "content_block_start" -> {
                    Block block = new Block((ObjectNode) event.path("content_block"));
                    open.put(event.path("index").asInt(), block);
                    order.add(block);
                }
                case "content_block_delta" -> {
                    Block block = open.get(event.path("index").asInt());
                    JsonNode delta = event.path("delta");
                    block.text.append(delta.path("text").asText(""));
                    block.json.append(delta.path("partial_json").asText(""));
                    block.thinking.append(delta.path("thinking").asText(""));
                    block.signature.append(delta.path("signature").asText(""));
                }
                case "message_delta" -> {
                    if (event.path("delta").path("stop_reason").isTextual()) {
                        stop = event.path("delta").path("stop_reason").asText();
                    }
                    event.path("usage").properties().forEach(field -> usage.set(field.getKey(), field.getValue()));
                }
                default -> { }
            }
        }
        return collect(message.path("id").asText(), order, usage, stop, jsonMode);
    }

    /** Facts of a non-streaming {@code message}. */
    static FixtureFacts ofMessage(JsonNode message, boolean jsonMode) {
        List<Block> order = new ArrayList<>();
        for (JsonNode content : message.path("content")) {
            order.add(new Block((ObjectNode) content));
        }
        String stop = message.path("stop_reason").isTextual() ? message.path("stop_reason").asText() : null;
        return collect(message.path("id").asText(), order, (ObjectNode) message.path("usage"), stop, jsonMode);
    }

    private static FixtureFacts collect(String id, List<Block> blocks, ObjectNode usage, @Nullable String stop,
            boolean jsonMode) {
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        StringBuilder signature = new StringBuilder();
        List<Call> calls = new ArrayList<>();
        int providerBlocks = 0;
        boolean jsonTool = false;
        for (Block block : blocks) {
            String type = block.start.path("type").asText();
            if (type.equals("text")) {
                text.append(block.text);
            } else if (type.equals("thinking")) {
                reasoning.append(block.thinking);
                signature.append(block.start.path("signature").asText("")).append(block.signature);
            } else if (type.equals("tool_use")) {
                JsonNode input = block.json.length() > 0 ? parse(block.json.toString()) : block.start.path("input");
                if (jsonMode && block.start.path("name").asText().equals("json")) {
                    jsonTool = true;
                    text.append(input);
                } else {
                    calls.add(new Call(block.start.path("id").asText(), block.start.path("name").asText(), input));
                }
            } else if (!SDK_BLOCKS.contains(type)) {
                providerBlocks++;
            }
        }
        Long in = count(usage, "input_tokens");
        Long read = count(usage, "cache_read_input_tokens");
        Long write = count(usage, "cache_creation_input_tokens");
        Long total = in == null ? null : in + (read == null ? 0 : read) + (write == null ? 0 : write);
        return new FixtureFacts(id, text.toString(), reasoning.toString(), signature.toString(), calls, providerBlocks,
                total, in, read, write, count(usage, "output_tokens"), stop, unified(stop, jsonTool && calls.isEmpty()));
    }

    private static @Nullable Long count(JsonNode usage, String field) {
        JsonNode value = usage.get(field);
        return value == null || value.isNull() ? null : value.asLong();
    }

    /** The stop_reason table of WIRE-FORMATS.md, written out again so the test does not trust the adapter's. */
    static FinishReason unified(@Nullable String stop, boolean jsonAnswer) {
        if (stop == null) {
            return FinishReason.OTHER;
        }
        return switch (stop) {
            case "end_turn", "stop_sequence", "pause_turn" -> FinishReason.STOP;
            case "tool_use" -> jsonAnswer ? FinishReason.STOP : FinishReason.TOOL_CALLS;
            case "max_tokens", "model_context_window_exceeded" -> FinishReason.LENGTH;
            case "refusal" -> FinishReason.CONTENT_FILTER;
            default -> FinishReason.OTHER;
        };
    }
}
