package dev.ditto.ops.metrics;

import java.time.Duration;

/**
 * Histogram bucket bounds. Fixed and few, so that each labelled series costs a known number of
 * samples (Micrometer's automatic percentile histogram would add about 70 per series).
 */
final class Buckets {

    /** Whole requests and time to first token: 5 ms to 5 minutes. */
    static final Duration[] REQUEST = millis(5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000,
            120_000, 300_000);

    /** The gateway's own overhead: 0.5 ms to 5 s. */
    static final Duration[] OVERHEAD = micros(500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000,
            500_000, 1_000_000, 5_000_000);

    /** Redis round trips: 0.25 ms to 2.5 s. */
    static final Duration[] REDIS = micros(250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 100_000, 500_000, 2_500_000);

    /** LiteLLM's latency buckets, in seconds, so its dashboards' quantiles read the same. */
    static final double[] LITELLM = {0.005, 0.00625, 0.0125, 0.025, 0.05, 0.1, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0,
        4.5, 5.0, 5.5, 6.0, 6.5, 7.0, 7.5, 8.0, 8.5, 9.0, 9.5, 10.0, 15.0, 20.0, 25.0, 30.0, 60.0, 120.0, 180.0, 240.0,
        300.0};

    private Buckets() {}

    private static Duration[] millis(long... values) {
        Duration[] durations = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            durations[i] = Duration.ofMillis(values[i]);
        }
        return durations;
    }

    private static Duration[] micros(long... values) {
        Duration[] durations = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            durations[i] = Duration.ofNanos(values[i] * 1_000);
        }
        return durations;
    }
}
