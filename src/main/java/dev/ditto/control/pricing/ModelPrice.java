package dev.ditto.control.pricing;

import dev.ditto.sdk.Usage;
import java.math.BigDecimal;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one model charges, in USD per million tokens, and the most output it can produce in one
 * call. Optional prices fall back to the plain ones: cached input to input, cache writes to
 * input, reasoning to output. Immutable.
 *
 * <pre>{@code
 * ModelPrice gpt4o = ModelPrice.perMillion("2.50", "10.00").withCachedInput(new BigDecimal("1.25"));
 * BigDecimal cost = gpt4o.cost(usage);
 * }</pre>
 *
 * @param input per million prompt tokens that are neither read from nor written to a cache
 * @param output per million visible output tokens
 * @param cachedInput per million prompt tokens read from the cache; null means {@code input}
 * @param cacheWrite per million prompt tokens written to the cache; null means {@code input}
 * @param reasoning per million reasoning tokens; null means {@code output}
 * @param maxOutputTokens the model's own cap on output tokens per call, if known: the worst case
 *     of a request that sets no {@code max_tokens}
 */
public record ModelPrice(BigDecimal input, BigDecimal output, @Nullable BigDecimal cachedInput,
        @Nullable BigDecimal cacheWrite, @Nullable BigDecimal reasoning, @Nullable Long maxOutputTokens) {

    private static final int PER_MILLION = 6;

    /** Rejects negative prices. */
    public ModelPrice {
        requireNotNegative("input", input);
        requireNotNegative("output", output);
        requireNotNegative("cachedInput", cachedInput);
        requireNotNegative("cacheWrite", cacheWrite);
        requireNotNegative("reasoning", reasoning);
        if (maxOutputTokens != null && maxOutputTokens < 0) {
            throw new IllegalArgumentException("maxOutputTokens must not be negative but was " + maxOutputTokens);
        }
    }

    /**
     * Returns a price with only input and output set.
     *
     * @param input USD per million input tokens, as a decimal string such as {@code "0.15"}
     * @param output USD per million output tokens
     * @return the price
     */
    public static ModelPrice perMillion(String input, String output) {
        return new ModelPrice(new BigDecimal(input), new BigDecimal(output), null, null, null, null);
    }

    /**
     * Returns the price of a model that costs nothing, such as the built-in demo.
     *
     * @return the free price
     */
    public static ModelPrice free() {
        return new ModelPrice(BigDecimal.ZERO, BigDecimal.ZERO, null, null, null, null);
    }

    /**
     * Returns a copy with the cached-input price set.
     *
     * @param perMillion USD per million tokens read from the cache
     * @return the new price
     */
    public ModelPrice withCachedInput(@Nullable BigDecimal perMillion) {
        return new ModelPrice(input, output, perMillion, cacheWrite, reasoning, maxOutputTokens);
    }

    /**
     * Returns a copy with the cache-write price set.
     *
     * @param perMillion USD per million tokens written to the cache
     * @return the new price
     */
    public ModelPrice withCacheWrite(@Nullable BigDecimal perMillion) {
        return new ModelPrice(input, output, cachedInput, perMillion, reasoning, maxOutputTokens);
    }

    /**
     * Returns a copy with the reasoning price set.
     *
     * @param perMillion USD per million reasoning tokens
     * @return the new price
     */
    public ModelPrice withReasoning(@Nullable BigDecimal perMillion) {
        return new ModelPrice(input, output, cachedInput, cacheWrite, perMillion, maxOutputTokens);
    }

    /**
     * Returns a copy with the output cap set.
     *
     * @param tokens the most output tokens one call can produce, or null when unknown
     * @return the new price
     */
    public ModelPrice withMaxOutputTokens(@Nullable Long tokens) {
        return new ModelPrice(input, output, cachedInput, cacheWrite, reasoning, tokens);
    }

    /**
     * Returns the exact cost of what a call used. Counts the provider did not report are taken
     * as zero; prompt tokens are split into plain, cache-read and cache-write ones, output into
     * text and reasoning.
     *
     * @param usage the reported usage
     * @return the cost in USD, exact
     */
    public BigDecimal cost(Usage usage) {
        Usage.Input in = usage.input();
        long cacheRead = orZero(in.cacheRead());
        long cacheWritten = orZero(in.cacheWrite());
        long plain = in.noCache() != null ? in.noCache() : Math.max(0, orZero(in.total()) - cacheRead - cacheWritten);
        Usage.Output out = usage.output();
        long reasoned = orZero(out.reasoning());
        long text = out.text() != null ? out.text() : Math.max(0, orZero(out.total()) - reasoned);
        BigDecimal millionths = input.multiply(BigDecimal.valueOf(plain))
                .add(cachedInputPrice().multiply(BigDecimal.valueOf(cacheRead)))
                .add(cacheWritePrice().multiply(BigDecimal.valueOf(cacheWritten)))
                .add(output.multiply(BigDecimal.valueOf(text)))
                .add(reasoningPrice().multiply(BigDecimal.valueOf(reasoned)));
        return millionths.movePointLeft(PER_MILLION);
    }

    /**
     * Returns the cost of prompt tokens alone, at the plain input price.
     *
     * @param tokens the prompt tokens
     * @return the cost in USD, exact
     */
    public BigDecimal inputCost(long tokens) {
        return input.multiply(BigDecimal.valueOf(tokens)).movePointLeft(PER_MILLION);
    }

    /**
     * Returns the most a call can cost: every prompt token at the dearest input price (plain or
     * cache write) and every output token at the dearest output price (text or reasoning).
     *
     * @param inputTokens the prompt tokens
     * @param outputTokens the most output tokens the call may produce
     * @return the cost in USD, exact
     */
    public BigDecimal worstCase(long inputTokens, long outputTokens) {
        return input.max(cacheWritePrice()).multiply(BigDecimal.valueOf(inputTokens))
                .add(output.max(reasoningPrice()).multiply(BigDecimal.valueOf(outputTokens)))
                .movePointLeft(PER_MILLION);
    }

    /**
     * Returns a price at least as high as both, component by component, with the larger output
     * cap: the worst case of a model group whose deployments differ.
     *
     * @param other the other price
     * @return the component-wise maximum
     */
    public ModelPrice max(ModelPrice other) {
        return new ModelPrice(input.max(other.input), output.max(other.output),
                cachedInputPrice().max(other.cachedInputPrice()), cacheWritePrice().max(other.cacheWritePrice()),
                reasoningPrice().max(other.reasoningPrice()),
                maxOutputTokens == null || other.maxOutputTokens == null ? null
                        : Long.valueOf(Math.max(maxOutputTokens, other.maxOutputTokens)));
    }

    private BigDecimal cachedInputPrice() {
        return Objects.requireNonNullElse(cachedInput, input);
    }

    private BigDecimal cacheWritePrice() {
        return Objects.requireNonNullElse(cacheWrite, input);
    }

    private BigDecimal reasoningPrice() {
        return Objects.requireNonNullElse(reasoning, output);
    }

    private static long orZero(@Nullable Long value) {
        return value == null ? 0 : value;
    }

    private static void requireNotNegative(String name, @Nullable BigDecimal value) {
        if (value != null && value.signum() < 0) {
            throw new IllegalArgumentException(name + " price must not be negative but was " + value.toPlainString());
        }
    }
}
