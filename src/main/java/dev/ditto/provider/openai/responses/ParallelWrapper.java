package dev.ditto.provider.openai.responses;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ditto.sdk.message.ToolCallPart;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Expands the {@code parallel} wrapper some OpenAI models emit instead of several function calls:
 * a call of an undeclared tool named {@code parallel} (or {@code multi_tool_use.parallel}) whose
 * arguments are {@code {"tool_uses":[{"recipient_name":"functions.weather","parameters":{...}}]}}.
 * Each declared tool named there becomes a tool call of its own, with the id
 * {@code <wrapper call id>_<index>}; the application never sees the wrapper. Stateless.
 */
final class ParallelWrapper {

    private static final Set<String> NAMES = Set.of("parallel", "multi_tool_use.parallel");
    private static final String FUNCTIONS_PREFIX = "functions.";

    private ParallelWrapper() {
    }

    /**
     * Returns whether a call of this tool may be a wrapper, decided before its arguments arrive.
     *
     * @param name the called tool's name
     * @param declaredTools the function tools the request declared
     * @return {@code true} when the name is a wrapper name and no declared tool has it
     */
    static boolean isCandidate(String name, Set<String> declaredTools) {
        return NAMES.contains(name) && !declaredTools.contains(name);
    }

    /**
     * Expands a wrapper call into the calls it holds.
     *
     * @param name the called tool's name
     * @param callId the wrapper's call id
     * @param arguments the wrapper's arguments JSON text
     * @param declaredTools the function tools the request declared
     * @return the calls, or empty when this is not a well-formed wrapper of declared tools
     */
    static Optional<List<ToolCallPart>> expand(String name, String callId, String arguments, Set<String> declaredTools) {
        if (!isCandidate(name, declaredTools)) {
            return Optional.empty();
        }
        JsonNode uses;
        try {
            uses = Json.parse(arguments).path("tool_uses");
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
        if (!uses.isArray() || uses.isEmpty()) {
            return Optional.empty();
        }
        List<ToolCallPart> calls = new ArrayList<>();
        for (JsonNode use : uses) {
            String recipient = Json.text(use, "recipient_name", "");
            String tool = recipient.startsWith(FUNCTIONS_PREFIX) ? recipient.substring(FUNCTIONS_PREFIX.length()) : recipient;
            JsonNode parameters = use.path("parameters");
            if (!declaredTools.contains(tool) || !parameters.isObject()) {
                return Optional.empty();
            }
            calls.add(ToolCallPart.of(callId + "_" + calls.size(), tool, Json.write(parameters)));
        }
        return Optional.of(List.copyOf(calls));
    }
}
