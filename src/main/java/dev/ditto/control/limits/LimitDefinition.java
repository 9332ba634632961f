package dev.ditto.control.limits;

import dev.ditto.control.Scope;
import dev.ditto.control.Timestamps;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A rate limit of one scope (LiteLLM's {@code rpm_limit}, {@code tpm_limit},
 * {@code max_parallel_requests}), optionally only for one model group or one route group.
 * Immutable.
 *
 * @param id the id, such as {@code lim_01jd...}
 * @param scope whose requests it counts
 * @param tenantId the tenant of the scope, for tenant-scoped listings; null for none
 * @param rpm requests per minute, if limited
 * @param tpm tokens per minute, if limited
 * @param maxParallel requests in flight at once, if limited
 * @param model only requests for this model group; null for all
 * @param routeGroup only requests on this route group, such as {@code /v1/embeddings}; null for all
 * @param algorithm how rpm and tpm are counted
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 */
public record LimitDefinition(String id, Scope scope, @Nullable String tenantId, @Nullable Integer rpm,
        @Nullable Long tpm, @Nullable Integer maxParallel, @Nullable String model, @Nullable String routeGroup,
        LimitAlgorithm algorithm, Instant createdAt, Instant updatedAt) {

    /** Checks that something is limited, by positive numbers. */
    public LimitDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(algorithm, "algorithm");
        if (rpm == null && tpm == null && maxParallel == null) {
            throw new IllegalArgumentException("a limit needs at least one of rpm, tpm or max_parallel");
        }
        requirePositive("rpm", rpm);
        requirePositive("tpm", tpm);
        requirePositive("max_parallel", maxParallel);
        createdAt = Timestamps.truncate(createdAt);
        updatedAt = Timestamps.truncate(updatedAt);
    }

    private static void requirePositive(String name, @Nullable Number value) {
        if (value != null && value.longValue() < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
    }
}
