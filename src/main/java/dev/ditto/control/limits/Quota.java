package dev.ditto.control.limits;

import dev.ditto.control.Scope;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What applies to one scope of one request: its rate limits (already narrowed to the request's
 * route group and model) and its budget.
 *
 * @param scope whose quota it is
 * @param rateLimits the limits to check and count
 * @param budget the budget to reserve against, or null
 */
public record Quota(Scope scope, List<RateLimit> rateLimits, @Nullable BudgetLimit budget) {

    /** Copies the list. */
    public Quota {
        rateLimits = List.copyOf(rateLimits);
    }

    /**
     * Tells whether the quota limits nothing.
     *
     * @return true when there are no rate limits and no budget
     */
    public boolean isEmpty() {
        return rateLimits.isEmpty() && budget == null;
    }
}
