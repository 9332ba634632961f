package dev.ditto.provider.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.LanguageModelRequest;
import dev.ditto.sdk.ResponseFormat;
import dev.ditto.sdk.Warning;
import dev.ditto.sdk.tool.FunctionTool;
import dev.ditto.sdk.tool.ProviderDefinedTool;
import dev.ditto.sdk.tool.Tool;
import dev.ditto.sdk.tool.ToolChoice;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Turns a unified request into a Chat Completions body: OpenAI's field names, then the dialect's
 * renames and omissions, then the caller's provider options copied in verbatim. Stateless.
 */
final class ChatRequestMapper {

    private ChatRequestMapper() {
    }

    /**
     * A request body and what was dropped or approximated on the way.
     *
     * @param body the JSON body
     * @param warnings the warnings, in the order they arose
     */
    record Mapped(ObjectNode body, List<Warning> warnings) {
        Mapped {
            warnings = List.copyOf(warnings);
        }
    }

    static Mapped map(LanguageModelRequest request, String modelId, OpenAiClient client, boolean stream) {
        List<Warning> warnings = new ArrayList<>();
        List<ChatRequestWire.Message> messages = new ChatMessageMapper(client.provider(), warnings).map(request.messages());
        List<ChatRequestWire.Tool> tools = tools(request.tools(), warnings);
        Boolean parallel = request.parallelToolCalls();
        if (parallel != null && tools == null) {
            warnings.add(Warning.unsupportedSetting("parallelToolCalls", "ignored because no function tools are sent"));
            parallel = null;
        }
        if (request.reasoningBudgetTokens() != null) {
            warnings.add(Warning.unsupportedSetting("reasoningBudgetTokens",
                    "OpenAI Chat takes a reasoning effort, not a token budget; set reasoningEffort instead"));
        }
        ChatRequestWire.Request wire = new ChatRequestWire.Request(modelId, messages,
                request.temperature(), request.topP(), request.topK(), request.maxOutputTokens(),
                request.stopSequences().isEmpty() ? null : request.stopSequences(), request.seed(),
                request.presencePenalty(), request.frequencyPenalty(), tools,
                tools == null ? null : toolChoice(request.toolChoice()), parallel,
                responseFormat(request.responseFormat()),
                request.reasoningEffort() == null ? null : request.reasoningEffort().wireName(),
                request.user(), request.metadata().isEmpty() ? null : request.metadata(),
                stream ? Boolean.TRUE : null,
                stream && client.dialect().streamUsage() ? new ChatRequestWire.StreamOptions(true) : null);
        if (tools == null && request.toolChoice() != null) {
            warnings.add(Warning.unsupportedSetting("toolChoice", "ignored because no function tools are sent"));
        }
        ObjectNode body = WireJson.tree(wire);
        client.dialect().adapt(body, warnings);
        client.mergeOptions(body, request::providerOptions, warnings);
        return new Mapped(body, warnings);
    }

    private static @Nullable List<ChatRequestWire.Tool> tools(List<Tool> tools, List<Warning> warnings) {
        List<ChatRequestWire.Tool> wire = new ArrayList<>();
        for (Tool tool : tools) {
            if (tool instanceof FunctionTool function) {
                wire.add(new ChatRequestWire.Tool(new ChatRequestWire.FunctionDefinition(function.name(),
                        function.description(), function.parameters(), function.strict() ? Boolean.TRUE : null)));
            } else if (tool instanceof ProviderDefinedTool provided) {
                warnings.add(new Warning(Warning.Type.UNSUPPORTED_TOOL, provided.name(), "provider tool '"
                        + provided.id() + "' cannot run through Chat Completions and was not sent"));
            }
        }
        return wire.isEmpty() ? null : wire;
    }

    private static @Nullable Object toolChoice(@Nullable ToolChoice choice) {
        if (choice == null) {
            return null;
        }
        if (choice instanceof ToolChoice.Named named) {
            return new ChatRequestWire.NamedToolChoice(named.toolName());
        }
        return ((ToolChoice.Mode) choice).name().toLowerCase(Locale.ROOT);
    }

    private static ChatRequestWire.@Nullable ResponseFormat responseFormat(@Nullable ResponseFormat format) {
        if (format == null) {
            return null;
        }
        if (format instanceof ResponseFormat.JsonSchema schema) {
            return new ChatRequestWire.ResponseFormat("json_schema", new ChatRequestWire.JsonSchema(schema.name(),
                    schema.description(), schema.schema(), schema.strict()));
        }
        return new ChatRequestWire.ResponseFormat(format instanceof ResponseFormat.Json ? "json_object" : "text", null);
    }
}
