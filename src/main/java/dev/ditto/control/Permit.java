package dev.ditto.control;

import java.math.BigDecimal;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An admitted request's hold on the caller's limits and budgets. The data plane settles it
 * exactly once when the request ends, however it ends: the actual usage is committed and the
 * rest of the reservation released (all of it when nothing was used).
 */
@FunctionalInterface
public interface Permit {

    /** The permit of a request nothing was reserved for; settling it costs nothing. */
    Permit NONE = outcome -> null;

    /**
     * Commits what the request used and releases the rest. Must not throw for an outcome it
     * cannot price; it records the problem and returns null instead.
     *
     * @param outcome how the request ended and what it used
     * @return the cost in USD charged to the caller, or null when not priced
     */
    @Nullable BigDecimal settle(Outcome outcome);

    /**
     * Returns the rate-limit headers of the admitted request, in OpenAI's shape
     * ({@code x-ratelimit-limit-requests}, {@code x-ratelimit-remaining-tokens}, ...): what is
     * left of the caller's tightest request and token limits once this request is counted. Cheap;
     * computed on demand.
     *
     * @return header names and values; empty when no rate limit counted the request
     */
    default Map<String, String> headers() {
        return Map.of();
    }
}
