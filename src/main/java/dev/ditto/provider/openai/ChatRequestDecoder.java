package dev.ditto.provider.openai;

import static dev.ditto.provider.openai.EdgeParams.bool;
import static dev.ditto.provider.openai.EdgeParams.intValue;
import static dev.ditto.provider.openai.EdgeParams.integer;
import static dev.ditto.provider.openai.EdgeParams.invalid;
import static dev.ditto.provider.openai.EdgeParams.number;
import static dev.ditto.provider.openai.EdgeParams.requireString;
import static dev.ditto.provider.openai.EdgeParams.set;
import static dev.ditto.provider.openai.EdgeParams.string;
import static dev.ditto.provider.openai.EdgeParams.value;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.LanguageModelRequest;
import dev.ditto.sdk.LanguageModelRequestBuilder;
import dev.ditto.sdk.ReasoningEffort;
import dev.ditto.sdk.ResponseFormat;
import dev.ditto.sdk.tool.FunctionTool;
import dev.ditto.sdk.tool.ProviderDefinedTool;
import dev.ditto.sdk.tool.Tool;
import dev.ditto.sdk.tool.ToolChoice;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Decodes a client's Chat Completions request body into a unified request, rejecting what OpenAI
 * would reject: unknown fields, wrong types, out-of-range values and {@code n} other than 1.
 * Every documented field is accepted; those without a unified name are kept, as sent, in
 * {@code providerOptions} under {@code openai}, so that an OpenAI upstream receives them.
 */
final class ChatRequestDecoder {

    /** Documented fields that travel as OpenAI provider options. */
    private static final Set<String> PASSTHROUGH = Set.of("audio", "logit_bias", "logprobs", "modalities",
            "prediction", "prompt_cache_key", "prompt_cache_retention", "safety_identifier", "service_tier", "store",
            "top_logprobs", "verbosity", "web_search_options");

    /** Every field the decoder knows: OpenAI's documented ones, plus {@code top_k} that compatible servers take. */
    private static final Set<String> KNOWN = union(PASSTHROUGH, Set.of("model", "messages", "frequency_penalty",
            "function_call", "functions", "max_completion_tokens", "max_tokens", "metadata", "n", "parallel_tool_calls",
            "presence_penalty", "reasoning_effort", "response_format", "seed", "stop", "stream", "stream_options",
            "temperature", "tool_choice", "tools", "top_p", "top_k", "user"));

    private static final Set<String> STREAM_OPTIONS = Set.of("include_usage", "include_obfuscation");

    private ChatRequestDecoder() {
    }

    static OpenAiChatEdgeRequest decode(ObjectNode body) {
        EdgeParams.rejectUnknown(body, KNOWN, "");
        String model = requireString(body, "model", "model");
        ArrayNode messages = EdgeParams.array(body, "messages", "messages");
        if (messages == null) {
            throw EdgeParams.missing("messages");
        }
        requireSingleChoice(body);
        LanguageModelRequestBuilder b = LanguageModelRequest.builder();
        b.messages(new ChatMessageDecoder().decode(messages));
        sampling(body, b);
        tools(body, b);
        formats(body, b);
        ObjectNode openAi = passthrough(body);
        if (!openAi.isEmpty()) {
            b.providerOptions(OpenAiProvider.NAME, openAi);
        }
        boolean stream = Boolean.TRUE.equals(bool(body, "stream", "stream"));
        boolean includeUsage = streamOptions(body, stream);
        try {
            return new OpenAiChatEdgeRequest(b.build(), model, stream, includeUsage);
        } catch (IllegalStateException e) {
            // The builder's cross-field checks concern the tool choice (messages were checked above).
            throw invalid("tool_choice", String.valueOf(e.getMessage()), e);
        }
    }

    private static void requireSingleChoice(ObjectNode body) {
        Long n = integer(body, "n");
        if (n != null && n != 1) {
            throw invalid("n", "Only n=1 is supported, but n=" + n + " was requested");
        }
    }

    /** The sampling fields Chat shares with legacy completions; fields absent from the body are skipped. */
    static void sampling(ObjectNode body, LanguageModelRequestBuilder b) {
        Double temperature = number(body, "temperature");
        set("temperature", () -> b.temperature(temperature));
        Double topP = number(body, "top_p");
        set("top_p", () -> b.topP(topP));
        Integer topK = intValue(body, "top_k");
        set("top_k", () -> b.topK(topK));
        Integer maxCompletion = intValue(body, "max_completion_tokens");
        Integer maxTokens = intValue(body, "max_tokens");
        String maxParam = maxCompletion != null ? "max_completion_tokens" : "max_tokens";
        set(maxParam, () -> b.maxOutputTokens(maxCompletion != null ? maxCompletion : maxTokens));
        set("stop", () -> b.stopSequences(stop(value(body, "stop"))));
        Long seed = integer(body, "seed");
        b.seed(seed);
        Double presence = number(body, "presence_penalty");
        set("presence_penalty", () -> b.presencePenalty(presence));
        Double frequency = number(body, "frequency_penalty");
        set("frequency_penalty", () -> b.frequencyPenalty(frequency));
        String user = string(body, "user", "user");
        set("user", () -> b.user(user));
        ObjectNode metadata = EdgeParams.object(body, "metadata", "metadata");
        if (metadata != null) {
            metadata.properties().forEach(entry -> {
                if (!entry.getValue().isTextual()) {
                    throw invalid("metadata." + entry.getKey(), "metadata values must be strings");
                }
                b.metadata(entry.getKey(), entry.getValue().asText());
            });
        }
    }

    private static List<String> stop(@Nullable JsonNode stop) {
        if (stop == null) {
            return List.of();
        }
        if (stop.isTextual()) {
            return List.of(stop.asText());
        }
        if (!stop.isArray()) {
            throw invalid("stop", "'stop' must be a string or an array of strings");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode value : stop) {
            if (!value.isTextual()) {
                throw invalid("stop", "'stop' must be a string or an array of strings");
            }
            values.add(value.asText());
        }
        return values;
    }

    private static void tools(ObjectNode body, LanguageModelRequestBuilder b) {
        List<Tool> tools = new ArrayList<>();
        ArrayNode wireTools = EdgeParams.array(body, "tools", "tools");
        for (int i = 0; wireTools != null && i < wireTools.size(); i++) {
            tools.add(tool(wireTools.get(i), "tools[" + i + "]"));
        }
        ArrayNode functions = EdgeParams.array(body, "functions", "functions");
        for (int i = 0; functions != null && i < functions.size(); i++) {
            tools.add(function(EdgeParams.requireObject(functions.get(i), "functions[" + i + "]"), "functions[" + i + "]"));
        }
        set("tools", () -> b.tools(tools));
        JsonNode choice = value(body, "tool_choice");
        if (choice != null) {
            b.toolChoice(toolChoice(choice));
        } else if (value(body, "function_call") != null) {
            b.toolChoice(functionCallChoice(value(body, "function_call")));
        }
        Boolean parallel = bool(body, "parallel_tool_calls", "parallel_tool_calls");
        b.parallelToolCalls(parallel);
    }

    private static Tool tool(JsonNode node, String param) {
        ObjectNode tool = EdgeParams.requireObject(node, param);
        String type = requireString(tool, "type", param + ".type");
        if (type.equals("custom")) {
            ObjectNode custom = EdgeParams.object(tool, "custom", param + ".custom");
            if (custom == null) {
                throw EdgeParams.missing(param + ".custom");
            }
            return new ProviderDefinedTool("openai.custom", requireString(custom, "name", param + ".custom.name"), custom);
        }
        if (!type.equals("function")) {
            throw invalid(param + ".type", "tool type must be 'function' or 'custom', not '" + type + "'");
        }
        ObjectNode function = EdgeParams.object(tool, "function", param + ".function");
        if (function == null) {
            throw EdgeParams.missing(param + ".function");
        }
        return function(function, param + ".function");
    }

    private static FunctionTool function(ObjectNode function, String param) {
        String name = requireString(function, "name", param + ".name");
        String description = string(function, "description", param + ".description");
        ObjectNode parameters = EdgeParams.object(function, "parameters", param + ".parameters");
        Boolean strict = bool(function, "strict", param + ".strict");
        ObjectNode schema = parameters != null ? parameters : WireJson.MAPPER.createObjectNode().put("type", "object");
        try {
            return FunctionTool.of(name, description, schema).withStrict(Boolean.TRUE.equals(strict));
        } catch (IllegalArgumentException e) {
            throw invalid(param, e.getMessage(), e);
        }
    }

    private static ToolChoice toolChoice(JsonNode choice) {
        if (choice.isTextual()) {
            return mode(choice.asText(), "tool_choice");
        }
        ObjectNode named = EdgeParams.requireObject(choice, "tool_choice");
        String type = requireString(named, "type", "tool_choice.type");
        switch (type) {
            case "function": {
                ObjectNode function = EdgeParams.object(named, "function", "tool_choice.function");
                return ToolChoice.tool(requireString(function == null ? named : function, "name", "tool_choice.function.name"));
            }
            case "custom": {
                ObjectNode custom = EdgeParams.object(named, "custom", "tool_choice.custom");
                return ToolChoice.tool(requireString(custom == null ? named : custom, "name", "tool_choice.custom.name"));
            }
            case "allowed_tools": {
                // The restriction itself only exists at OpenAI: keep it for an OpenAI upstream.
                ObjectNode allowed = EdgeParams.object(named, "allowed_tools", "tool_choice.allowed_tools");
                String mode = allowed == null ? "auto" : string(allowed, "mode", "tool_choice.allowed_tools.mode");
                return mode(mode == null ? "auto" : mode, "tool_choice.allowed_tools.mode");
            }
            default:
                throw invalid("tool_choice.type", "tool_choice type must be function, custom or allowed_tools, not '"
                        + type + "'");
        }
    }

    private static ToolChoice functionCallChoice(JsonNode choice) {
        if (choice.isTextual()) {
            return mode(choice.asText(), "function_call");
        }
        return ToolChoice.tool(requireString(EdgeParams.requireObject(choice, "function_call"), "name", "function_call.name"));
    }

    private static ToolChoice mode(String mode, String param) {
        return switch (mode) {
            case "auto" -> ToolChoice.auto();
            case "none" -> ToolChoice.none();
            case "required" -> ToolChoice.required();
            default -> throw invalid(param, "Invalid value '" + mode + "'; expected none, auto or required");
        };
    }

    private static void formats(ObjectNode body, LanguageModelRequestBuilder b) {
        ObjectNode format = EdgeParams.object(body, "response_format", "response_format");
        if (format != null) {
            b.responseFormat(responseFormat(format));
        }
        String effort = string(body, "reasoning_effort", "reasoning_effort");
        if (effort != null) {
            try {
                b.reasoningEffort(ReasoningEffort.valueOf(effort.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw invalid("reasoning_effort", "Invalid value '" + effort
                        + "'; expected none, minimal, low, medium, high or xhigh", e);
            }
        }
    }

    private static ResponseFormat responseFormat(ObjectNode format) {
        String type = requireString(format, "type", "response_format.type");
        switch (type) {
            case "text":
                return ResponseFormat.text();
            case "json_object":
                return ResponseFormat.json();
            case "json_schema": {
                ObjectNode schema = EdgeParams.object(format, "json_schema", "response_format.json_schema");
                if (schema == null) {
                    throw EdgeParams.missing("response_format.json_schema");
                }
                ObjectNode definition = EdgeParams.object(schema, "schema", "response_format.json_schema.schema");
                try {
                    return new ResponseFormat.JsonSchema(requireString(schema, "name", "response_format.json_schema.name"),
                            string(schema, "description", "response_format.json_schema.description"),
                            definition == null ? WireJson.MAPPER.createObjectNode() : definition,
                            Boolean.TRUE.equals(bool(schema, "strict", "response_format.json_schema.strict")));
                } catch (IllegalArgumentException e) {
                    throw invalid("response_format.json_schema", e.getMessage(), e);
                }
            }
            default:
                throw invalid("response_format.type", "Invalid value '" + type
                        + "'; expected text, json_object or json_schema");
        }
    }

    private static ObjectNode passthrough(ObjectNode body) {
        ObjectNode options = WireJson.MAPPER.createObjectNode();
        for (String field : PASSTHROUGH) {
            JsonNode value = value(body, field);
            if (value != null) {
                options.set(field, value.deepCopy());
            }
        }
        Boolean logprobs = bool(body, "logprobs", "logprobs");
        Integer topLogprobs = intValue(body, "top_logprobs");
        if (topLogprobs != null && (topLogprobs < 0 || topLogprobs > 20)) {
            throw invalid("top_logprobs", "'top_logprobs' must be between 0 and 20 but was " + topLogprobs);
        }
        if (topLogprobs != null && !Boolean.TRUE.equals(logprobs)) {
            throw invalid("top_logprobs", "'top_logprobs' needs 'logprobs' set to true");
        }
        bool(body, "store", "store");
        EdgeParams.object(body, "logit_bias", "logit_bias");
        JsonNode choice = value(body, "tool_choice");
        if (choice != null && choice.isObject() && "allowed_tools".equals(WireJson.text(choice, "type"))) {
            options.set("tool_choice", choice.deepCopy());
        }
        return options;
    }

    /** Reads {@code stream_options}, which only a streamed request may carry: whether usage was asked for. */
    static boolean streamOptions(ObjectNode body, boolean stream) {
        ObjectNode options = EdgeParams.object(body, "stream_options", "stream_options");
        if (options == null) {
            return false;
        }
        if (!stream) {
            throw invalid("stream_options", "The 'stream_options' parameter is only allowed when 'stream' is enabled.");
        }
        EdgeParams.rejectUnknown(options, STREAM_OPTIONS, "stream_options");
        bool(options, "include_obfuscation", "stream_options.include_obfuscation");
        return Boolean.TRUE.equals(bool(options, "include_usage", "stream_options.include_usage"));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
