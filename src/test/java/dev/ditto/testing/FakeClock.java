package dev.ditto.testing;

import dev.ditto.sdk.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock for tests that moves only when told to: wall time ({@link Clock}, UTC) and monotonic
 * time ({@link Ticker}) in one object, so code that takes either can be driven without sleeping.
 *
 * <p>{@link #advance(Duration)} moves both readings by the same amount. {@link #set(Instant)}
 * moves only the wall time, the way NTP or an operator can jump a real wall clock; the ticker
 * never goes backwards.
 *
 * <p>Thread-safe: both readings live in one immutable snapshot swapped atomically, so a reader
 * never sees the wall time of one advance with the ticker of another. Clocks returned by
 * {@link #withZone(ZoneId)} share that snapshot.
 *
 * <pre>{@code
 * FakeClock clock = FakeClock.of(Instant.parse("2025-06-01T12:00:00Z"));
 * long started = clock.read();                 // pass `clock` wherever a Clock or Ticker goes
 * clock.advance(Duration.ofSeconds(30));
 * assert clock.read() - started == 30_000_000_000L;
 * }</pre>
 */
public final class FakeClock extends Clock implements Ticker {

    /** The wall time a clock made by {@link #ofDefaults()} starts at. */
    public static final Instant DEFAULT_START = Instant.parse("2025-01-01T00:00:00Z");

    /**
     * The first {@link #read()} of every new clock. Not zero, so code that treats a zero reading
     * as "never set" is caught.
     */
    public static final long TICKER_START = 1_000_000_000L;

    private final AtomicReference<Reading> reading;
    private final ZoneId zone;

    private FakeClock(AtomicReference<Reading> reading, ZoneId zone) {
        this.reading = reading;
        this.zone = zone;
    }

    /**
     * Returns a clock whose wall time starts at {@link #DEFAULT_START}.
     *
     * @return a new clock in UTC
     */
    public static FakeClock ofDefaults() {
        return of(DEFAULT_START);
    }

    /**
     * Returns a clock whose wall time starts at {@code start}.
     *
     * @param start the first wall-clock reading
     * @return a new clock in UTC whose ticker reads {@link #TICKER_START}
     */
    public static FakeClock of(Instant start) {
        Objects.requireNonNull(start, "start");
        return new FakeClock(new AtomicReference<>(new Reading(start, TICKER_START)), ZoneOffset.UTC);
    }

    /**
     * Moves wall time and monotonic time forward by the same amount.
     *
     * @param amount how far to move; zero is allowed
     * @return this clock, for chaining
     * @throws IllegalArgumentException if {@code amount} is negative
     * @throws ArithmeticException if the ticker would overflow a {@code long} of nanoseconds
     */
    public FakeClock advance(Duration amount) {
        Objects.requireNonNull(amount, "amount");
        if (amount.isNegative()) {
            throw new IllegalArgumentException("cannot advance by a negative amount: " + amount);
        }
        long nanos = amount.toNanos();
        reading.updateAndGet(r -> new Reading(r.wall().plus(amount), Math.addExact(r.nanos(), nanos)));
        return this;
    }

    /**
     * Sets the wall time, forwards or backwards, leaving the monotonic ticker where it is.
     *
     * @param wall the new wall-clock reading
     * @return this clock, for chaining
     */
    public FakeClock set(Instant wall) {
        Objects.requireNonNull(wall, "wall");
        reading.updateAndGet(r -> new Reading(wall, r.nanos()));
        return this;
    }

    /**
     * Returns the current wall-clock reading.
     *
     * @return the instant this clock was set or advanced to
     */
    @Override
    public Instant instant() {
        return reading.get().wall();
    }

    /**
     * Returns the current wall-clock reading in epoch milliseconds.
     *
     * @return {@code instant().toEpochMilli()}
     */
    @Override
    public long millis() {
        return instant().toEpochMilli();
    }

    /**
     * Returns the current monotonic reading.
     *
     * @return nanoseconds; starts at {@link #TICKER_START} and only grows
     */
    @Override
    public long read() {
        return reading.get().nanos();
    }

    /**
     * Returns the zone of this clock, UTC unless made by {@link #withZone(ZoneId)}.
     *
     * @return the zone
     */
    @Override
    public ZoneId getZone() {
        return zone;
    }

    /**
     * Returns a view of this clock in another zone; advancing either moves both.
     *
     * @param zone the zone of the view
     * @return a clock sharing this clock's readings
     */
    @Override
    public FakeClock withZone(ZoneId zone) {
        Objects.requireNonNull(zone, "zone");
        return new FakeClock(reading, zone);
    }

    @Override
    public String toString() {
        Reading r = reading.get();
        return "FakeClock[wall=" + r.wall() + ", ticker=" + r.nanos() + ", zone=" + zone + "]";
    }

    /** One consistent pair of readings; replaced as a whole on every change. */
    private record Reading(Instant wall, long nanos) {
    }
}
