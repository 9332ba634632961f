package dev.ditto.provider.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.provider.gemini.GeminiWire.Content;
import dev.ditto.provider.gemini.GeminiWire.FunctionCall;
import dev.ditto.provider.gemini.GeminiWire.FunctionResponse;
import dev.ditto.provider.gemini.GeminiWire.Part;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.InvalidRequestException;
import dev.ditto.sdk.Warning;
import dev.ditto.sdk.message.AssistantMessage;
import dev.ditto.sdk.message.AudioPart;
import dev.ditto.sdk.message.ContentPart;
import dev.ditto.sdk.message.FilePart;
import dev.ditto.sdk.message.ImagePart;
import dev.ditto.sdk.message.Message;
import dev.ditto.sdk.message.ProviderPart;
import dev.ditto.sdk.message.ReasoningPart;
import dev.ditto.sdk.message.SystemMessage;
import dev.ditto.sdk.message.TextPart;
import dev.ditto.sdk.message.ToolCallPart;
import dev.ditto.sdk.message.ToolMessage;
import dev.ditto.sdk.message.ToolResultPart;
import dev.ditto.sdk.message.UserMessage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Turns the SDK conversation into Gemini's {@code systemInstruction} and {@code contents}:
 * system messages are joined into the instruction, assistant turns get role {@code model}, and
 * tool results become {@code functionResponse} parts of a {@code user} turn.
 *
 * <p>Gemini matches function responses to calls by name and position, not id, so results are
 * named from their call when the caller did not name them, put in the order of the calls, and
 * consecutive tool messages (one per result, as OpenAI sends them) share one turn. Thought
 * signatures ride back on the part they came with; a model turn whose function calls carry none
 * (a history from another provider) gets Google's documented placeholder signature on its first
 * call, because Gemini 3 rejects unsigned calls. One instance converts one request.
 */
final class GeminiContentMapper {

    /** Google's documented stand-in for a signature when a history did not come from Gemini. */
    static final String PLACEHOLDER_SIGNATURE = "skip_thought_signature_validator";

    private final List<Warning> warnings;
    private final ErrorDetails details;
    private final List<Part> system = new ArrayList<>();
    private final List<Content> contents = new ArrayList<>();
    private final Map<String, String> callNames = new HashMap<>();
    private final Map<String, Integer> callPositions = new HashMap<>();
    private boolean lastWasToolResults;

    private GeminiContentMapper(List<Warning> warnings, ErrorDetails details) {
        this.warnings = warnings;
        this.details = details;
    }

    /** The converted conversation. */
    record Converted(@Nullable Content systemInstruction, List<Content> contents) {
    }

    /**
     * Converts a conversation.
     *
     * @param messages the messages
     * @param warnings receives what was dropped or approximated
     * @param details the caller, for exceptions
     * @return the instruction and contents
     * @throws InvalidRequestException if a tool result cannot be matched to a tool name
     */
    static Converted convert(List<Message> messages, List<Warning> warnings, ErrorDetails details) {
        GeminiContentMapper mapper = new GeminiContentMapper(warnings, details);
        messages.forEach(mapper::add);
        Content instruction = mapper.system.isEmpty() ? null : new Content(null, List.copyOf(mapper.system));
        return new Converted(instruction, List.copyOf(mapper.contents));
    }

    private void add(Message message) {
        if (message instanceof SystemMessage systemMessage) {
            if (!contents.isEmpty()) {
                warnings.add(Warning.approximated("messages", "Gemini has one system instruction; a system "
                        + "message inside the conversation was moved into it"));
            }
            system.add(Part.text(systemMessage.text(), null));
        } else if (message instanceof UserMessage user) {
            List<@Nullable Part> parts = new ArrayList<>();
            user.content().forEach(part -> parts.add(userPart(part)));
            append("user", parts, false);
        } else if (message instanceof AssistantMessage assistant) {
            addAssistant(assistant);
        } else if (message instanceof ToolMessage tool) {
            addToolResults(tool);
        }
    }

    private void append(String role, List<@Nullable Part> parts, boolean toolResults) {
        List<Part> kept = new ArrayList<>();
        for (Part part : parts) {
            if (part != null) {
                kept.add(part);
            }
        }
        if (kept.isEmpty()) {
            return;
        }
        if (toolResults && lastWasToolResults) {
            Content previous = contents.remove(contents.size() - 1);
            kept.addAll(0, previous.parts() == null ? List.of() : previous.parts());
        }
        contents.add(new Content(role, List.copyOf(kept)));
        lastWasToolResults = toolResults;
    }

    private @Nullable Part userPart(ContentPart part) {
        if (part instanceof TextPart text) {
            return Part.text(text.text(), null);
        }
        return mediaOrProviderPart(part, "user");
    }

    private @Nullable Part mediaOrProviderPart(ContentPart part, String role) {
        if (part instanceof ImagePart image) {
            return GeminiMedia.part(image.source(), image.mediaType());
        } else if (part instanceof FilePart file) {
            return GeminiMedia.part(file.source(), file.mediaType());
        } else if (part instanceof AudioPart audio) {
            return GeminiMedia.part(audio.source(), audio.mediaType());
        } else if (part instanceof ProviderPart provider && isGemini(provider.provider())) {
            return GeminiWire.JSON.convertValue(provider.value(), Part.class);
        }
        warnings.add(new Warning(Warning.Type.UNSUPPORTED_CONTENT, "messages", "a " + describe(part)
                + " in a " + role + " message cannot be sent to Gemini; it was dropped"));
        return null;
    }

    private void addAssistant(AssistantMessage message) {
        callPositions.clear();
        List<@Nullable Part> parts = new ArrayList<>();
        int firstCall = -1;
        boolean signed = false;
        for (ContentPart part : message.content()) {
            if (part instanceof ToolCallPart call) {
                callNames.put(call.toolCallId(), call.toolName());
                callPositions.put(call.toolCallId(), callPositions.size());
                String signature = GeminiMedia.signature(call.providerMetadata());
                signed |= signature != null;
                firstCall = firstCall < 0 ? parts.size() : firstCall;
                parts.add(Part.call(new FunctionCall(null, call.toolName(), arguments(call), null, null), signature));
            } else if (part instanceof TextPart text) {
                String signature = GeminiMedia.signature(text.providerMetadata());
                parts.add(text.text().isEmpty() && signature == null ? null : Part.text(text.text(), signature));
            } else if (part instanceof ReasoningPart reasoning) {
                parts.add(reasoningPart(reasoning));
            } else {
                parts.add(mediaOrProviderPart(part, "assistant"));
            }
        }
        if (firstCall >= 0 && !signed) {
            Part call = Objects.requireNonNull(parts.get(firstCall));
            parts.set(firstCall, Part.call(Objects.requireNonNull(call.functionCall()), PLACEHOLDER_SIGNATURE));
        }
        append("model", parts, false);
    }

    private @Nullable Part reasoningPart(ReasoningPart reasoning) {
        String signature = GeminiMedia.signature(reasoning.providerMetadata());
        if (signature == null && reasoning.signature() != null && GeminiMedia.isGemini(reasoning.providerMetadata())) {
            signature = reasoning.signature();
        } else if (signature == null && (reasoning.signature() != null || reasoning.encryptedContent() != null)) {
            warnings.add(new Warning(Warning.Type.UNSUPPORTED_CONTENT, "messages", "the signature or encrypted "
                    + "content of reasoning from another provider cannot be sent to Gemini; it was dropped"));
        }
        if (reasoning.text().isEmpty() && signature == null) {
            return null;
        }
        return Part.thought(reasoning.text(), signature);
    }

    private JsonNode arguments(ToolCallPart call) {
        try {
            JsonNode args = GeminiWire.JSON.readTree(call.arguments());
            if (args != null && args.isObject()) {
                return args;
            }
        } catch (JsonProcessingException e) {
            // Reported below: Gemini needs an object.
        }
        warnings.add(Warning.approximated("messages", "the arguments of tool call '" + call.toolCallId()
                + "' are not a JSON object, which Gemini requires; they were sent as {\"value\": <text>}"));
        ObjectNode wrapped = GeminiWire.JSON.createObjectNode();
        wrapped.put("value", call.arguments());
        return wrapped;
    }

    private void addToolResults(ToolMessage message) {
        List<ToolResultPart> results = new ArrayList<>(message.results());
        results.sort(Comparator.comparingInt(r -> callPositions.getOrDefault(r.toolCallId(), Integer.MAX_VALUE)));
        List<@Nullable Part> parts = new ArrayList<>();
        for (ToolResultPart result : results) {
            parts.add(Part.response(functionResponse(result)));
        }
        append("user", parts, true);
    }

    private FunctionResponse functionResponse(ToolResultPart result) {
        String name = result.toolName() != null ? result.toolName() : callNames.get(result.toolCallId());
        if (name == null) {
            throw new InvalidRequestException("the tool result for call '" + result.toolCallId()
                    + "' names no tool and answers no tool call of the conversation; Gemini needs the name", details);
        }
        JsonNode value = GeminiMedia.parseOrText(result.text());
        ObjectNode response = GeminiWire.JSON.createObjectNode();
        if (result.isError()) {
            response.set("error", value);
        } else if (value.isObject()) {
            response = (ObjectNode) value;
        } else {
            response.set("output", value);
        }
        List<Part> media = new ArrayList<>();
        for (ContentPart part : result.content()) {
            if (!(part instanceof TextPart)) {
                Part converted = mediaOrProviderPart(part, "tool");
                if (converted != null) {
                    media.add(converted);
                }
            }
        }
        return new FunctionResponse(null, name, response, media.isEmpty() ? null : List.copyOf(media));
    }

    private static boolean isGemini(String provider) {
        return GeminiOptions.KEY.equals(provider) || GeminiOptions.ALIAS.equals(provider);
    }

    private static String describe(ContentPart part) {
        return part instanceof ProviderPart provider ? provider.provider() + " '" + provider.type() + "' item"
                : part.getClass().getSimpleName();
    }
}
