package dev.ditto.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /v1/messages} (and, without {@code max_tokens} and {@code stream}, of
 * {@code POST /v1/messages/count_tokens}).
 *
 * @param model the model id
 * @param maxTokens the output limit, required by Anthropic for messages ({@code null} for count_tokens)
 * @param system the system prompt blocks
 * @param messages the alternating user and assistant turns
 * @param temperature the sampling temperature, or {@code null}
 * @param topP nucleus sampling, or {@code null}
 * @param topK top-k sampling, or {@code null}
 * @param stopSequences the custom stop sequences
 * @param tools the tools offered
 * @param toolChoice the tool choice, or {@code null}
 * @param thinking the extended-thinking configuration, or {@code null}
 * @param metadata the {@code metadata} object, or {@code null}
 * @param stream whether to stream
 * @param extras the other top-level parameters, sent verbatim ({@code service_tier}, {@code container}, ...)
 */
record WireRequest(
        String model,
        @Nullable Integer maxTokens,
        List<WireBlock.Text> system,
        List<Turn> messages,
        @Nullable Double temperature,
        @Nullable Double topP,
        @Nullable Integer topK,
        List<String> stopSequences,
        List<Tool> tools,
        @Nullable ToolChoice toolChoice,
        @Nullable ObjectNode thinking,
        @Nullable ObjectNode metadata,
        boolean stream,
        ObjectNode extras) {

    WireRequest {
        system = List.copyOf(system);
        messages = List.copyOf(messages);
        stopSequences = List.copyOf(stopSequences);
        tools = List.copyOf(tools);
        extras = extras.deepCopy();
    }

    /**
     * One turn of the conversation.
     *
     * @param role {@code user} or {@code assistant}
     * @param content the blocks
     */
    record Turn(String role, List<WireBlock> content) {
        Turn {
            content = List.copyOf(content);
        }

        ObjectNode toJson() {
            ObjectNode json = AnthropicJson.object().put("role", role);
            ArrayNode blocks = json.putArray("content");
            content.forEach(block -> blocks.add(block.toJson()));
            return json;
        }
    }

    /**
     * A tool: a custom tool ({@code type} absent or {@code custom}) with an input schema, or a
     * server or client tool of Anthropic's, such as {@code web_search_20250305}.
     *
     * @param type the tool type, {@code null} for a custom tool
     * @param name the name the model calls it by
     * @param description what a custom tool does, or {@code null}
     * @param inputSchema the JSON Schema of a custom tool's input, or {@code null}
     * @param extras the other fields ({@code cache_control}, {@code strict}, {@code max_uses}, ...)
     */
    record Tool(@Nullable String type, String name, @Nullable String description, @Nullable ObjectNode inputSchema,
            ObjectNode extras) {

        static final Set<String> KNOWN = Set.of("type", "name", "description", "input_schema");

        boolean isCustom() {
            return type == null || type.equals("custom");
        }

        ObjectNode toJson() {
            ObjectNode json = AnthropicJson.object();
            if (type != null && !type.equals("custom")) {
                json.put("type", type);
            }
            json.put("name", name);
            if (description != null) {
                json.put("description", description);
            }
            if (inputSchema != null) {
                json.set("input_schema", inputSchema.deepCopy());
            }
            return AnthropicJson.mergeMissing(json, extras);
        }
    }

    /**
     * The tool choice.
     *
     * @param type {@code auto}, {@code any}, {@code tool} or {@code none}
     * @param name the tool for {@code tool}, else {@code null}
     * @param disableParallelToolUse whether to allow at most one tool call, or {@code null}
     */
    record ToolChoice(String type, @Nullable String name, @Nullable Boolean disableParallelToolUse) {
        ObjectNode toJson() {
            ObjectNode json = AnthropicJson.object().put("type", type);
            if (name != null) {
                json.put("name", name);
            }
            if (disableParallelToolUse != null) {
                json.put("disable_parallel_tool_use", disableParallelToolUse);
            }
            return json;
        }
    }

    ObjectNode toJson() {
        ObjectNode json = AnthropicJson.object().put("model", model);
        if (maxTokens != null) {
            json.put("max_tokens", maxTokens);
        }
        writeSystem(json);
        ArrayNode turns = json.putArray("messages");
        messages.forEach(turn -> turns.add(turn.toJson()));
        putIfSet(json, "temperature", temperature);
        putIfSet(json, "top_p", topP);
        if (topK != null) {
            json.put("top_k", topK);
        }
        if (!stopSequences.isEmpty()) {
            ArrayNode stops = json.putArray("stop_sequences");
            stopSequences.forEach(stops::add);
        }
        if (!tools.isEmpty()) {
            ArrayNode array = json.putArray("tools");
            tools.forEach(tool -> array.add(tool.toJson()));
        }
        if (toolChoice != null) {
            json.set("tool_choice", toolChoice.toJson());
        }
        if (thinking != null) {
            json.set("thinking", thinking.deepCopy());
        }
        if (metadata != null && !metadata.isEmpty()) {
            json.set("metadata", metadata.deepCopy());
        }
        if (stream) {
            json.put("stream", true);
        }
        return AnthropicJson.mergeMissing(json, extras);
    }

    private void writeSystem(ObjectNode json) {
        if (system.isEmpty()) {
            return;
        }
        if (system.size() == 1 && system.get(0).extras().isEmpty()) {
            json.put("system", system.get(0).text());
            return;
        }
        ArrayNode blocks = json.putArray("system");
        system.forEach(block -> blocks.add(block.toJson()));
    }

    private static void putIfSet(ObjectNode json, String field, @Nullable Double value) {
        if (value != null) {
            json.put(field, value);
        }
    }

    /** Reads the system prompt: a string or an array of text blocks. */
    static List<WireBlock.Text> readSystem(@Nullable JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        List<WireBlock.Text> texts = new ArrayList<>();
        List<WireBlock> blocks = WireBlock.readList(node, path);
        for (int i = 0; i < blocks.size(); i++) {
            if (!(blocks.get(i) instanceof WireBlock.Text text)) {
                throw new WireFormatException(path + "[" + i + "].type", "must be 'text' in a system prompt but was '"
                        + blocks.get(i).type() + "'");
            }
            texts.add(text);
        }
        return texts;
    }
}
