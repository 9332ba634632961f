package dev.ditto.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.Usage;
import org.jspecify.annotations.Nullable;

/**
 * The usage mapping of WIRE-FORMATS.md for OpenAI Chat, both directions, with the vendor
 * variants: DeepSeek's {@code prompt_cache_hit_tokens}/{@code prompt_cache_miss_tokens} and xAI's
 * {@code completion_tokens} that leave reasoning out.
 */
final class ChatUsage {

    private ChatUsage() {
    }

    /**
     * Reads a {@code usage} object.
     *
     * @param usage the object, or null when the server sent none
     * @param dialect says whether reasoning tokens must be added to {@code completion_tokens}
     */
    static Usage toUnified(@Nullable JsonNode usage, OpenAiChatDialect dialect) {
        if (usage == null || !usage.isObject()) {
            return Usage.empty();
        }
        JsonNode promptDetails = usage.path("prompt_tokens_details");
        Long cacheRead = WireJson.count(promptDetails, "cached_tokens");
        if (cacheRead == null) {
            cacheRead = WireJson.count(usage, "prompt_cache_hit_tokens");
        }
        Long reasoning = WireJson.count(usage.path("completion_tokens_details"), "reasoning_tokens");
        Long output = WireJson.count(usage, "completion_tokens");
        if (output != null && reasoning != null && dialect.reasoningExcludedFromCompletionTokens()) {
            output += reasoning;
        }
        return Usage.builder()
                .inputTokens(WireJson.count(usage, "prompt_tokens"))
                .cacheReadTokens(cacheRead)
                .cacheWriteTokens(WireJson.count(promptDetails, "cache_write_tokens"))
                .noCacheTokens(WireJson.count(usage, "prompt_cache_miss_tokens"))
                .outputTokens(output)
                .reasoningTokens(reasoning)
                .totalTokens(WireJson.count(usage, "total_tokens"))
                .raw(usage)
                .build();
    }

    /** Writes unified usage as an OpenAI {@code usage} object; unknown counts are written as 0. */
    static ObjectNode toWire(Usage usage) {
        long prompt = orZero(usage.input().total());
        long completion = orZero(usage.output().total());
        ObjectNode wire = WireJson.MAPPER.createObjectNode()
                .put("prompt_tokens", prompt)
                .put("completion_tokens", completion)
                .put("total_tokens", usage.totalTokens() == null ? prompt + completion : usage.totalTokens());
        ObjectNode promptDetails = wire.putObject("prompt_tokens_details")
                .put("cached_tokens", orZero(usage.input().cacheRead()));
        if (usage.input().cacheWrite() != null) {
            promptDetails.put("cache_write_tokens", usage.input().cacheWrite());
        }
        wire.putObject("completion_tokens_details").put("reasoning_tokens", orZero(usage.output().reasoning()));
        return wire;
    }

    private static long orZero(@Nullable Long value) {
        return value == null ? 0L : value;
    }
}
