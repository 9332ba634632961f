package dev.ditto.control.limits;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One rate limit of a scope: so many requests or tokens per window, or so many requests in
 * flight. A limit qualified by a route group or a model counts only the requests of that group
 * or model, on counters of its own: groups and models do not consume each other's quota.
 *
 * <pre>{@code
 * RateLimit.rpm(100);                                        // every request of the scope
 * RateLimit.tpm(50_000).forModel("gpt-4o").with(Algorithm.TOKEN_BUCKET);
 * RateLimit.parallel(4).forRouteGroup("embeddings");
 * }</pre>
 *
 * @param metric what is counted
 * @param limit how many per window (or in flight, for {@link Metric#PARALLEL}); 0 refuses everything
 * @param window the window of {@link Metric#REQUESTS} and {@link Metric#TOKENS}; ignored for parallel
 * @param algorithm how the window is enforced
 * @param routeGroup the route group counted, or null for all routes
 * @param model the model group counted, or null for all models
 */
public record RateLimit(Metric metric, long limit, Duration window, Algorithm algorithm, @Nullable String routeGroup,
        @Nullable String model) {

    /** The window of per-minute limits. */
    public static final Duration MINUTE = Duration.ofMinutes(1);

    /** What a limit counts. */
    public enum Metric {
        /** Requests per window. */
        REQUESTS,
        /** Tokens per window, prompt and output together: the estimate at admission, reconciled with the usage. */
        TOKENS,
        /** Requests in flight at once. */
        PARALLEL
    }

    /** How a windowed limit is enforced. */
    public enum Algorithm {
        /**
         * A sliding window approximated from two fixed windows (the previous one weighted by how
         * much of it still overlaps the sliding window): constant memory per counter; the default.
         */
        SLIDING_WINDOW,
        /** A token bucket as GCRA: the full limit may burst, then it refills evenly over the window. */
        TOKEN_BUCKET
    }

    /** Validates the numbers. */
    public RateLimit {
        if (limit < 0) {
            throw new IllegalArgumentException(metric + " limit must not be negative but was " + limit);
        }
        if (window.isNegative() || window.isZero() || window.toMillis() < 1) {
            throw new IllegalArgumentException("window must be at least 1 ms but was " + window);
        }
    }

    /**
     * Returns a requests-per-minute limit over all routes and models, as a sliding window.
     *
     * @param limit requests per minute
     * @return the limit
     */
    public static RateLimit rpm(long limit) {
        return new RateLimit(Metric.REQUESTS, limit, MINUTE, Algorithm.SLIDING_WINDOW, null, null);
    }

    /**
     * Returns a tokens-per-minute limit over all routes and models, as a sliding window.
     *
     * @param limit tokens per minute
     * @return the limit
     */
    public static RateLimit tpm(long limit) {
        return new RateLimit(Metric.TOKENS, limit, MINUTE, Algorithm.SLIDING_WINDOW, null, null);
    }

    /**
     * Returns a limit of requests in flight at once over all routes and models.
     *
     * @param limit the most requests in flight
     * @return the limit
     */
    public static RateLimit parallel(long limit) {
        return new RateLimit(Metric.PARALLEL, limit, MINUTE, Algorithm.SLIDING_WINDOW, null, null);
    }

    /**
     * Returns a copy enforced by another algorithm.
     *
     * @param algorithm the algorithm
     * @return the new limit
     */
    public RateLimit with(Algorithm algorithm) {
        return new RateLimit(metric, limit, window, algorithm, routeGroup, model);
    }

    /**
     * Returns a copy over another window.
     *
     * @param window the window
     * @return the new limit
     */
    public RateLimit per(Duration window) {
        return new RateLimit(metric, limit, window, algorithm, routeGroup, model);
    }

    /**
     * Returns a copy that counts only one route group.
     *
     * @param group the route group
     * @return the new limit
     */
    public RateLimit forRouteGroup(@Nullable String group) {
        return new RateLimit(metric, limit, window, algorithm, group, model);
    }

    /**
     * Returns a copy that counts only one model group.
     *
     * @param modelGroup the model group
     * @return the new limit
     */
    public RateLimit forModel(@Nullable String modelGroup) {
        return new RateLimit(metric, limit, window, algorithm, routeGroup, modelGroup);
    }

    /**
     * Describes the limit for messages, such as {@code 100 requests per minute (model gpt-4o)}.
     *
     * @return the description
     */
    public String describe() {
        String what = switch (metric) {
            case REQUESTS -> limit + " requests per " + windowName();
            case TOKENS -> limit + " tokens per " + windowName();
            case PARALLEL -> limit + " parallel requests";
        };
        if (routeGroup != null && model != null) {
            return what + " (route group " + routeGroup + ", model " + model + ")";
        }
        if (routeGroup != null) {
            return what + " (route group " + routeGroup + ")";
        }
        return model != null ? what + " (model " + model + ")" : what;
    }

    private String windowName() {
        return window.equals(MINUTE) ? "minute" : window.toMillis() % 1000 == 0
                ? window.toSeconds() + " s" : window.toMillis() + " ms";
    }
}
