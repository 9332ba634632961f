package dev.ditto.control;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;

/**
 * Instants as the stores keep them: to the microsecond, the precision of PostgreSQL's and
 * H2's {@code TIMESTAMP WITH TIME ZONE}. Records truncate their instants on construction, so
 * a record compares equal to itself after a round trip through the database.
 */
public final class Timestamps {

    private Timestamps() {}

    /**
     * Truncates an instant to microseconds.
     *
     * @param instant the instant
     * @return the instant without its sub-microsecond part
     */
    public static Instant truncate(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * Truncates an instant that may be absent.
     *
     * @param instant the instant, or null
     * @return the truncated instant, or null
     */
    public static @Nullable Instant truncateNullable(@Nullable Instant instant) {
        return instant == null ? null : truncate(instant);
    }
}
