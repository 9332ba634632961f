package dev.ditto.control.budget;

import dev.ditto.control.Money;
import dev.ditto.control.Scope;
import dev.ditto.control.Timestamps;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A USD budget of one scope (LiteLLM's {@code max_budget} and {@code budget_duration}): spend
 * in the current period may not pass {@code maxBudget}; passing {@code softBudget} raises an
 * alert but refuses nothing. A scope may have several budgets (say a daily and a monthly one).
 * Immutable; amounts are kept at {@link Money#SCALE} places.
 *
 * @param id the id, such as {@code bud_01jd...}
 * @param scope whose spend it bounds
 * @param tenantId the tenant of the scope, for tenant-scoped listings; null for none
 * @param maxBudget the hard limit in USD, at least 0
 * @param softBudget the alert threshold in USD, if any
 * @param resetPeriod how often it starts over
 * @param periodStart when the current period started
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 */
public record Budget(String id, Scope scope, @Nullable String tenantId, BigDecimal maxBudget,
        @Nullable BigDecimal softBudget, ResetPeriod resetPeriod, Instant periodStart, Instant createdAt,
        Instant updatedAt) {

    /** Checks the amounts and normalizes them and the times. */
    public Budget {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(resetPeriod, "resetPeriod");
        if (maxBudget.signum() < 0) {
            throw new IllegalArgumentException("max budget must not be negative, got " + maxBudget);
        }
        if (softBudget != null && softBudget.signum() < 0) {
            throw new IllegalArgumentException("soft budget must not be negative, got " + softBudget);
        }
        maxBudget = Money.normalize(maxBudget);
        softBudget = Money.normalizeNullable(softBudget);
        periodStart = Timestamps.truncate(periodStart);
        createdAt = Timestamps.truncate(createdAt);
        updatedAt = Timestamps.truncate(updatedAt);
    }

    /**
     * Returns when the current period ends.
     *
     * @return the end, or null when the budget never resets
     */
    public @Nullable Instant periodEnd() {
        return resetPeriod.end(periodStart);
    }
}
