package dev.ditto.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Token counts of one call, normalised across providers, plus the provider's raw usage object.
 *
 * <p>Input is split into tokens read from the prompt cache, written to it, and neither; output
 * into visible text and reasoning. Counts a provider does not report are {@code null}, never a
 * guessed zero. The builder derives a missing count from the others where the arithmetic is
 * exact: a missing input total from its parts (Anthropic reports only parts), missing non-cached
 * input from the total and the cache counts (OpenAI, Gemini), missing text output from the total
 * and reasoning, and so on. The per-provider field mapping is in {@code WIRE-FORMATS.md}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * <pre>{@code
 * Usage usage = Usage.builder().inputTokens(1200L).cacheReadTokens(1000L)
 *         .outputTokens(300L).reasoningTokens(250L).build();
 * usage.input().noCache();   // 200
 * usage.output().text();     // 50
 * }</pre>
 */
public final class Usage {

    private static final Usage EMPTY = builder().build();

    private final Input input;
    private final Output output;
    private final @Nullable Long totalTokens;
    private final @Nullable JsonNode raw;

    private Usage(Builder builder) {
        this.input = deriveInput(builder);
        this.output = deriveOutput(builder);
        this.totalTokens = builder.totalTokens != null ? builder.totalTokens : sum(input.total, output.total);
        this.raw = builder.raw == null ? null : builder.raw.deepCopy();
    }

    /**
     * Input token counts; {@code null} where unknown.
     *
     * @param total all prompt tokens, cached or not
     * @param noCache prompt tokens neither read from nor written to the cache
     * @param cacheRead prompt tokens read from the cache
     * @param cacheWrite prompt tokens written to the cache
     */
    public record Input(@Nullable Long total, @Nullable Long noCache, @Nullable Long cacheRead, @Nullable Long cacheWrite) {
    }

    /**
     * Output token counts; {@code null} where unknown.
     *
     * @param total all generated tokens, reasoning included
     * @param text visible output tokens
     * @param reasoning reasoning (thinking) tokens
     */
    public record Output(@Nullable Long total, @Nullable Long text, @Nullable Long reasoning) {
    }

    /**
     * Returns usage with every count unknown.
     *
     * @return the empty usage
     */
    public static Usage empty() {
        return EMPTY;
    }

    /**
     * Returns a builder with every count unknown.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding this usage's counts.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder()
                .inputTokens(input.total).noCacheTokens(input.noCache)
                .cacheReadTokens(input.cacheRead).cacheWriteTokens(input.cacheWrite)
                .outputTokens(output.total).textTokens(output.text).reasoningTokens(output.reasoning)
                .totalTokens(totalTokens).raw(raw);
    }

    /**
     * Returns the input counts.
     *
     * @return the input counts
     */
    public Input input() {
        return input;
    }

    /**
     * Returns the output counts.
     *
     * @return the output counts
     */
    public Output output() {
        return output;
    }

    /**
     * Returns the total token count: as reported, else input plus output when both are known.
     *
     * @return the total, or {@code null} when unknown
     */
    public @Nullable Long totalTokens() {
        return totalTokens;
    }

    /**
     * Returns a copy of the provider's usage object as it was received.
     *
     * @return the raw usage, or {@code null} when not kept
     */
    public @Nullable JsonNode raw() {
        return raw == null ? null : raw.deepCopy();
    }

    private static Input deriveInput(Builder b) {
        Long total = b.inputTokens;
        Long noCache = b.noCacheTokens;
        boolean cacheKnown = b.cacheReadTokens != null || b.cacheWriteTokens != null;
        long cached = orZero(b.cacheReadTokens) + orZero(b.cacheWriteTokens);
        if (total == null && noCache != null) {
            total = noCache + cached;
        } else if (noCache == null && total != null && cacheKnown && total >= cached) {
            noCache = total - cached;
        }
        return new Input(total, noCache, b.cacheReadTokens, b.cacheWriteTokens);
    }

    private static Output deriveOutput(Builder b) {
        Long total = b.outputTokens;
        Long text = b.textTokens;
        if (total == null && text != null) {
            total = text + orZero(b.reasoningTokens);
        } else if (text == null && total != null && b.reasoningTokens != null && total >= b.reasoningTokens) {
            text = total - b.reasoningTokens;
        }
        return new Output(total, text, b.reasoningTokens);
    }

    private static long orZero(@Nullable Long value) {
        return value == null ? 0L : value;
    }

    private static @Nullable Long sum(@Nullable Long a, @Nullable Long b) {
        return a == null || b == null ? null : a + b;
    }

    private List<Object> fields() {
        return Arrays.asList(input, output, totalTokens, raw);
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof Usage that && fields().equals(that.fields());
    }

    @Override
    public int hashCode() {
        return fields().hashCode();
    }

    @Override
    public String toString() {
        return "Usage[input=" + input + ", output=" + output + ", totalTokens=" + totalTokens + "]";
    }

    /**
     * Collects token counts; each setter rejects negative values at once. Not thread-safe.
     */
    public static final class Builder {

        private @Nullable Long inputTokens;
        private @Nullable Long noCacheTokens;
        private @Nullable Long cacheReadTokens;
        private @Nullable Long cacheWriteTokens;
        private @Nullable Long outputTokens;
        private @Nullable Long textTokens;
        private @Nullable Long reasoningTokens;
        private @Nullable Long totalTokens;
        private @Nullable JsonNode raw;

        private Builder() {
        }

        /**
         * Sets all prompt tokens, cached or not.
         *
         * @param value the count, or {@code null} when unknown
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is negative
         */
        public Builder inputTokens(@Nullable Long value) {
            this.inputTokens = requireCount("inputTokens", value);
            return this;
        }

        /**
         * Sets the prompt tokens neither read from nor written to the cache.
         *
         * @param value the count, or {@code null} when unknown
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is negative
         */
        public Builder noCacheTokens(@Nullable Long value) {
            this.noCacheTokens = requireCount("noCacheTokens", value);
            return this;
        }

        /**
         * Sets the prompt tokens read from the cache.
         *
         * @param value the count, or {@code null} when unknown
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is negative
         */
        public Builder cacheReadTokens(@Nullable Long value) {
            this.cacheReadTokens = requireCount("cacheReadTokens", value);
            return this;
        }

        /**
         * Sets the prompt tokens written to the cache.
         *
         * @param value the count, or {@code null} when unknown
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is negative
         */
        public Builder cacheWriteTokens(@Nullable Long value) {
            this.cacheWriteTokens = requireCount("cacheWriteTokens", value);
            return this;
        }

        /**
         * Sets all generated tokens, reasoning included.
         *
         * @param value the count, or {@code null} when unknown
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is negative
         */
        public Builder outputTokens(@Nullable Long value) {
            this.outputTokens = requireCount("outputTokens", value);
            return this;
        }

        /**
         * Sets the visible output tokens.
         *
         * @param value the count, or {@code null} when unknown
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is negative
         */
        public Builder textTokens(@Nullable Long value) {
            this.textTokens = requireCount("textTokens", value);
            return this;
        }

        /**
         * Sets the reasoning tokens.
         *
         * @param value the count, or {@code null} when unknown
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is negative
         */
        public Builder reasoningTokens(@Nullable Long value) {
            this.reasoningTokens = requireCount("reasoningTokens", value);
            return this;
        }

        /**
         * Sets the total the provider reported; when unset it is input plus output.
         *
         * @param value the count, or {@code null} when unknown
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is negative
         */
        public Builder totalTokens(@Nullable Long value) {
            this.totalTokens = requireCount("totalTokens", value);
            return this;
        }

        /**
         * Keeps the provider's usage object as received.
         *
         * @param value the raw usage, copied, or {@code null}
         * @return this builder
         */
        public Builder raw(@Nullable JsonNode value) {
            this.raw = value == null ? null : value.deepCopy();
            return this;
        }

        /**
         * Builds the usage, deriving missing counts where the arithmetic is exact.
         *
         * @return the usage
         */
        public Usage build() {
            return new Usage(this);
        }

        private static @Nullable Long requireCount(String name, @Nullable Long value) {
            if (value != null && value < 0) {
                throw new IllegalArgumentException(name + " must not be negative but was " + value);
            }
            return value;
        }
    }
}
