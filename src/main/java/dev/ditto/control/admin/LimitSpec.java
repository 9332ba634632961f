package dev.ditto.control.admin;

import dev.ditto.control.limits.LimitAlgorithm;
import dev.ditto.control.limits.LimitDefinition;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The changeable part of a rate limit (LiteLLM's {@code rpm_limit}, {@code tpm_limit},
 * {@code max_parallel_requests}), optionally for one model group or route group. Immutable.
 *
 * @param rpm requests per minute, if limited
 * @param tpm tokens per minute, if limited
 * @param maxParallel requests in flight at once, if limited
 * @param model only requests for this model group; null for all
 * @param routeGroup only requests on this route group; null for all
 * @param algorithm how rpm and tpm are counted
 */
public record LimitSpec(@Nullable Integer rpm, @Nullable Long tpm, @Nullable Integer maxParallel,
        @Nullable String model, @Nullable String routeGroup, LimitAlgorithm algorithm) {

    /** Checks that something is limited, by positive numbers. */
    public LimitSpec {
        Objects.requireNonNull(algorithm, "algorithm");
        if (rpm == null && tpm == null && maxParallel == null) {
            throw new InvalidFieldException("rpm_limit",
                    "a limit needs at least one of rpm_limit, tpm_limit or max_parallel_requests");
        }
        requirePositive("rpm_limit", rpm);
        requirePositive("tpm_limit", tpm);
        requirePositive("max_parallel_requests", maxParallel);
    }

    /**
     * Returns a limit's changeable part.
     *
     * @param limit the limit
     * @return its spec
     */
    public static LimitSpec of(LimitDefinition limit) {
        return new LimitSpec(limit.rpm(), limit.tpm(), limit.maxParallel(), limit.model(), limit.routeGroup(),
                limit.algorithm());
    }

    private static void requirePositive(String field, @Nullable Number value) {
        if (value != null && value.longValue() < 1) {
            throw new InvalidFieldException(field, field + " must be at least 1, got " + value);
        }
    }
}
