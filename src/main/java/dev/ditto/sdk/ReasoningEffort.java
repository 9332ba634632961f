package dev.ditto.sdk;

import java.util.Locale;

/**
 * How much a reasoning model should think before answering, in OpenAI's vocabulary. Adapters for
 * providers that take a token budget instead translate it (and say so in a warning).
 */
public enum ReasoningEffort {
    /** No reasoning at all, where the model allows it. */
    NONE,
    /** The least reasoning the model supports. */
    MINIMAL,
    /** Little reasoning. */
    LOW,
    /** The provider's usual default. */
    MEDIUM,
    /** Much reasoning. */
    HIGH,
    /** The most reasoning (OpenAI {@code xhigh}). */
    XHIGH;

    /**
     * Returns the lower-case wire name, such as {@code medium}.
     *
     * @return the wire name
     */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
