package dev.ditto.ops;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Where a write-behind queue (spend log, ledgers) registers its depth and lag, read at each
 * scrape. {@link #none()} ignores the registration. Thread-safe.
 */
@FunctionalInterface
public interface WriteBehindMetrics {

    /**
     * Returns the sink that ignores every queue.
     *
     * @return the no-op sink
     */
    static WriteBehindMetrics none() {
        return (queue, depth, lag) -> { };
    }

    /**
     * Registers a queue. The suppliers are called on the scrape thread: they must be cheap and
     * thread-safe, and must not block.
     *
     * @param queue a fixed name, such as {@code spend_log}
     * @param depth how many entries wait to be written now
     * @param lag how long the oldest waiting entry has waited; zero when empty
     */
    void register(String queue, LongSupplier depth, Supplier<Duration> lag);
}
