package dev.ditto.control.limits;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;

/**
 * When a budget's spend resets: never, every fixed duration counted from an anchor, or every
 * so many calendar months (UTC) from an anchor. Periods are computed from wall time, the same on
 * every replica, so each replica charges the same period.
 *
 * <pre>{@code
 * BudgetPeriod.daily();                                             // UTC midnight
 * BudgetPeriod.every(Duration.ofHours(6), Instant.parse("2025-01-01T03:00:00Z"));
 * BudgetPeriod.months(1, Instant.parse("2025-01-15T00:00:00Z"));   // the 15th of every month
 * }</pre>
 */
public sealed interface BudgetPeriod {

    /** The anchor of the default periods: the Unix epoch, a UTC midnight and the first of a month. */
    Instant EPOCH = Instant.EPOCH;
    /** The anchor of weekly periods: Monday 1970-01-05, 00:00 UTC. */
    Instant FIRST_MONDAY = Instant.parse("1970-01-05T00:00:00Z");

    /**
     * Returns the period that contains an instant.
     *
     * @param now the instant
     * @return the period; its end is null for a budget that never resets
     */
    Window window(Instant now);

    /**
     * One period.
     *
     * @param start when it began, inclusive
     * @param end when it ends, exclusive; null if never
     */
    record Window(Instant start, @Nullable Instant end) {}

    /**
     * Returns the period of a budget that never resets (LiteLLM's {@code max_budget} without a
     * {@code budget_duration}).
     *
     * @return the period
     */
    static BudgetPeriod lifetime() {
        return Lifetime.INSTANCE;
    }

    /**
     * Returns daily periods starting at UTC midnight.
     *
     * @return the period
     */
    static BudgetPeriod daily() {
        return every(Duration.ofDays(1), EPOCH);
    }

    /**
     * Returns weekly periods starting on Monday at UTC midnight.
     *
     * @return the period
     */
    static BudgetPeriod weekly() {
        return every(Duration.ofDays(7), FIRST_MONDAY);
    }

    /**
     * Returns calendar-month periods starting on the first at UTC midnight.
     *
     * @return the period
     */
    static BudgetPeriod monthly() {
        return months(1, EPOCH);
    }

    /**
     * Returns periods of a fixed length counted from an anchor.
     *
     * @param length the length, at least one second
     * @param anchor the start of one period (any period, past or future)
     * @return the period
     * @throws IllegalArgumentException if the length is under a second
     */
    static BudgetPeriod every(Duration length, Instant anchor) {
        return new Fixed(length, anchor);
    }

    /**
     * Returns periods of whole calendar months (UTC) counted from an anchor; a day of month
     * that a month lacks is clamped to its last day.
     *
     * @param months the months per period, at least 1
     * @param anchor the start of one period
     * @return the period
     * @throws IllegalArgumentException if {@code months} is below 1
     */
    static BudgetPeriod months(int months, Instant anchor) {
        return new Months(months, anchor);
    }

    /** A budget that never resets. */
    enum Lifetime implements BudgetPeriod {
        /** The one instance. */
        INSTANCE;

        @Override
        public Window window(Instant now) {
            return new Window(Instant.EPOCH, null);
        }

        @Override
        public String toString() {
            return "lifetime";
        }
    }

    /**
     * Periods of a fixed length.
     *
     * @param length the length
     * @param anchor the start of one period
     */
    record Fixed(Duration length, Instant anchor) implements BudgetPeriod {

        /** Rejects lengths under a second. */
        public Fixed {
            if (length.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("a budget period must be at least 1 s but was " + length);
            }
        }

        @Override
        public Window window(Instant now) {
            long lengthMillis = length.toMillis();
            long index = Math.floorDiv(now.toEpochMilli() - anchor.toEpochMilli(), lengthMillis);
            Instant start = anchor.plusMillis(index * lengthMillis);
            return new Window(start, start.plusMillis(lengthMillis));
        }
    }

    /**
     * Periods of calendar months.
     *
     * @param months months per period
     * @param anchor the start of one period
     */
    record Months(int months, Instant anchor) implements BudgetPeriod {

        /** Rejects fewer than one month. */
        public Months {
            if (months < 1) {
                throw new IllegalArgumentException("a budget period must be at least 1 month but was " + months);
            }
        }

        @Override
        public Window window(Instant now) {
            ZonedDateTime origin = anchor.atZone(ZoneOffset.UTC);
            ZonedDateTime at = now.atZone(ZoneOffset.UTC);
            long elapsed = ChronoUnit.MONTHS.between(origin.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS),
                    at.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS));
            long index = Math.floorDiv(elapsed, months);
            ZonedDateTime start = origin.plusMonths(index * months);
            // Clamping (the 31st in a short month) can put the start after now; step back one period.
            while (start.isAfter(at)) {
                index--;
                start = origin.plusMonths(index * months);
            }
            ZonedDateTime end = origin.plusMonths((index + 1) * months);
            while (!end.isAfter(at)) {
                index++;
                start = end;
                end = origin.plusMonths((index + 1) * months);
            }
            return new Window(start.toInstant(), end.toInstant());
        }
    }
}
