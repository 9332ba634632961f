package dev.ditto.provider.openai.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.LanguageModelRequest;
import dev.ditto.sdk.ResponseFormat;
import dev.ditto.sdk.Warning;
import dev.ditto.sdk.tool.FunctionTool;
import dev.ditto.sdk.tool.ProviderDefinedTool;
import dev.ditto.sdk.tool.Tool;
import dev.ditto.sdk.tool.ToolChoice;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Maps a {@link LanguageModelRequest} to a {@code POST /v1/responses} body. Stateless.
 *
 * <p>Settings the Responses API lacks ({@code topK}, {@code seed}, stop sequences, penalties, a
 * reasoning token budget) are dropped with a warning. The {@code openai} provider options hold
 * Responses parameters that have no common name, under their wire names: {@link #PASSTHROUGH}
 * keys are copied into the body as given (and win over mapped values), {@code text} and
 * {@code reasoning} objects are merged into the mapped ones, and any other key is dropped with a
 * warning.
 */
final class ResponsesRequestMapper {

    /** Provider options copied into the body verbatim. */
    static final Set<String> PASSTHROUGH = Set.of("access_programs", "background", "context_management",
            "conversation", "image", "include", "instructions", "max_tool_calls", "moderation", "previous_response_id",
            "prompt", "prompt_cache_key", "prompt_cache_options", "prompt_cache_retention", "safety_identifier",
            "service_tier", "store", "tool_choice", "top_logprobs", "truncation");

    /** Provider options merged into the objects the mapper builds. */
    static final Set<String> MERGED = Set.of("text", "reasoning");

    private static final String STREAM_OPTIONS = "stream_options";

    /**
     * A mapped request.
     *
     * @param body the request body
     * @param warnings what was dropped or approximated
     * @param functionTools the names of the function tools sent
     */
    record Mapped(ObjectNode body, List<Warning> warnings, Set<String> functionTools) {
    }

    private ResponsesRequestMapper() {
    }

    /**
     * Maps a request.
     *
     * @param modelId the model to call
     * @param request the request
     * @param stream whether to ask for a stream
     * @return the body and warnings
     */
    static Mapped map(String modelId, LanguageModelRequest request, boolean stream) {
        List<Warning> warnings = new ArrayList<>();
        ObjectNode body = Json.object().put("model", modelId);
        ResponsesInputMapper.Input input = ResponsesInputMapper.map(request.messages(), warnings);
        body.set("input", input.items());
        if (input.instructions() != null) {
            body.put("instructions", input.instructions());
        }
        Set<String> functionTools = tools(request, body, warnings);
        toolChoice(request, body, warnings);
        responseFormat(request.responseFormat(), body);
        if (request.reasoningEffort() != null) {
            body.putObject("reasoning").put("effort", request.reasoningEffort().wireName());
        }
        sampling(request, body);
        unsupported(request, warnings);
        if (stream) {
            body.put("stream", true);
        }
        options(request.providerOptions(OpenAiKeys.PROVIDER).orElse(null), stream, body, warnings);
        return new Mapped(body, List.copyOf(warnings), Set.copyOf(functionTools));
    }

    private static Set<String> tools(LanguageModelRequest request, ObjectNode body, List<Warning> warnings) {
        Set<String> functionTools = new LinkedHashSet<>();
        ArrayNode tools = Json.array();
        for (Tool tool : request.tools()) {
            if (tool instanceof FunctionTool function) {
                functionTools.add(function.name());
                tools.add(functionTool(function));
            } else if (tool instanceof ProviderDefinedTool provided && isOpenAi(provided)) {
                tools.add(providerTool(provided));
            } else {
                warnings.add(new Warning(Warning.Type.UNSUPPORTED_TOOL, tool.name(),
                        "the OpenAI Responses API cannot run the " + ((ProviderDefinedTool) tool).provider()
                                + " tool '" + tool.name() + "'; it was not sent"));
            }
        }
        if (!tools.isEmpty()) {
            body.set("tools", tools);
        }
        return functionTools;
    }

    static ObjectNode functionTool(FunctionTool function) {
        ObjectNode json = Json.object().put("type", "function").put("name", function.name());
        if (function.description() != null) {
            json.put("description", function.description());
        }
        json.set("parameters", function.parameters());
        json.put("strict", function.strict());
        function.providerMetadata().get(OpenAiKeys.PROVIDER, OpenAiKeys.EXTRA).filter(JsonNode::isObject)
                .ifPresent(extra -> extra.properties().forEach(field -> json.putIfAbsent(field.getKey(), field.getValue())));
        return json;
    }

    /** Returns a built-in tool's JSON: its settings, with {@code type} from the id when they lack one. */
    static ObjectNode providerTool(ProviderDefinedTool tool) {
        ObjectNode args = tool.args();
        String type = Json.text(args, "type", wireType(tool));
        ObjectNode json = Json.object().put("type", type);
        args.remove("type");
        if (type.equals("custom") && !args.has("name")) {
            json.put("name", tool.name());
        }
        return json.setAll(args);
    }

    static String wireType(ProviderDefinedTool tool) {
        return tool.id().substring(tool.id().indexOf('.') + 1);
    }

    private static void toolChoice(LanguageModelRequest request, ObjectNode body, List<Warning> warnings) {
        ToolChoice choice = request.toolChoice();
        if (choice instanceof ToolChoice.Mode mode) {
            body.put("tool_choice", mode.name().toLowerCase(Locale.ROOT));
        } else if (choice instanceof ToolChoice.Named named) {
            Tool tool = request.tools().stream().filter(t -> t.name().equals(named.toolName())).findFirst().orElseThrow();
            if (tool instanceof FunctionTool) {
                body.putObject("tool_choice").put("type", "function").put("name", named.toolName());
            } else if (tool instanceof ProviderDefinedTool provided && isOpenAi(provided)) {
                body.set("tool_choice", namedProviderTool(provided));
            } else {
                warnings.add(Warning.unsupportedSetting("toolChoice", "the tool choice names the "
                        + ((ProviderDefinedTool) tool).provider() + " tool '" + named.toolName() + "', which was not sent"));
            }
        }
    }

    private static ObjectNode namedProviderTool(ProviderDefinedTool tool) {
        ObjectNode json = providerTool(tool);
        String type = Json.text(json, "type", "");
        ObjectNode choice = Json.object().put("type", type);
        if (type.equals("custom")) {
            choice.put("name", Json.text(json, "name", tool.name()));
        } else if (type.equals("mcp") && Json.has(json, "server_label")) {
            choice.set("server_label", json.get("server_label"));
        }
        return choice;
    }

    private static void responseFormat(@Nullable ResponseFormat format, ObjectNode body) {
        if (format == null) {
            return;
        }
        ObjectNode json = body.putObject("text").putObject("format");
        if (format instanceof ResponseFormat.Text) {
            json.put("type", "text");
        } else if (format instanceof ResponseFormat.Json) {
            json.put("type", "json_object");
        } else if (format instanceof ResponseFormat.JsonSchema schema) {
            json.put("type", "json_schema").put("name", schema.name());
            if (schema.description() != null) {
                json.put("description", schema.description());
            }
            json.set("schema", schema.schema());
            json.put("strict", schema.strict());
        }
    }

    private static void sampling(LanguageModelRequest request, ObjectNode body) {
        if (request.temperature() != null) {
            body.put("temperature", request.temperature());
        }
        if (request.topP() != null) {
            body.put("top_p", request.topP());
        }
        if (request.maxOutputTokens() != null) {
            body.put("max_output_tokens", request.maxOutputTokens());
        }
        if (request.parallelToolCalls() != null) {
            body.put("parallel_tool_calls", request.parallelToolCalls());
        }
        if (request.user() != null) {
            body.put("user", request.user());
        }
        if (!request.metadata().isEmpty()) {
            ObjectNode metadata = body.putObject("metadata");
            request.metadata().forEach(metadata::put);
        }
    }

    private static void unsupported(LanguageModelRequest request, List<Warning> warnings) {
        Map<String, @Nullable Object> settings = new LinkedHashMap<>();
        settings.put("topK", request.topK());
        settings.put("seed", request.seed());
        settings.put("stopSequences", request.stopSequences().isEmpty() ? null : request.stopSequences());
        settings.put("presencePenalty", request.presencePenalty());
        settings.put("frequencyPenalty", request.frequencyPenalty());
        settings.put("reasoningBudgetTokens", request.reasoningBudgetTokens());
        settings.forEach((name, value) -> {
            if (value != null) {
                warnings.add(Warning.unsupportedSetting(name, "the OpenAI Responses API has no " + name
                        + "; the value " + value + " was not sent"));
            }
        });
    }

    private static void options(@Nullable ObjectNode options, boolean stream, ObjectNode body, List<Warning> warnings) {
        if (options == null) {
            return;
        }
        for (Map.Entry<String, JsonNode> option : options.properties()) {
            String key = option.getKey();
            JsonNode value = option.getValue();
            if (PASSTHROUGH.contains(key)) {
                body.set(key, value);
            } else if (MERGED.contains(key) && value.isObject()) {
                JsonNode target = body.get(key);
                (target instanceof ObjectNode object ? object : body.putObject(key)).setAll((ObjectNode) value);
            } else if (key.equals(STREAM_OPTIONS) && stream) {
                body.set(key, value);
            } else if (!key.equals(STREAM_OPTIONS)) {
                warnings.add(Warning.unsupportedSetting("providerOptions.openai." + key,
                        "the OpenAI Responses API has no parameter '" + key + "'; it was not sent"));
            }
        }
    }

    private static boolean isOpenAi(ProviderDefinedTool tool) {
        return OpenAiKeys.PROVIDER.equals(tool.provider());
    }
}
