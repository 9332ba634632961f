package dev.ditto.provider.openai.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.LanguageModelRequest;
import dev.ditto.sdk.LanguageModelRequestBuilder;
import dev.ditto.sdk.ReasoningEffort;
import dev.ditto.sdk.ResponseFormat;
import dev.ditto.sdk.message.Message;
import dev.ditto.sdk.message.ProviderMetadata;
import dev.ditto.sdk.message.SystemMessage;
import dev.ditto.sdk.tool.FunctionTool;
import dev.ditto.sdk.tool.ProviderDefinedTool;
import dev.ditto.sdk.tool.Tool;
import dev.ditto.sdk.tool.ToolChoice;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Decodes a {@code POST /v1/responses} body into a {@link LanguageModelRequest}. Every documented
 * parameter is accepted: those with a unified name are mapped, the Responses-only ones travel in
 * the {@code openai} provider options under their wire names (what the adapter sends back
 * verbatim), and an unknown or invalid parameter is rejected with an
 * {@link InvalidParameterException} naming it. Stateless.
 */
final class ResponsesRequestDecoder {

    private static final Set<String> MAPPED = Set.of("model", "input", "instructions", "tools", "tool_choice", "text",
            "reasoning", "temperature", "top_p", "max_output_tokens", "parallel_tool_calls", "user", "metadata",
            "stream", "stream_options");
    private static final Set<String> MODES = Set.of("auto", "none", "required");
    private static final List<String> FUNCTION_FIELDS = List.of("type", "name", "description", "parameters", "strict");
    private static final Pattern TOOL_TYPE = Pattern.compile("[A-Za-z0-9_.-]+");

    private ResponsesRequestDecoder() {
    }

    /**
     * Decodes a request body.
     *
     * @param body the JSON body
     * @return the decoded request
     * @throws InvalidParameterException if a parameter is unknown, missing or invalid
     */
    static OpenAiResponsesEdgeCodec.DecodedRequest decode(ObjectNode body) {
        for (String field : fieldNames(body)) {
            if (!MAPPED.contains(field) && !ResponsesRequestMapper.PASSTHROUGH.contains(field)) {
                throw InvalidParameterException.unknown(field);
            }
        }
        String model = Json.text(body, "model");
        if (model == null || model.isBlank()) {
            throw InvalidParameterException.missing("model");
        }
        ObjectNode options = Json.object();
        LanguageModelRequestBuilder builder = LanguageModelRequest.builder();
        set("input", () -> builder.messages(messages(body)));
        tools(body.path("tools"), builder);
        set("tool_choice", () -> toolChoice(body.path("tool_choice"), options, builder));
        text(body.path("text"), options, builder);
        reasoning(body.path("reasoning"), options, builder);
        sampling(body, builder);
        for (String field : ResponsesRequestMapper.PASSTHROUGH) {
            // instructions and tool_choice are mapped above; the adapter also takes them as options.
            if (!MAPPED.contains(field) && Json.has(body, field)) {
                options.set(field, body.get(field).deepCopy());
            }
        }
        if (!options.isEmpty()) {
            builder.providerOptions(OpenAiKeys.PROVIDER, options);
        }
        LanguageModelRequest request;
        try {
            request = builder.build();
        } catch (IllegalStateException e) {
            String param = e.getMessage() != null && e.getMessage().contains("toolChoice") ? "tool_choice" : "input";
            throw new InvalidParameterException(param, "Invalid value for '" + param + "': " + e.getMessage(), e);
        }
        return new OpenAiResponsesEdgeCodec.DecodedRequest(request, model, bool(body, "stream", false), streamOptions(body.path("stream_options")));
    }

    private static List<String> fieldNames(ObjectNode body) {
        List<String> names = new ArrayList<>();
        body.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<Message> messages(ObjectNode body) {
        List<Message> messages = new ArrayList<>();
        JsonNode instructions = body.path("instructions");
        if (instructions.isTextual()) {
            messages.add(new SystemMessage(instructions.asText(),
                    ProviderMetadata.of(OpenAiKeys.PROVIDER, Json.object().put(OpenAiKeys.INSTRUCTIONS, true))));
        } else if (!instructions.isMissingNode() && !instructions.isNull()) {
            throw InvalidParameterException.invalid("instructions", "a string");
        }
        messages.addAll(ResponsesInputDecoder.decode(body.path("input")));
        if (messages.isEmpty()) {
            throw new InvalidParameterException("input", "'input' must hold at least one item, or give 'instructions'.");
        }
        return messages;
    }

    private static void tools(JsonNode tools, LanguageModelRequestBuilder builder) {
        if (tools.isMissingNode() || tools.isNull()) {
            return;
        }
        if (!tools.isArray()) {
            throw InvalidParameterException.invalid("tools", "an array");
        }
        Set<String> names = new HashSet<>();
        List<Tool> decoded = new ArrayList<>();
        for (int i = 0; i < tools.size(); i++) {
            decoded.add(tool(tools.get(i), "tools[" + i + "]", names));
        }
        set("tools", () -> builder.tools(decoded));
    }

    private static Tool tool(JsonNode tool, String path, Set<String> names) {
        String type = Json.text(tool, "type");
        if (type == null || !TOOL_TYPE.matcher(type).matches()) {
            throw InvalidParameterException.invalid(path + ".type", "a tool type such as 'function' or 'web_search'");
        }
        if (type.equals("function")) {
            String name = Json.text(tool, "name");
            if (name == null || name.isBlank() || !names.add(name)) {
                throw InvalidParameterException.invalid(path + ".name", "a unique function name");
            }
            JsonNode parameters = tool.path("parameters");
            if (!parameters.isObject()) {
                parameters = Json.object().put("type", "object").set("properties", Json.object());
            }
            // The Responses API makes function tools strict unless told otherwise.
            boolean strict = !tool.has("strict") || tool.get("strict").asBoolean(false);
            ObjectNode extra = ((ObjectNode) tool).deepCopy();
            extra.remove(FUNCTION_FIELDS);
            ProviderMetadata meta = extra.isEmpty() ? ProviderMetadata.empty()
                    : ProviderMetadata.empty().with(OpenAiKeys.PROVIDER, OpenAiKeys.EXTRA, extra);
            return new FunctionTool(name, Json.text(tool, "description"), parameters, strict, meta);
        }
        String base = Json.text(tool, "mcp".equals(type) ? "server_label" : "name", type);
        String name = base;
        for (int n = 2; !names.add(name); n++) {
            name = base + "_" + n;
        }
        return new ProviderDefinedTool(OpenAiKeys.PROVIDER + "." + type, name, (ObjectNode) tool.deepCopy());
    }

    /**
     * Maps {@code tool_choice}; a choice with no unified form (allowed tools, hosted tools that
     * were not declared) also travels verbatim in the provider options.
     */
    private static void toolChoice(JsonNode choice, ObjectNode options, LanguageModelRequestBuilder builder) {
        if (choice.isMissingNode() || choice.isNull()) {
            return;
        }
        if (choice.isTextual() && MODES.contains(choice.asText())) {
            builder.toolChoice(ToolChoice.Mode.valueOf(choice.asText().toUpperCase(Locale.ROOT)));
            return;
        }
        String type = Json.text(choice, "type");
        if (type == null) {
            throw InvalidParameterException.invalid("tool_choice", "'auto', 'none', 'required' or a tool choice object");
        }
        if (type.equals("function") || type.equals("custom")) {
            String name = Json.text(choice, "name");
            if (name == null) {
                throw InvalidParameterException.missing("tool_choice.name");
            }
            builder.toolChoice(ToolChoice.tool(name));
            return;
        }
        // Hosted tools, MCP servers and allowed-tool lists have no unified form: keep the original
        // for OpenAI upstreams, and the nearest mode for the others.
        options.set("tool_choice", choice.deepCopy());
        String mode = type.equals("allowed_tools") ? Json.text(choice, "mode", "auto") : "required";
        builder.toolChoice(mode.equals("required") ? ToolChoice.required() : ToolChoice.auto());
    }

    private static void text(JsonNode text, ObjectNode options, LanguageModelRequestBuilder builder) {
        if (text.isMissingNode() || text.isNull()) {
            return;
        }
        if (!text.isObject()) {
            throw InvalidParameterException.invalid("text", "an object");
        }
        ObjectNode rest = ((ObjectNode) text).deepCopy();
        JsonNode format = rest.remove("format");
        if (format != null && !format.isNull()) {
            builder.responseFormat(responseFormat(format));
        }
        if (!rest.isEmpty()) {
            options.set("text", rest);
        }
    }

    private static ResponseFormat responseFormat(JsonNode format) {
        String type = Json.text(format, "type", "");
        switch (type) {
            case "text":
                return ResponseFormat.text();
            case "json_object":
                return ResponseFormat.json();
            case "json_schema":
                String name = Json.text(format, "name");
                JsonNode schema = format.path("schema");
                if (name == null || name.isBlank()) {
                    throw InvalidParameterException.missing("text.format.name");
                }
                if (!schema.isObject()) {
                    throw InvalidParameterException.invalid("text.format.schema", "a JSON Schema object");
                }
                return new ResponseFormat.JsonSchema(name, Json.text(format, "description"), schema,
                        format.path("strict").asBoolean(false));
            default:
                throw InvalidParameterException.invalid("text.format.type", "'text', 'json_object' or 'json_schema'");
        }
    }

    private static void reasoning(JsonNode reasoning, ObjectNode options, LanguageModelRequestBuilder builder) {
        if (reasoning.isMissingNode() || reasoning.isNull()) {
            return;
        }
        if (!reasoning.isObject()) {
            throw InvalidParameterException.invalid("reasoning", "an object");
        }
        ObjectNode rest = ((ObjectNode) reasoning).deepCopy();
        JsonNode effort = rest.remove("effort");
        if (effort != null && !effort.isNull()) {
            builder.reasoningEffort(effort(effort));
        }
        if (!rest.isEmpty()) {
            options.set("reasoning", rest);
        }
    }

    private static ReasoningEffort effort(JsonNode effort) {
        for (ReasoningEffort value : ReasoningEffort.values()) {
            if (value.wireName().equals(effort.asText())) {
                return value;
            }
        }
        throw InvalidParameterException.invalid("reasoning.effort", "'none', 'minimal', 'low', 'medium', 'high' or 'xhigh'");
    }

    private static void sampling(ObjectNode body, LanguageModelRequestBuilder builder) {
        number(body, "temperature", value -> builder.temperature(value));
        number(body, "top_p", value -> builder.topP(value));
        if (Json.has(body, "max_output_tokens")) {
            JsonNode max = body.get("max_output_tokens");
            if (!max.canConvertToInt() || !max.isIntegralNumber()) {
                throw InvalidParameterException.invalid("max_output_tokens", "an integer");
            }
            set("max_output_tokens", () -> builder.maxOutputTokens(max.intValue()));
        }
        if (Json.has(body, "parallel_tool_calls")) {
            builder.parallelToolCalls(bool(body, "parallel_tool_calls", true));
        }
        if (Json.has(body, "user")) {
            String user = Json.text(body, "user");
            if (user == null) {
                throw InvalidParameterException.invalid("user", "a string");
            }
            set("user", () -> builder.user(user));
        }
        metadata(body.path("metadata"), builder);
    }

    private static void metadata(JsonNode metadata, LanguageModelRequestBuilder builder) {
        if (metadata.isMissingNode() || metadata.isNull()) {
            return;
        }
        if (!metadata.isObject()) {
            throw InvalidParameterException.invalid("metadata", "an object of strings");
        }
        for (Map.Entry<String, JsonNode> entry : metadata.properties()) {
            if (!entry.getValue().isTextual()) {
                throw InvalidParameterException.invalid("metadata." + entry.getKey(), "a string");
            }
            builder.metadata(entry.getKey(), entry.getValue().asText());
        }
    }

    private static void number(ObjectNode body, String field, Consumer<Double> setter) {
        if (!Json.has(body, field)) {
            return;
        }
        if (!body.get(field).isNumber()) {
            throw InvalidParameterException.invalid(field, "a number");
        }
        set(field, () -> setter.accept(body.get(field).asDouble()));
    }

    private static boolean bool(ObjectNode body, String field, boolean fallback) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw InvalidParameterException.invalid(field, "a boolean");
        }
        return value.asBoolean();
    }

    private static boolean streamOptions(JsonNode options) {
        if (options.isMissingNode() || options.isNull()) {
            return true;
        }
        if (!options.isObject()) {
            throw InvalidParameterException.invalid("stream_options", "an object");
        }
        for (String field : fieldNames((ObjectNode) options)) {
            if (!field.equals("include_obfuscation")) {
                throw InvalidParameterException.unknown("stream_options." + field);
            }
        }
        return bool((ObjectNode) options, "include_obfuscation", true);
    }

    /** Runs a builder setter, turning its validation failure into a rejection of {@code param}. */
    private static void set(String param, Runnable setter) {
        try {
            setter.run();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new InvalidParameterException(param, "Invalid value for '" + param + "': " + e.getMessage(), e);
        }
    }
}
