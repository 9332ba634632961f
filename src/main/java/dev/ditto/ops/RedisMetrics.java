package dev.ditto.ops;

import dev.ditto.sdk.Ticker;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Where the Redis-backed components report the latency and failures of their commands. The
 * metrics implementation counts them; {@link #none()} ignores them. Thread-safe; never throws.
 */
public interface RedisMetrics {

    /**
     * Returns the sink that ignores everything, for a gateway without Redis or without metrics.
     *
     * @return the no-op sink
     */
    static RedisMetrics none() {
        return (command, latency, failed) -> { };
    }

    /**
     * Records one command (or one script, or one pipeline).
     *
     * @param command a fixed name for what was run, such as {@code ping} or {@code reserve};
     *     never a key or a value
     * @param latency how long it took, failed or not
     * @param failed true if it threw or timed out
     */
    void record(String command, Duration latency, boolean failed);

    /**
     * Runs a command and records it.
     *
     * <pre>{@code
     * String pong = redisMetrics.timed("ping", ticker, redis::ping);
     * }</pre>
     *
     * @param command a fixed name for what is run
     * @param ticker monotonic time
     * @param call the command
     * @param <T> its result type
     * @return its result
     * @throws Exception whatever the command throws, after recording the failure
     */
    default <T> T timed(String command, Ticker ticker, Callable<T> call) throws Exception {
        long start = ticker.read();
        boolean failed = true;
        try {
            T result = call.call();
            failed = false;
            return result;
        } finally {
            record(command, Duration.ofNanos(ticker.read() - start), failed);
        }
    }
}
