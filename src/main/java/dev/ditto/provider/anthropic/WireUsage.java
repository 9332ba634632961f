package dev.ditto.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.Usage;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code usage} object of a message, {@code message_start} or {@code message_delta}.
 *
 * <p>{@code input_tokens} excludes the cache: the prompt total is {@code input_tokens +
 * cache_creation_input_tokens + cache_read_input_tokens}. In a stream every count is cumulative;
 * a later {@code message_delta} replaces earlier values, it is never added to them.
 *
 * @param inputTokens prompt tokens neither read from nor written to the cache
 * @param cacheCreationInputTokens prompt tokens written to the cache
 * @param cacheReadInputTokens prompt tokens read from the cache
 * @param outputTokens generated tokens, thinking included
 * @param thinkingTokens {@code output_tokens_details.thinking_tokens}
 * @param raw the object as received (merged over the stream)
 */
record WireUsage(
        @Nullable Long inputTokens,
        @Nullable Long cacheCreationInputTokens,
        @Nullable Long cacheReadInputTokens,
        @Nullable Long outputTokens,
        @Nullable Long thinkingTokens,
        ObjectNode raw) {

    static final WireUsage EMPTY = new WireUsage(null, null, null, null, null, AnthropicJson.object());

    WireUsage {
        raw = raw.deepCopy();
    }

    static WireUsage read(@Nullable JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return EMPTY;
        }
        ObjectNode json = AnthropicJson.requireObject(node, path);
        JsonNode details = json.path("output_tokens_details");
        return new WireUsage(
                AnthropicJson.optionalLong(json, "input_tokens", path),
                AnthropicJson.optionalLong(json, "cache_creation_input_tokens", path),
                AnthropicJson.optionalLong(json, "cache_read_input_tokens", path),
                AnthropicJson.optionalLong(json, "output_tokens", path),
                details.isObject() ? AnthropicJson.optionalLong(details, "thinking_tokens", path + ".output_tokens_details") : null,
                json);
    }

    /** Returns this usage updated by a later, cumulative one: present values replace, never add. */
    WireUsage updatedBy(WireUsage later) {
        ObjectNode merged = raw.deepCopy();
        for (Map.Entry<String, JsonNode> field : later.raw.properties()) {
            merged.set(field.getKey(), field.getValue().deepCopy());
        }
        return new WireUsage(
                later.inputTokens != null ? later.inputTokens : inputTokens,
                later.cacheCreationInputTokens != null ? later.cacheCreationInputTokens : cacheCreationInputTokens,
                later.cacheReadInputTokens != null ? later.cacheReadInputTokens : cacheReadInputTokens,
                later.outputTokens != null ? later.outputTokens : outputTokens,
                later.thinkingTokens != null ? later.thinkingTokens : thinkingTokens,
                merged);
    }

    /** Maps to the SDK usage as WIRE-FORMATS.md prescribes. */
    Usage toUsage() {
        Long total = inputTokens == null ? null
                : inputTokens + orZero(cacheCreationInputTokens) + orZero(cacheReadInputTokens);
        return Usage.builder()
                .inputTokens(total)
                .noCacheTokens(inputTokens)
                .cacheReadTokens(cacheReadInputTokens)
                .cacheWriteTokens(cacheCreationInputTokens)
                .outputTokens(outputTokens)
                .reasoningTokens(thinkingTokens)
                .raw(raw.isEmpty() ? null : raw)
                .build();
    }

    /** Maps an SDK usage back to Anthropic's split, zero where unknown (the wire fields are required). */
    static WireUsage from(Usage usage) {
        Usage.Input input = usage.input();
        long cacheRead = orZero(input.cacheRead());
        long cacheWrite = orZero(input.cacheWrite());
        long noCache = input.noCache() != null ? input.noCache()
                : Math.max(0, orZero(input.total()) - cacheRead - cacheWrite);
        return new WireUsage(noCache, cacheWrite, cacheRead, orZero(usage.output().total()),
                usage.output().reasoning(), AnthropicJson.object());
    }

    /** Writes the four counts (and thinking tokens when known). */
    ObjectNode toJson() {
        ObjectNode json = AnthropicJson.object()
                .put("input_tokens", orZero(inputTokens))
                .put("cache_creation_input_tokens", orZero(cacheCreationInputTokens))
                .put("cache_read_input_tokens", orZero(cacheReadInputTokens))
                .put("output_tokens", orZero(outputTokens));
        if (thinkingTokens != null) {
            json.putObject("output_tokens_details").put("thinking_tokens", thinkingTokens);
        }
        return json;
    }

    private static long orZero(@Nullable Long value) {
        return value == null ? 0L : value;
    }
}
