package dev.ditto.control.limits;

import java.util.Locale;

/** How a rate limit counts. */
public enum LimitAlgorithm {
    /** A sliding one-minute window: the default. */
    SLIDING_WINDOW,
    /** A token bucket (GCRA): smooth, allows short bursts up to the bucket size. */
    TOKEN_BUCKET;

    /**
     * Returns the name used in the database and on the wire.
     *
     * @return {@code sliding_window} or {@code token_bucket}
     */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a wire name.
     *
     * @param wireName such as {@code token_bucket}, any case
     * @return the algorithm
     * @throws IllegalArgumentException naming the two that exist
     */
    public static LimitAlgorithm ofWireName(String wireName) {
        for (LimitAlgorithm algorithm : values()) {
            if (algorithm.wireName().equalsIgnoreCase(wireName)) {
                return algorithm;
            }
        }
        throw new IllegalArgumentException("limit algorithm must be sliding_window or token_bucket, got '"
                + wireName + "'");
    }
}
