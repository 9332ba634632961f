package dev.ditto.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.provider.gemini.GeminiOptions.JsonType;
import dev.ditto.provider.gemini.GeminiWire.FunctionCallingConfig;
import dev.ditto.provider.gemini.GeminiWire.FunctionDeclaration;
import dev.ditto.provider.gemini.GeminiWire.GenerateContentRequest;
import dev.ditto.provider.gemini.GeminiWire.GenerationConfig;
import dev.ditto.provider.gemini.GeminiWire.ToolConfig;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.InvalidRequestException;
import dev.ditto.sdk.LanguageModelRequest;
import dev.ditto.sdk.ResponseFormat;
import dev.ditto.sdk.Warning;
import dev.ditto.sdk.tool.FunctionTool;
import dev.ditto.sdk.tool.ProviderDefinedTool;
import dev.ditto.sdk.tool.Tool;
import dev.ditto.sdk.tool.ToolChoice;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Maps a {@link LanguageModelRequest} to the body of {@code generateContent}: conversation
 * (through {@link GeminiContentMapper}), tools and tool choice, generation settings, thinking and
 * the Gemini provider options. Stateless and thread-safe.
 *
 * <p>Provider options under {@code "gemini"}: {@code safetySettings}, {@code cachedContent},
 * {@code labels}, {@code thinkingConfig} and {@code generationConfig} (merged over what the
 * request sets), {@code responseModalities}, {@code mediaResolution}, {@code speechConfig},
 * {@code imageConfig}, {@code audioTimestamp}, {@code responseLogprobs}, {@code logprobs}
 * (copied into {@code generationConfig}), {@code retrievalConfig} (into {@code toolConfig}),
 * {@code streamFunctionCallArguments} (Vertex), and {@code includeRawChunks} (the stream then
 * carries every chunk as a raw part).
 */
final class GeminiRequestMapper {

    static final Map<String, JsonType> OPTIONS = Map.ofEntries(
            Map.entry("safetySettings", JsonType.ARRAY), Map.entry("cachedContent", JsonType.STRING),
            Map.entry("labels", JsonType.OBJECT), Map.entry("thinkingConfig", JsonType.OBJECT),
            Map.entry("generationConfig", JsonType.OBJECT), Map.entry("responseModalities", JsonType.ARRAY),
            Map.entry("mediaResolution", JsonType.STRING), Map.entry("speechConfig", JsonType.OBJECT),
            Map.entry("imageConfig", JsonType.OBJECT), Map.entry("audioTimestamp", JsonType.BOOLEAN),
            Map.entry("responseLogprobs", JsonType.BOOLEAN), Map.entry("logprobs", JsonType.INTEGER),
            Map.entry("retrievalConfig", JsonType.OBJECT), Map.entry("streamFunctionCallArguments", JsonType.BOOLEAN),
            Map.entry("includeRawChunks", JsonType.BOOLEAN));
    private static final List<String> GENERATION_OPTIONS = List.of("responseModalities", "mediaResolution",
            "speechConfig", "imageConfig", "audioTimestamp", "responseLogprobs", "logprobs");
    private static final String JSON_MIME = "application/json";

    private GeminiRequestMapper() {
    }

    /**
     * A mapped request.
     *
     * @param body the JSON body
     * @param warnings what was dropped or approximated
     * @param includeRawChunks whether the stream should carry raw chunks
     */
    record Mapped(ObjectNode body, List<Warning> warnings, boolean includeRawChunks) {
    }

    /**
     * Maps a request.
     *
     * @param request the request
     * @param modelId the model, which decides how reasoning effort is expressed
     * @param details the caller, for exceptions
     * @return the body and warnings
     * @throws InvalidRequestException if the request cannot be expressed at all
     */
    static Mapped map(LanguageModelRequest request, String modelId, ErrorDetails details) {
        List<Warning> warnings = new ArrayList<>();
        GeminiOptions options = GeminiOptions.read(request::providerOptions, OPTIONS, warnings, details);
        GeminiContentMapper.Converted conversation = GeminiContentMapper.convert(request.messages(), warnings, details);
        if (conversation.contents().isEmpty()) {
            throw new InvalidRequestException("Gemini needs at least one user or assistant message besides "
                    + "the system instructions", details);
        }
        List<JsonNode> tools = tools(request.tools(), warnings);
        GenerationConfig generation = new GenerationConfig(request.temperature(), request.topP(), request.topK(),
                request.maxOutputTokens(), request.stopSequences().isEmpty() ? null : request.stopSequences(),
                seed(request.seed(), warnings), request.presencePenalty(), request.frequencyPenalty(),
                mimeType(request.responseFormat()), responseSchema(request.responseFormat(), warnings),
                GeminiThinking.config(request, modelId, warnings));
        GenerateContentRequest body = new GenerateContentRequest(conversation.contents(),
                conversation.systemInstruction(), tools.isEmpty() ? null : tools,
                toolConfig(request.toolChoice(), options.flag("streamFunctionCallArguments")),
                options.get("safetySettings"), generation, options.text("cachedContent"));
        warnUnsupported(request, warnings);
        ObjectNode json = GeminiWire.JSON.valueToTree(body);
        mergeOptions(json, options);
        return new Mapped(json, List.copyOf(warnings), Boolean.TRUE.equals(options.flag("includeRawChunks")));
    }

    private static List<JsonNode> tools(List<Tool> tools, List<Warning> warnings) {
        List<FunctionDeclaration> declarations = new ArrayList<>();
        List<JsonNode> builtIns = new ArrayList<>();
        boolean strict = false;
        for (Tool tool : tools) {
            if (tool instanceof FunctionTool function) {
                ObjectNode parameters = GeminiSchemaConverter.convert(function.parameters(),
                        "tools." + function.name() + ".parameters", warnings);
                declarations.add(new FunctionDeclaration(function.name(), function.description(),
                        GeminiSchemaConverter.isEmptyObject(parameters) ? null : parameters));
                strict |= function.strict();
            } else if (tool instanceof ProviderDefinedTool builtIn) {
                builtInTool(builtIn, warnings, builtIns);
            }
        }
        if (strict) {
            warnings.add(Warning.unsupportedSetting("tools.strict", "Gemini does not enforce tool schemas "
                    + "strictly; arguments may deviate from the schema"));
        }
        List<JsonNode> all = new ArrayList<>();
        if (!declarations.isEmpty()) {
            all.add(GeminiWire.JSON.valueToTree(new GeminiWire.FunctionTool(declarations)));
        }
        all.addAll(builtIns);
        return all;
    }

    /** {@code gemini.google_search} becomes {@code {"googleSearch": args}}, and so on for every built-in tool. */
    private static void builtInTool(ProviderDefinedTool tool, List<Warning> warnings, List<JsonNode> out) {
        String provider = tool.provider();
        if (!provider.equals(GeminiOptions.KEY) && !provider.equals(GeminiOptions.ALIAS)) {
            warnings.add(new Warning(Warning.Type.UNSUPPORTED_TOOL, "tools." + tool.name(), "the " + provider
                    + " tool '" + tool.id() + "' cannot run on Gemini; it was not sent"));
            return;
        }
        String type = tool.id().substring(provider.length() + 1);
        ObjectNode entry = GeminiWire.JSON.createObjectNode();
        entry.set(camelCase(type), tool.args());
        out.add(entry);
    }

    static String camelCase(String snake) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : snake.toCharArray()) {
            if (c == '_' || c == '-') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    private static @Nullable ToolConfig toolConfig(@Nullable ToolChoice choice, @Nullable Boolean streamArguments) {
        if (choice == null && streamArguments == null) {
            return null;
        }
        String mode = null;
        List<String> allowed = null;
        if (choice instanceof ToolChoice.Named named) {
            mode = "ANY";
            allowed = List.of(named.toolName());
        } else if (choice != null) {
            mode = switch ((ToolChoice.Mode) choice) {
                case AUTO -> "AUTO";
                case NONE -> "NONE";
                case REQUIRED -> "ANY";
            };
        }
        return new ToolConfig(new FunctionCallingConfig(mode, allowed, streamArguments));
    }

    private static @Nullable Integer seed(@Nullable Long seed, List<Warning> warnings) {
        if (seed == null || (seed >= Integer.MIN_VALUE && seed <= Integer.MAX_VALUE)) {
            return seed == null ? null : seed.intValue();
        }
        int folded = (int) (seed ^ (seed >>> 32));
        warnings.add(Warning.approximated("seed", "Gemini seeds are 32-bit; " + seed + " was folded to " + folded));
        return folded;
    }

    private static @Nullable String mimeType(@Nullable ResponseFormat format) {
        return format instanceof ResponseFormat.Json || format instanceof ResponseFormat.JsonSchema ? JSON_MIME : null;
    }

    private static @Nullable JsonNode responseSchema(@Nullable ResponseFormat format, List<Warning> warnings) {
        if (!(format instanceof ResponseFormat.JsonSchema schema)) {
            return null;
        }
        ObjectNode converted = GeminiSchemaConverter.convert(schema.schema(), "responseFormat.schema", warnings);
        if (schema.description() != null && !converted.has("description")) {
            converted.put("description", schema.description());
        }
        return converted;
    }

    private static void warnUnsupported(LanguageModelRequest request, List<Warning> warnings) {
        if (request.user() != null) {
            warnings.add(Warning.unsupportedSetting("user", "Gemini has no end-user id; it was not sent"));
        }
        if (!request.metadata().isEmpty()) {
            warnings.add(Warning.unsupportedSetting("metadata", "Gemini has no request metadata; it was not sent"));
        }
        if (Boolean.FALSE.equals(request.parallelToolCalls())) {
            warnings.add(Warning.unsupportedSetting("parallelToolCalls", "Gemini cannot be told to call one tool "
                    + "at a time; it may still call several"));
        }
    }

    private static void mergeOptions(ObjectNode json, GeminiOptions options) {
        ObjectNode generation = json.has("generationConfig") ? (ObjectNode) json.get("generationConfig")
                : json.putObject("generationConfig");
        for (String key : GENERATION_OPTIONS) {
            JsonNode value = options.get(key);
            if (value != null) {
                generation.set(key, value);
            }
        }
        JsonNode thinking = options.get("thinkingConfig");
        if (thinking != null) {
            ObjectNode target = generation.has("thinkingConfig") ? (ObjectNode) generation.get("thinkingConfig")
                    : generation.putObject("thinkingConfig");
            target.setAll((ObjectNode) thinking);
        }
        JsonNode extra = options.get("generationConfig");
        if (extra != null) {
            generation.setAll((ObjectNode) extra);
        }
        if (generation.isEmpty()) {
            json.remove("generationConfig");
        }
        JsonNode retrieval = options.get("retrievalConfig");
        if (retrieval != null) {
            ObjectNode toolConfig = json.has("toolConfig") ? (ObjectNode) json.get("toolConfig") : json.putObject("toolConfig");
            toolConfig.set("retrievalConfig", retrieval);
        }
        JsonNode labels = options.get("labels");
        if (labels != null) {
            json.set("labels", labels);
        }
    }
}
