package dev.ditto.sdk;

/**
 * A monotonic time source in nanoseconds, injected wherever code measures a duration.
 *
 * <p>Use it for timeouts, latencies and local windows; use {@link java.time.Clock} (wall time)
 * for anything shared across nodes such as Redis windows, budget periods and reservation expiry.
 * Tests pass a fake that they advance instead of sleeping.
 *
 * <p>Implementations are thread-safe.
 */
@FunctionalInterface
public interface Ticker {

    /**
     * Returns the current reading of this ticker.
     *
     * @return nanoseconds from an arbitrary fixed origin; only differences are meaningful
     */
    long read();

    /**
     * Returns the ticker backed by {@link System#nanoTime()}.
     *
     * @return the system ticker
     */
    static Ticker system() {
        return SystemTicker.INSTANCE;
    }
}
