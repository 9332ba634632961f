package dev.ditto.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.sdk.FinishReason;
import dev.ditto.sdk.LanguageModelResult;
import dev.ditto.sdk.StreamPart;
import dev.ditto.sdk.Usage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Facts read straight from a recorded OpenAI-style response (a {@code chat.completion},
 * {@code text_completion}, or their chunk streams), by walking the JSON tree, independently of
 * any adapter: the expectations that decoder tests compare against.
 *
 * <p>Reads every vendor's variant: {@code reasoning_content} and {@code reasoning}, Mistral's
 * content part lists, tool-call fragments keyed by {@code index} or {@code id}, and usage at the
 * top level or in {@code x_groq}.
 *
 * @param id the response id
 * @param model the model
 * @param text the visible text, joined
 * @param reasoning the reasoning text, joined
 * @param toolCalls the tool calls in order
 * @param finishReason the last non-null {@code finish_reason}
 * @param usage the last usage object, or {@code null}
 */
public record ChatFixtureFacts(@Nullable String id, @Nullable String model, String text, String reasoning,
        List<ToolCallFact> toolCalls, @Nullable String finishReason, @Nullable JsonNode usage) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One tool call.
     *
     * @param id the call id, or {@code null} when the server sent none
     * @param name the function name
     * @param arguments the arguments parsed as JSON ({@code {}} when empty)
     */
    public record ToolCallFact(@Nullable String id, String name, JsonNode arguments) {
    }

    /**
     * Reads the facts of a chunk stream.
     *
     * @param payloads the event payloads; a {@code [DONE]} payload is skipped
     * @return the facts
     */
    public static ChatFixtureFacts ofStream(List<String> payloads) {
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        Map<String, String[]> calls = new LinkedHashMap<>();
        String lastKey = null;
        String id = null;
        String model = null;
        String finish = null;
        JsonNode usage = null;
        for (String payload : payloads) {
            if (payload.equals("[DONE]")) {
                continue;
            }
            JsonNode chunk = parse(payload);
            id = id == null ? textOrNull(chunk.get("id")) : id;
            model = model == null ? textOrNull(chunk.get("model")) : model;
            usage = usageOf(chunk, usage);
            JsonNode choice = chunk.path("choices").path(0);
            JsonNode delta = choice.path("delta");
            collectContent(delta, text, reasoning);
            appendText(choice.get("text"), text);
            for (JsonNode fragment : delta.path("tool_calls")) {
                String key = fragment.hasNonNull("index") ? "index:" + fragment.get("index").asInt()
                        : fragment.hasNonNull("id") ? "id:" + fragment.get("id").asText() : lastKey;
                String[] call = calls.computeIfAbsent(key, k -> new String[] {null, null, ""});
                call[0] = call[0] == null ? textOrNull(fragment.get("id")) : call[0];
                call[1] = call[1] == null ? textOrNull(fragment.path("function").get("name")) : call[1];
                call[2] += fragment.path("function").path("arguments").asText("");
                lastKey = key;
            }
            finish = choice.hasNonNull("finish_reason") ? choice.get("finish_reason").asText() : finish;
        }
        List<ToolCallFact> toolCalls = new ArrayList<>();
        calls.values().forEach(call -> toolCalls.add(new ToolCallFact(call[0], call[1], parseArguments(call[2]))));
        return new ChatFixtureFacts(id, model, text.toString(), reasoning.toString(), toolCalls, finish, usage);
    }

    /**
     * Reads the facts of a whole {@code chat.completion} or {@code text_completion} body.
     *
     * @param body the JSON body
     * @return the facts
     */
    public static ChatFixtureFacts ofCompletion(String body) {
        JsonNode root = parse(body);
        JsonNode choice = root.path("choices").path(0);
        JsonNode message = choice.path("message");
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        collectContent(message, text, reasoning);
        appendText(choice.get("text"), text);
        List<ToolCallFact> toolCalls = new ArrayList<>();
        for (JsonNode call : message.path("tool_calls")) {
            toolCalls.add(new ToolCallFact(textOrNull(call.get("id")), call.path("function").path("name").asText(),
                    parseArguments(call.path("function").path("arguments").asText(""))));
        }
        return new ChatFixtureFacts(textOrNull(root.get("id")), textOrNull(root.get("model")), text.toString(),
                reasoning.toString(), toolCalls, textOrNull(choice.get("finish_reason")), usageOf(root, null));
    }

    /**
     * Returns a usage count.
     *
     * @param path field names from the usage object down, such as {@code completion_tokens_details},
     *     {@code reasoning_tokens}
     * @return the count, or {@code null} when absent
     */
    public @Nullable Long usageCount(String... path) {
        JsonNode node = usage;
        for (String field : path) {
            node = node == null ? null : node.get(field);
        }
        return node != null && node.isNumber() ? node.asLong() : null;
    }

    /**
     * Asserts that a decoded result says what the recording says.
     *
     * @param result the adapter's result
     * @param reasoningOutsideCompletion whether the vendor's {@code completion_tokens} leaves the
     *     reasoning tokens out (xAI), so the unified output total is their sum
     */
    public void assertMatches(LanguageModelResult result, boolean reasoningOutsideCompletion) {
        assertThat(result.text()).as("text").isEqualTo(text);
        assertThat(result.reasoningText()).as("reasoning").isEqualTo(reasoning);
        assertToolCalls(result.toolCalls().stream()
                .map(call -> new ToolCallFact(call.toolCallId(), call.toolName(), parse(call.arguments()))).toList());
        assertThat(result.rawFinishReason()).as("raw finish reason").isEqualTo(finishReason);
        assertThat(result.finishReason()).as("finish reason").isEqualTo(unifiedFinishReason());
        assertUsage(result.usage(), reasoningOutsideCompletion);
        assertThat(result.responseId()).as("response id").isEqualTo(id);
        assertThat(result.modelId()).as("model").isEqualTo(model);
    }

    /**
     * Asserts that a decoded stream says what the recording says and ends with a finish part.
     *
     * @param stream the adapter's parts
     * @param reasoningOutsideCompletion see {@link #assertMatches(LanguageModelResult, boolean)}
     */
    public void assertMatches(CollectedStream stream, boolean reasoningOutsideCompletion) {
        StreamPart.Finish finish = stream.finish();
        assertThat(stream.parts().get(0)).isInstanceOfSatisfying(StreamPart.StreamStart.class, start -> {
            assertThat(start.responseId()).as("response id").isEqualTo(id);
            assertThat(start.modelId()).as("model").isEqualTo(model);
        });
        assertThat(stream.text()).as("text").isEqualTo(text);
        assertThat(stream.reasoning()).as("reasoning").isEqualTo(reasoning);
        assertToolCalls(stream.toolCalls().stream()
                .map(call -> new ToolCallFact(call.toolCallId(), call.toolName(), parse(call.input()))).toList());
        assertThat(finish.rawFinishReason()).as("raw finish reason").isEqualTo(finishReason);
        assertThat(finish.finishReason()).as("finish reason").isEqualTo(unifiedFinishReason());
        assertUsage(finish.usage(), reasoningOutsideCompletion);
    }

    /**
     * Returns the unified finish reason WIRE-FORMATS.md gives for the recorded one.
     *
     * @return the unified reason
     */
    public FinishReason unifiedFinishReason() {
        if (finishReason == null) {
            return FinishReason.OTHER;
        }
        return switch (finishReason) {
            case "stop" -> FinishReason.STOP;
            case "length" -> FinishReason.LENGTH;
            case "tool_calls", "function_call" -> FinishReason.TOOL_CALLS;
            case "content_filter" -> FinishReason.CONTENT_FILTER;
            default -> FinishReason.OTHER;
        };
    }

    private void assertToolCalls(List<ToolCallFact> actual) {
        assertThat(actual).as("tool calls").hasSameSizeAs(toolCalls);
        for (int i = 0; i < toolCalls.size(); i++) {
            ToolCallFact expected = toolCalls.get(i);
            assertThat(actual.get(i).name()).as("tool call %d name", i).isEqualTo(expected.name());
            assertThat(actual.get(i).arguments()).as("tool call %d arguments", i).isEqualTo(expected.arguments());
            if (expected.id() != null) {
                assertThat(actual.get(i).id()).as("tool call %d id", i).isEqualTo(expected.id());
            } else {
                assertThat(actual.get(i).id()).as("tool call %d generated id", i).isNotBlank();
            }
        }
    }

    private void assertUsage(Usage actual, boolean reasoningOutsideCompletion) {
        Long reasoningTokens = usageCount("completion_tokens_details", "reasoning_tokens");
        Long completion = usageCount("completion_tokens");
        Long cached = usageCount("prompt_tokens_details", "cached_tokens");
        if (cached == null) {
            cached = usageCount("prompt_cache_hit_tokens");
        }
        Long output = completion != null && reasoningTokens != null && reasoningOutsideCompletion
                ? Long.valueOf(completion + reasoningTokens) : completion;
        assertThat(actual.input().total()).as("input tokens").isEqualTo(usageCount("prompt_tokens"));
        assertThat(actual.input().cacheRead()).as("cache read tokens").isEqualTo(cached);
        assertThat(actual.output().total()).as("output tokens").isEqualTo(output);
        assertThat(actual.output().reasoning()).as("reasoning tokens").isEqualTo(reasoningTokens);
        assertThat(actual.totalTokens()).as("total tokens").isEqualTo(usageCount("total_tokens"));
        if (usage != null) {
            assertThat(actual.raw()).as("raw usage").isEqualTo(usage);
        }
    }

    private static void collectContent(JsonNode message, StringBuilder text, StringBuilder reasoning) {
        JsonNode content = message.path("content");
        if (content.isTextual()) {
            text.append(content.asText());
        }
        for (JsonNode part : content.isArray() ? content : JSON.createArrayNode()) {
            if ("text".equals(part.path("type").asText())) {
                text.append(part.path("text").asText());
            } else if ("thinking".equals(part.path("type").asText())) {
                for (JsonNode thought : part.path("thinking")) {
                    reasoning.append(thought.path("text").asText());
                }
            }
        }
        appendText(message.get("reasoning_content"), reasoning);
        appendText(message.get("reasoning"), reasoning);
    }

    private static void appendText(@Nullable JsonNode value, StringBuilder target) {
        if (value != null && value.isTextual()) {
            target.append(value.asText());
        }
    }

    private static @Nullable JsonNode usageOf(JsonNode root, @Nullable JsonNode previous) {
        if (root.path("usage").isObject()) {
            return root.get("usage");
        }
        return root.path("x_groq").path("usage").isObject() ? root.path("x_groq").get("usage") : previous;
    }

    private static JsonNode parseArguments(String arguments) {
        return arguments.isBlank() ? JSON.createObjectNode() : parse(arguments);
    }

    private static @Nullable String textOrNull(@Nullable JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + json, e);
        }
    }
}
