package dev.ditto.control;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A half-open time interval {@code [from, to)}; either end may be open. Immutable.
 *
 * @param from the first instant included, or null for no lower bound
 * @param to the first instant excluded, or null for no upper bound
 */
public record TimeRange(@Nullable Instant from, @Nullable Instant to) {

    private static final TimeRange ALL = new TimeRange(null, null);

    /** Checks the order. */
    public TimeRange {
        if (from != null && to != null && to.isBefore(from)) {
            throw new IllegalArgumentException("time range ends (" + to + ") before it starts (" + from + ")");
        }
    }

    /**
     * Returns the range of all time.
     *
     * @return the unbounded range
     */
    public static TimeRange all() {
        return ALL;
    }

    /**
     * Returns {@code [from, to)}.
     *
     * @param from the first instant included, or null
     * @param to the first instant excluded, or null
     * @return the range
     */
    public static TimeRange of(@Nullable Instant from, @Nullable Instant to) {
        return new TimeRange(from, to);
    }

    /**
     * Tells whether an instant lies in the range.
     *
     * @param instant the instant
     * @return true if {@code from <= instant < to}
     */
    public boolean contains(Instant instant) {
        return (from == null || !instant.isBefore(from)) && (to == null || instant.isBefore(to));
    }
}
