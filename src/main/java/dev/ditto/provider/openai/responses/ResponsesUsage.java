package dev.ditto.provider.openai.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.Usage;
import org.jspecify.annotations.Nullable;

/**
 * The wire usage object of a Responses API response ({@code response.usage}), and its mapping to
 * and from {@link Usage} as WIRE-FORMATS.md normalises it: {@code input_tokens} includes cached
 * tokens, {@code output_tokens} includes reasoning tokens.
 *
 * @param inputTokens {@code input_tokens}
 * @param cachedTokens {@code input_tokens_details.cached_tokens}
 * @param cacheWriteTokens {@code input_tokens_details.cache_write_tokens}, sent by newer models
 * @param outputTokens {@code output_tokens}
 * @param reasoningTokens {@code output_tokens_details.reasoning_tokens}
 * @param totalTokens {@code total_tokens}
 */
record ResponsesUsage(
        @Nullable Long inputTokens,
        @Nullable Long cachedTokens,
        @Nullable Long cacheWriteTokens,
        @Nullable Long outputTokens,
        @Nullable Long reasoningTokens,
        @Nullable Long totalTokens) {

    /**
     * Reads a usage object.
     *
     * @param usage the {@code usage} node, possibly missing or null
     * @return the usage, or {@code null} when the node holds none
     */
    static @Nullable ResponsesUsage read(@Nullable JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        JsonNode input = usage.path("input_tokens_details");
        JsonNode output = usage.path("output_tokens_details");
        return new ResponsesUsage(Json.longValue(usage, "input_tokens"), Json.longValue(input, "cached_tokens"),
                Json.longValue(input, "cache_write_tokens"), Json.longValue(usage, "output_tokens"),
                Json.longValue(output, "reasoning_tokens"), Json.longValue(usage, "total_tokens"));
    }

    /**
     * Takes the counts of a unified usage; unknown counts become zero when written, because the
     * wire object has no way to say "unknown".
     *
     * @param usage the unified usage
     * @return the wire usage
     */
    static ResponsesUsage of(Usage usage) {
        long input = orZero(usage.input().total());
        long output = orZero(usage.output().total());
        Long total = usage.totalTokens();
        return new ResponsesUsage(input, orZero(usage.input().cacheRead()), usage.input().cacheWrite(), output,
                orZero(usage.output().reasoning()), total == null ? input + output : total);
    }

    /**
     * Returns the unified usage.
     *
     * @param raw the provider's usage object to keep, or {@code null}
     * @return the usage
     */
    Usage toUsage(@Nullable JsonNode raw) {
        return Usage.builder().inputTokens(inputTokens).cacheReadTokens(cachedTokens).cacheWriteTokens(cacheWriteTokens)
                .outputTokens(outputTokens).reasoningTokens(reasoningTokens).totalTokens(totalTokens).raw(raw).build();
    }

    /**
     * Adds the counts of another response's usage, for streams that carry several responses.
     *
     * @param other the other usage
     * @return the sums; a count unknown on both sides stays unknown
     */
    ResponsesUsage plus(ResponsesUsage other) {
        return new ResponsesUsage(sum(inputTokens, other.inputTokens), sum(cachedTokens, other.cachedTokens),
                sum(cacheWriteTokens, other.cacheWriteTokens), sum(outputTokens, other.outputTokens),
                sum(reasoningTokens, other.reasoningTokens), sum(totalTokens, other.totalTokens));
    }

    /**
     * Writes the wire object.
     *
     * @return the {@code usage} object
     */
    ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("input_tokens", orZero(inputTokens));
        ObjectNode input = json.putObject("input_tokens_details");
        input.put("cached_tokens", orZero(cachedTokens));
        // openai-java 4.x requires the field; newer OpenAI models always send it.
        input.put("cache_write_tokens", orZero(cacheWriteTokens));
        json.put("output_tokens", orZero(outputTokens));
        json.putObject("output_tokens_details").put("reasoning_tokens", orZero(reasoningTokens));
        json.put("total_tokens", totalTokens == null ? orZero(inputTokens) + orZero(outputTokens) : totalTokens);
        return json;
    }

    private static long orZero(@Nullable Long value) {
        return value == null ? 0L : value;
    }

    private static @Nullable Long sum(@Nullable Long a, @Nullable Long b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : a + b;
    }
}
