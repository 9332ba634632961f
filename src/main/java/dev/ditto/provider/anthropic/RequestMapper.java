package dev.ditto.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.InvalidRequestException;
import dev.ditto.sdk.LanguageModelRequest;
import dev.ditto.sdk.ReasoningEffort;
import dev.ditto.sdk.ResponseFormat;
import dev.ditto.sdk.Warning;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Maps a provider-neutral request to the body of {@code POST /v1/messages}, collecting a
 * {@link Warning} for every setting Anthropic cannot honour. Stateless.
 */
final class RequestMapper {

    /** Provider option: a raw {@code thinking} object, sent as is. */
    static final String OPTION_THINKING = "thinking";
    /** Provider option: extra {@code anthropic-beta} values, a string array. */
    static final String OPTION_BETAS = "betas";
    /** Provider option: {@code jsonTool} (default) or {@code outputFormat} for JSON Schema answers. */
    static final String OPTION_STRUCTURED_OUTPUT_MODE = "structuredOutputMode";
    static final String MODE_JSON_TOOL = "jsonTool";
    static final String MODE_OUTPUT_FORMAT = "outputFormat";
    /** Provider options copied verbatim into the body: Anthropic parameters without an SDK name. */
    static final Set<String> PASSTHROUGH = Set.of("service_tier", "container", "context_management", "mcp_servers",
            "output_config", "output_format", "inference_geo", "cache_control", "speed", "diagnostics");
    private static final String METADATA = "metadata";
    private static final int MIN_THINKING_BUDGET = 1024;
    private static final Map<ReasoningEffort, Integer> EFFORT_BUDGETS = Map.of(ReasoningEffort.MINIMAL, 1024,
            ReasoningEffort.LOW, 2048, ReasoningEffort.MEDIUM, 8192, ReasoningEffort.HIGH, 16384,
            ReasoningEffort.XHIGH, 32768);

    private RequestMapper() {
    }

    /**
     * The body to send and what the response decoder needs to know about it.
     *
     * @param body the request
     * @param warnings what was dropped or approximated
     * @param betas the {@code anthropic-beta} values the request needs
     * @param jsonToolName the synthetic tool carrying a JSON answer, or {@code null}
     */
    record Mapped(WireRequest body, List<Warning> warnings, Set<String> betas, @Nullable String jsonToolName) {
    }

    static Mapped map(LanguageModelRequest request, String model, int defaultMaxTokens, boolean stream) {
        List<Warning> warnings = new ArrayList<>();
        ObjectNode options = request.providerOptions(PartMapper.PROVIDER).orElseGet(AnthropicJson::object);
        PromptMapper.Prompt prompt = PromptMapper.toWire(request.messages(), warnings);
        if (prompt.turns().isEmpty()) {
            throw new InvalidRequestException("Anthropic needs at least one user or assistant message besides the"
                    + " system prompt", ErrorDetails.of(PartMapper.PROVIDER, model));
        }
        unsupported(request, warnings);
        ObjectNode thinking = thinking(request, options, warnings);
        boolean thinkingOn = thinking != null && "enabled".equals(thinking.path("type").asText());
        int budget = thinkingOn ? thinking.path("budget_tokens").asInt(0) : 0;
        Integer maxTokens = maxTokens(request.maxOutputTokens(), budget, defaultMaxTokens, warnings);

        ObjectNode extras = AnthropicJson.object();
        boolean outputFormat = structuredOutput(request.responseFormat(), options, extras, warnings);
        ResponseFormat jsonFormat = outputFormat || request.responseFormat() instanceof ResponseFormat.Text
                ? null : request.responseFormat();
        ToolMapper.Tools tools = ToolMapper.map(request.tools(), request.toolChoice(), request.parallelToolCalls(),
                jsonFormat, !thinkingOn, warnings, model);
        Set<String> betas = betas(options, warnings);
        ObjectNode metadata = metadata(request, options, warnings);
        passthrough(options, extras, warnings);

        WireRequest body = new WireRequest(model, maxTokens, prompt.system(), prompt.turns(),
                thinkingOn ? dropped("temperature", request.temperature(), warnings) : temperature(request.temperature(), warnings),
                thinkingOn ? topPWhileThinking(request.topP(), warnings) : request.topP(),
                thinkingOn ? dropped("topK", request.topK(), warnings) : request.topK(),
                request.stopSequences(), tools.tools(), tools.choice(), thinking, metadata, stream, extras);
        return new Mapped(body, List.copyOf(warnings), betas, tools.jsonToolName());
    }

    private static void unsupported(LanguageModelRequest request, List<Warning> warnings) {
        if (request.seed() != null) {
            warnings.add(Warning.unsupportedSetting("seed", "Anthropic has no seed; it was not sent"));
        }
        if (request.presencePenalty() != null) {
            warnings.add(Warning.unsupportedSetting("presencePenalty", "Anthropic has no presence penalty; it was not sent"));
        }
        if (request.frequencyPenalty() != null) {
            warnings.add(Warning.unsupportedSetting("frequencyPenalty", "Anthropic has no frequency penalty; it was not sent"));
        }
    }

    private static @Nullable ObjectNode thinking(LanguageModelRequest request, ObjectNode options, List<Warning> warnings) {
        JsonNode raw = options.get(OPTION_THINKING);
        if (raw != null && raw.isObject()) {
            return (ObjectNode) raw;
        }
        Integer budget = request.reasoningBudgetTokens();
        ReasoningEffort effort = request.reasoningEffort();
        if (budget == null && effort != null && effort != ReasoningEffort.NONE) {
            budget = EFFORT_BUDGETS.get(effort);
            warnings.add(Warning.approximated("reasoningEffort", "Anthropic takes a thinking budget; reasoning effort "
                    + effort.wireName() + " was sent as budget_tokens " + budget));
        }
        if (effort == ReasoningEffort.NONE || (budget != null && budget == 0)) {
            return AnthropicJson.object().put("type", "disabled");
        }
        if (budget == null) {
            return null;
        }
        if (budget < MIN_THINKING_BUDGET) {
            warnings.add(Warning.approximated("reasoningBudgetTokens", "Anthropic's smallest thinking budget is "
                    + MIN_THINKING_BUDGET + "; " + budget + " was raised to it"));
            budget = MIN_THINKING_BUDGET;
        }
        return AnthropicJson.object().put("type", "enabled").put("budget_tokens", budget);
    }

    private static Integer maxTokens(@Nullable Integer requested, int budget, int defaultMaxTokens, List<Warning> warnings) {
        if (requested == null) {
            int value = defaultMaxTokens + budget;
            warnings.add(Warning.approximated("maxOutputTokens", "Anthropic requires max_tokens; sent " + value
                    + (budget > 0 ? " (the default " + defaultMaxTokens + " plus the thinking budget " + budget + ")"
                            : " (the default)")));
            return value;
        }
        if (budget > 0 && requested <= budget) {
            int value = budget + defaultMaxTokens;
            warnings.add(Warning.approximated("maxOutputTokens", "max_tokens must exceed the thinking budget " + budget
                    + "; " + requested + " was raised to " + value));
            return value;
        }
        return requested;
    }

    private static @Nullable Double temperature(@Nullable Double value, List<Warning> warnings) {
        if (value != null && value > 1.0) {
            warnings.add(Warning.approximated("temperature", "Anthropic's temperature is at most 1; " + value
                    + " was sent as 1.0"));
            return 1.0;
        }
        return value;
    }

    private static <T> @Nullable T dropped(String setting, @Nullable T value, List<Warning> warnings) {
        if (value != null) {
            warnings.add(Warning.unsupportedSetting(setting, "Anthropic does not take " + setting
                    + " while extended thinking is on; it was not sent"));
        }
        return null;
    }

    private static @Nullable Double topPWhileThinking(@Nullable Double topP, List<Warning> warnings) {
        if (topP != null && topP < 0.95) {
            warnings.add(Warning.unsupportedSetting("topP", "Anthropic takes top_p only from 0.95 while extended"
                    + " thinking is on; " + topP + " was not sent"));
            return null;
        }
        return topP;
    }

    /** Returns whether a JSON Schema answer goes in {@code output_config.format} instead of the json tool. */
    private static boolean structuredOutput(@Nullable ResponseFormat format, ObjectNode options, ObjectNode extras,
            List<Warning> warnings) {
        String mode = options.path(OPTION_STRUCTURED_OUTPUT_MODE).asText(MODE_JSON_TOOL);
        if (!mode.equals(MODE_JSON_TOOL) && !mode.equals(MODE_OUTPUT_FORMAT)) {
            warnings.add(Warning.unsupportedSetting(OPTION_STRUCTURED_OUTPUT_MODE, "unknown structured output mode '"
                    + mode + "'; used " + MODE_JSON_TOOL));
            return false;
        }
        if (!(format instanceof ResponseFormat.JsonSchema schema) || !mode.equals(MODE_OUTPUT_FORMAT)) {
            return false;
        }
        if (options.has("output_format")) {
            return true; // the caller's legacy output_format (beta) carries the schema already
        }
        JsonNode given = options.get("output_config");
        ObjectNode outputConfig = given != null && given.isObject() ? (ObjectNode) given.deepCopy() : AnthropicJson.object();
        outputConfig.putObject("format").put("type", "json_schema").set("schema", schema.schema());
        extras.set("output_config", outputConfig);
        return true;
    }

    private static Set<String> betas(ObjectNode options, List<Warning> warnings) {
        Set<String> betas = new LinkedHashSet<>();
        JsonNode given = options.get(OPTION_BETAS);
        if (given == null) {
            return betas;
        }
        if (!given.isArray()) {
            warnings.add(Warning.unsupportedSetting(OPTION_BETAS, "providerOptions.anthropic.betas must be an array of"
                    + " strings; it was ignored"));
            return betas;
        }
        given.forEach(value -> betas.add(value.asText()));
        return betas;
    }

    private static @Nullable ObjectNode metadata(LanguageModelRequest request, ObjectNode options, List<Warning> warnings) {
        JsonNode given = options.get(METADATA);
        ObjectNode metadata = given != null && given.isObject() ? (ObjectNode) given.deepCopy() : AnthropicJson.object();
        if (request.user() != null && !metadata.has("user_id")) {
            metadata.put("user_id", request.user());
        }
        if (!request.metadata().isEmpty()) {
            warnings.add(Warning.unsupportedSetting("metadata", "Anthropic metadata holds only user_id; the tags "
                    + request.metadata().keySet() + " were not sent"));
        }
        return metadata.isEmpty() ? null : metadata;
    }

    private static void passthrough(ObjectNode options, ObjectNode extras, List<Warning> warnings) {
        for (Map.Entry<String, JsonNode> option : options.properties()) {
            String name = option.getKey();
            if (PASSTHROUGH.contains(name)) {
                if (!extras.has(name)) {
                    extras.set(name, option.getValue().deepCopy());
                }
            } else if (!name.equals(OPTION_THINKING) && !name.equals(OPTION_BETAS) && !name.equals(METADATA)
                    && !name.equals(OPTION_STRUCTURED_OUTPUT_MODE)) {
                warnings.add(Warning.unsupportedSetting("providerOptions.anthropic." + name,
                        "unknown Anthropic provider option '" + name + "'; it was not sent"));
            }
        }
    }
}
