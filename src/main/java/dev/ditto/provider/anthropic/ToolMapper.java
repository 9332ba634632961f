package dev.ditto.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.InvalidRequestException;
import dev.ditto.sdk.ResponseFormat;
import dev.ditto.sdk.Warning;
import dev.ditto.sdk.tool.FunctionTool;
import dev.ditto.sdk.tool.ProviderDefinedTool;
import dev.ditto.sdk.tool.Tool;
import dev.ditto.sdk.tool.ToolChoice;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Maps tools, the tool choice and a JSON response format (as the synthetic {@code json} tool) to
 * Anthropic's, and tools back. Stateless.
 */
final class ToolMapper {

    /** The name of the synthetic tool whose input is the answer of a JSON response format. */
    static final String JSON_TOOL = "json";
    static final String AUTO = "auto";
    static final String ANY = "any";
    static final String NONE = "none";
    static final String TOOL = "tool";
    static final Set<String> CHOICES = Set.of(AUTO, ANY, NONE, TOOL);
    private static final String JSON_TOOL_DESCRIPTION = "Respond with a JSON object.";
    private static final String PROVIDER_PREFIX = PartMapper.PROVIDER + ".";

    private ToolMapper() {
    }

    /** The tools and choice to send, and the synthetic JSON tool when one was added. */
    record Tools(List<WireRequest.Tool> tools, WireRequest.@Nullable ToolChoice choice, @Nullable String jsonToolName) {
    }

    /**
     * Maps the tools and the tool choice; a JSON response format adds the {@code json} tool and
     * forces a tool call, unless {@code forcedCallsAllowed} is false (extended thinking).
     *
     * @throws InvalidRequestException if a tool of the caller is named {@code json} while the
     *     synthetic tool is needed
     */
    static Tools map(List<Tool> tools, @Nullable ToolChoice choice, @Nullable Boolean parallelToolCalls,
            @Nullable ResponseFormat jsonFormat, boolean forcedCallsAllowed, List<Warning> warnings, String model) {
        List<WireRequest.Tool> wire = new ArrayList<>();
        for (Tool tool : tools) {
            WireRequest.Tool mapped = toWire(tool, warnings);
            if (mapped != null) {
                wire.add(mapped);
            }
        }
        String jsonTool = null;
        if (jsonFormat != null) {
            if (wire.stream().anyMatch(tool -> tool.name().equals(JSON_TOOL))) {
                throw new InvalidRequestException("a tool named '" + JSON_TOOL + "' clashes with the tool that carries"
                        + " the JSON response format", ErrorDetails.of(PartMapper.PROVIDER, model));
            }
            wire.add(jsonTool(jsonFormat));
            jsonTool = JSON_TOOL;
        }
        if (wire.isEmpty()) {
            return new Tools(List.of(), null, null);
        }
        String type = jsonTool != null ? jsonChoice(wire.size(), choice, warnings) : choiceType(choice);
        String name = type.equals(TOOL) ? (jsonTool != null ? jsonTool : ((ToolChoice.Named) choice).toolName()) : null;
        if (!forcedCallsAllowed && (type.equals(ANY) || type.equals(TOOL))) {
            warnings.add(Warning.approximated("toolChoice", "Anthropic does not force tool calls while thinking;"
                    + " tool_choice '" + type + "' was sent as 'auto'"));
            type = AUTO;
            name = null;
        }
        Boolean disableParallel = Boolean.FALSE.equals(parallelToolCalls) && !type.equals(NONE) ? Boolean.TRUE : null;
        return new Tools(wire, new WireRequest.ToolChoice(type, name, disableParallel), jsonTool);
    }

    private static String choiceType(@Nullable ToolChoice choice) {
        if (choice instanceof ToolChoice.Named) {
            return TOOL;
        }
        if (choice == null) {
            return AUTO;
        }
        return switch ((ToolChoice.Mode) choice) {
            case AUTO -> AUTO;
            case NONE -> NONE;
            case REQUIRED -> ANY;
        };
    }

    private static String jsonChoice(int toolCount, @Nullable ToolChoice choice, List<Warning> warnings) {
        if (toolCount == 1) {
            return TOOL;
        }
        if (choice != null && choice != ToolChoice.Mode.AUTO && choice != ToolChoice.Mode.REQUIRED) {
            warnings.add(Warning.approximated("toolChoice", "with a JSON response format and tools the model must"
                    + " call a tool; tool_choice " + choice + " was sent as 'any'"));
        }
        return ANY;
    }

    private static WireRequest.Tool jsonTool(ResponseFormat format) {
        if (format instanceof ResponseFormat.JsonSchema schema) {
            ObjectNode input = (ObjectNode) schema.schema();
            String description = schema.description() != null ? schema.description() : JSON_TOOL_DESCRIPTION;
            return new WireRequest.Tool(null, JSON_TOOL, description, input, AnthropicJson.object());
        }
        ObjectNode anyObject = AnthropicJson.object().put("type", "object").put("additionalProperties", true);
        return new WireRequest.Tool(null, JSON_TOOL, JSON_TOOL_DESCRIPTION, anyObject, AnthropicJson.object());
    }

    private static WireRequest.@Nullable Tool toWire(Tool tool, List<Warning> warnings) {
        if (tool instanceof FunctionTool function) {
            ObjectNode extras = PartMapper.extras(function.providerMetadata());
            if (function.strict()) {
                extras.put("strict", true);
            }
            return new WireRequest.Tool(null, function.name(), function.description(),
                    (ObjectNode) function.parameters(), extras);
        }
        ProviderDefinedTool defined = (ProviderDefinedTool) tool;
        if (!defined.provider().equals(PartMapper.PROVIDER)) {
            warnings.add(new Warning(Warning.Type.UNSUPPORTED_TOOL, defined.name(), "the " + defined.provider()
                    + " tool '" + defined.id() + "' cannot run at Anthropic; it was not sent"));
            return null;
        }
        return new WireRequest.Tool(defined.id().substring(PROVIDER_PREFIX.length()), defined.name(), null, null,
                defined.args());
    }

    /** Maps an Anthropic tool definition back to an SDK tool. */
    static Tool fromWire(WireRequest.Tool tool) {
        if (tool.isCustom()) {
            ObjectNode extras = tool.extras().deepCopy();
            JsonNode strict = extras.remove("strict");
            ObjectNode schema = tool.inputSchema() != null ? tool.inputSchema() : AnthropicJson.object().put("type", "object");
            return new FunctionTool(tool.name(), tool.description(), schema, strict != null && strict.asBoolean(),
                    PartMapper.metadata(extras));
        }
        ObjectNode args = tool.extras().deepCopy();
        if (tool.description() != null) {
            args.put("description", tool.description());
        }
        if (tool.inputSchema() != null) {
            args.set("input_schema", tool.inputSchema());
        }
        return new ProviderDefinedTool(PROVIDER_PREFIX + tool.type(), tool.name(), args);
    }

    /** Maps an Anthropic tool choice back to the SDK's. */
    static @Nullable ToolChoice fromWire(WireRequest.ToolChoice choice) {
        return switch (choice.type()) {
            case ANY -> ToolChoice.required();
            case NONE -> ToolChoice.none();
            case TOOL -> ToolChoice.tool(java.util.Objects.requireNonNull(choice.name(), "name"));
            default -> ToolChoice.auto();
        };
    }
}
