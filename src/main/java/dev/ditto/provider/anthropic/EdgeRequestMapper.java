package dev.ditto.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.InvalidRequestException;
import dev.ditto.sdk.LanguageModelRequest;
import dev.ditto.sdk.LanguageModelRequestBuilder;
import dev.ditto.sdk.ReasoningEffort;
import dev.ditto.sdk.ResponseFormat;
import dev.ditto.sdk.Warning;
import dev.ditto.sdk.tool.Tool;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Maps a request in Anthropic's format, as a client sent it to the gateway, to a provider-neutral
 * request. Rejects unknown and invalid parameters with an {@link InvalidRequestException} naming
 * them. Stateless.
 *
 * <p>Parameters without an SDK name go to the {@code anthropic} provider options under their wire
 * names, so a request routed to Anthropic goes out as it came in.
 */
final class EdgeRequestMapper {

    private static final Set<String> MESSAGES_PARAMS = union(Set.of("model", "messages", "max_tokens", "system",
            "metadata", "stop_sequences", "stream", "temperature", "top_k", "top_p", "tools", "tool_choice", "thinking"),
            RequestMapper.PASSTHROUGH);
    /** What {@code POST /v1/messages/count_tokens} accepts. */
    static final Set<String> COUNT_TOKENS_PARAMS = Set.of("model", "messages", "system", "tools", "tool_choice",
            "thinking", "mcp_servers", "context_management", "output_config", "output_format", "cache_control", "speed");
    private static final Set<String> THINKING_TYPES = Set.of("enabled", "disabled", "adaptive");
    private static final String JSON_SCHEMA_NAME = "response";
    private static final String OUTPUT_CONFIG = "output_config";

    private EdgeRequestMapper() {
    }

    static AnthropicEdgeCodec.DecodedRequest decode(ObjectNode body, boolean countTokens, List<String> betas) {
        try {
            return decodeChecked(body, countTokens, betas);
        } catch (WireFormatException e) {
            throw invalid(e.getMessage(), e);
        }
    }

    private static AnthropicEdgeCodec.DecodedRequest decodeChecked(ObjectNode body, boolean countTokens, List<String> betas) {
        Set<String> allowed = countTokens ? COUNT_TOKENS_PARAMS : MESSAGES_PARAMS;
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            if (!allowed.contains(field.getKey())) {
                throw invalid(field.getKey() + ": unknown parameter" + (countTokens ? " for count_tokens" : ""), null);
            }
        }
        String model = AnthropicJson.requireText(body, "model", "").strip();
        if (model.isEmpty()) {
            throw invalid("model: must not be blank", null);
        }
        Integer maxTokens = maxTokens(body, countTokens);
        List<Warning> warnings = new ArrayList<>();
        LanguageModelRequestBuilder builder = LanguageModelRequest.builder();
        set("messages", () -> builder.messages(PromptMapper.fromWire(
                WireRequest.readSystem(body.get("system"), "system"), turns(body.get("messages")), warnings)));
        set("max_tokens", () -> builder.maxOutputTokens(maxTokens));
        sampling(body, builder);
        set("tools", () -> builder.tools(tools(body.get("tools"))));
        toolChoice(body.get("tool_choice"), builder);
        metadata(body.get("metadata"), builder);
        ObjectNode options = providerOptions(body, builder, betas);
        if (!options.isEmpty()) {
            builder.providerOptions(PartMapper.PROVIDER, options);
        }
        Boolean stream = AnthropicJson.optionalBoolean(body, "stream", "");
        try {
            return new AnthropicEdgeCodec.DecodedRequest(builder.build(), model, Boolean.TRUE.equals(stream), warnings);
        } catch (IllegalStateException e) {
            throw invalid("tool_choice: " + e.getMessage(), e);
        }
    }

    private static @Nullable Integer maxTokens(ObjectNode body, boolean countTokens) {
        Long maxTokens = AnthropicJson.optionalLong(body, "max_tokens", "");
        if (!countTokens && (maxTokens == null || maxTokens < 1 || maxTokens > Integer.MAX_VALUE)) {
            throw invalid("max_tokens: required, a positive integer, but was " + AnthropicJson.describe(body.get("max_tokens")), null);
        }
        return maxTokens == null ? null : maxTokens.intValue();
    }

    /** Collects what Anthropic takes verbatim: thinking it has no SDK name for, passthrough parameters, betas. */
    private static ObjectNode providerOptions(ObjectNode body, LanguageModelRequestBuilder builder, List<String> betas) {
        ObjectNode options = AnthropicJson.object();
        thinking(body.get("thinking"), builder, options);
        structuredOutput(body, builder, options);
        for (String name : RequestMapper.PASSTHROUGH) {
            if (body.hasNonNull(name) && !name.equals(OUTPUT_CONFIG)) {
                options.set(name, body.get(name).deepCopy());
            }
        }
        if (!betas.isEmpty()) {
            ArrayNode array = options.putArray(RequestMapper.OPTION_BETAS);
            betas.forEach(array::add);
        }
        return options;
    }

    private static List<WireRequest.Turn> turns(@Nullable JsonNode node) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw new WireFormatException("messages", "required, a non-empty array, but was " + AnthropicJson.describe(node));
        }
        List<WireRequest.Turn> turns = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String path = "messages[" + i + "]";
            ObjectNode turn = AnthropicJson.requireObject(node.get(i), path);
            turns.add(new WireRequest.Turn(AnthropicJson.requireText(turn, "role", path),
                    WireBlock.readList(turn.get("content"), path + ".content")));
        }
        return turns;
    }

    private static void sampling(ObjectNode body, LanguageModelRequestBuilder builder) {
        Double temperature = AnthropicJson.optionalDouble(body, "temperature", "");
        if (temperature != null && (temperature < 0 || temperature > 1)) {
            throw invalid("temperature: must be in [0, 1] but was " + temperature, null);
        }
        builder.temperature(temperature);
        Double topP = AnthropicJson.optionalDouble(body, "top_p", "");
        set("top_p", () -> builder.topP(topP));
        Long topK = AnthropicJson.optionalLong(body, "top_k", "");
        set("top_k", () -> builder.topK(topK == null ? null : (int) Math.min(topK, Integer.MAX_VALUE)));
        JsonNode stops = body.get("stop_sequences");
        if (stops != null && !stops.isNull()) {
            List<String> values = new ArrayList<>();
            if (!stops.isArray()) {
                throw invalid("stop_sequences: must be an array of strings", null);
            }
            for (JsonNode stop : stops) {
                if (!stop.isTextual()) {
                    throw invalid("stop_sequences: must be an array of strings", null);
                }
                values.add(stop.asText());
            }
            set("stop_sequences", () -> builder.stopSequences(values));
        }
    }

    private static List<Tool> tools(@Nullable JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new WireFormatException("tools", "must be an array");
        }
        List<Tool> tools = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String path = "tools[" + i + "]";
            ObjectNode json = AnthropicJson.requireObject(node.get(i), path);
            String type = AnthropicJson.optionalText(json, "type", path);
            JsonNode schema = json.get("input_schema");
            WireRequest.Tool tool = new WireRequest.Tool(type, AnthropicJson.requireText(json, "name", path),
                    AnthropicJson.optionalText(json, "description", path),
                    schema == null ? null : AnthropicJson.requireObject(schema, path + ".input_schema"),
                    AnthropicJson.extras(json, WireRequest.Tool.KNOWN));
            if (tool.isCustom() && tool.inputSchema() == null) {
                throw new WireFormatException(path + ".input_schema", "required for a custom tool");
            }
            if (!names.add(tool.name())) {
                throw new WireFormatException(path + ".name", "tool '" + tool.name() + "' appears twice");
            }
            tools.add(ToolMapper.fromWire(tool));
        }
        return tools;
    }

    private static void toolChoice(@Nullable JsonNode node, LanguageModelRequestBuilder builder) {
        if (node == null || node.isNull()) {
            return;
        }
        ObjectNode json = AnthropicJson.requireObject(node, "tool_choice");
        String type = AnthropicJson.requireText(json, "type", "tool_choice");
        if (!ToolMapper.CHOICES.contains(type)) {
            throw invalid("tool_choice.type: must be one of " + ToolMapper.CHOICES + " but was '" + type + "'", null);
        }
        String name = AnthropicJson.optionalText(json, "name", "tool_choice");
        if (type.equals(ToolMapper.TOOL) && (name == null || name.isBlank())) {
            throw invalid("tool_choice.name: required when tool_choice.type is 'tool'", null);
        }
        builder.toolChoice(ToolMapper.fromWire(new WireRequest.ToolChoice(type, name, null)));
        if (Boolean.TRUE.equals(AnthropicJson.optionalBoolean(json, "disable_parallel_tool_use", "tool_choice"))) {
            builder.parallelToolCalls(false);
        }
    }

    private static void thinking(@Nullable JsonNode node, LanguageModelRequestBuilder builder, ObjectNode options) {
        if (node == null || node.isNull()) {
            return;
        }
        ObjectNode json = AnthropicJson.requireObject(node, "thinking");
        String type = AnthropicJson.requireText(json, "type", "thinking");
        if (!THINKING_TYPES.contains(type)) {
            throw invalid("thinking.type: must be one of " + THINKING_TYPES + " but was '" + type + "'", null);
        }
        if (type.equals("disabled")) {
            builder.reasoningEffort(ReasoningEffort.NONE);
        } else if (type.equals("enabled") && json.size() == 2 && json.has("budget_tokens")) {
            Long budget = AnthropicJson.optionalLong(json, "budget_tokens", "thinking");
            set("thinking.budget_tokens", () -> builder.reasoningBudgetTokens(budget == null ? null : budget.intValue()));
        } else {
            // adaptive thinking, or fields the SDK has no name for: Anthropic gets them verbatim.
            options.set(RequestMapper.OPTION_THINKING, json.deepCopy());
            if (json.hasNonNull("budget_tokens")) {
                Long budget = AnthropicJson.optionalLong(json, "budget_tokens", "thinking");
                set("thinking.budget_tokens", () -> builder.reasoningBudgetTokens(budget == null ? null : budget.intValue()));
            }
        }
    }

    private static void metadata(@Nullable JsonNode node, LanguageModelRequestBuilder builder) {
        if (node == null || node.isNull()) {
            return;
        }
        ObjectNode json = AnthropicJson.requireObject(node, "metadata");
        for (Map.Entry<String, JsonNode> field : json.properties()) {
            if (!field.getKey().equals("user_id")) {
                throw invalid("metadata." + field.getKey() + ": unknown parameter", null);
            }
        }
        String user = AnthropicJson.optionalText(json, "user_id", "metadata");
        set("metadata.user_id", () -> builder.user(user));
    }

    /**
     * {@code output_config.format} and the older {@code output_format} are the JSON Schema
     * response format; the rest of {@code output_config} ({@code effort}) goes to Anthropic as is.
     */
    private static void structuredOutput(ObjectNode body, LanguageModelRequestBuilder builder, ObjectNode options) {
        JsonNode config = body.get(OUTPUT_CONFIG);
        ObjectNode rest = config == null || config.isNull() ? AnthropicJson.object()
                : AnthropicJson.requireObject(config, OUTPUT_CONFIG).deepCopy();
        JsonNode legacy = body.get("output_format");
        boolean isLegacy = legacy != null && !legacy.isNull();
        JsonNode format = isLegacy ? legacy : rest.remove("format");
        if (!rest.isEmpty()) {
            options.set(OUTPUT_CONFIG, rest);
        }
        if (format == null || format.isNull()) {
            return;
        }
        String path = isLegacy ? "output_format" : "output_config.format";
        ObjectNode json = AnthropicJson.requireObject(format, path);
        String type = AnthropicJson.requireText(json, "type", path);
        if (!type.equals("json_schema")) {
            throw invalid(path + ".type: must be 'json_schema' but was '" + type + "'", null);
        }
        ObjectNode schema = AnthropicJson.requireObject(json.get("schema"), path + ".schema");
        builder.responseFormat(ResponseFormat.jsonSchema(JSON_SCHEMA_NAME, schema));
        options.put(RequestMapper.OPTION_STRUCTURED_OUTPUT_MODE, RequestMapper.MODE_OUTPUT_FORMAT);
    }

    /** Runs a builder call, turning its validation failure into an error that names the parameter. */
    private static void set(String param, Runnable call) {
        try {
            call.run();
        } catch (IllegalArgumentException e) {
            throw invalid(param + ": " + e.getMessage(), e);
        }
    }

    static InvalidRequestException invalid(String message, @Nullable Throwable cause) {
        return new InvalidRequestException(message, ErrorDetails.empty(), cause);
    }

    private static <T> Set<T> union(Set<T> a, Set<T> b) {
        Set<T> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
