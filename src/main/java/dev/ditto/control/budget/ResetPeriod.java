package dev.ditto.control.budget;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How often a budget starts over: never, every UTC day, week or calendar month, or after a
 * fixed duration (LiteLLM's {@code budget_duration}, such as {@code 30d}). Immutable.
 *
 * @param kind the kind of period
 * @param duration the length, for {@link Kind#DURATION} only
 */
public record ResetPeriod(Kind kind, @Nullable Duration duration) {

    /** The kinds of periods. */
    public enum Kind {
        /** The budget never resets. */
        NEVER,
        /** Every day. */
        DAILY,
        /** Every seven days. */
        WEEKLY,
        /** Every calendar month (UTC). */
        MONTHLY,
        /** After a fixed duration. */
        DURATION;

        /**
         * Returns the name used in the database and on the wire.
         *
         * @return such as {@code monthly}
         */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * Parses a wire name.
         *
         * @param wireName such as {@code daily}, any case
         * @return the kind
         * @throws IllegalArgumentException naming the kinds that exist
         */
        public static Kind ofWireName(String wireName) {
            for (Kind kind : values()) {
                if (kind.wireName().equalsIgnoreCase(wireName)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException(
                    "reset period must be never, daily, weekly, monthly or duration, got '" + wireName + "'");
        }
    }

    /** Checks that a duration comes with, and only with, {@link Kind#DURATION}. */
    public ResetPeriod {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.DURATION && (duration == null || duration.isNegative() || duration.isZero())) {
            throw new IllegalArgumentException("a duration reset period needs a positive duration, got " + duration);
        }
        if (kind != Kind.DURATION && duration != null) {
            throw new IllegalArgumentException("only a duration reset period has a duration; " + kind.wireName()
                    + " was given " + duration);
        }
    }

    /**
     * Returns a period of a given kind.
     *
     * @param kind any kind but {@link Kind#DURATION}
     * @return the period
     */
    public static ResetPeriod of(Kind kind) {
        return new ResetPeriod(kind, null);
    }

    /**
     * Returns a fixed-length period.
     *
     * @param duration the length
     * @return the period
     */
    public static ResetPeriod every(Duration duration) {
        return new ResetPeriod(Kind.DURATION, duration);
    }

    /**
     * Returns when a period that started at {@code start} ends.
     *
     * @param start the period's start
     * @return the next period's start, or null when the budget never resets
     */
    public @Nullable Instant end(Instant start) {
        return switch (kind) {
            case NEVER -> null;
            case DAILY -> start.plus(Duration.ofDays(1));
            case WEEKLY -> start.plus(Duration.ofDays(7));
            case MONTHLY -> start.atOffset(ZoneOffset.UTC).plusMonths(1).toInstant();
            case DURATION -> start.plus(Objects.requireNonNull(duration));
        };
    }
}
