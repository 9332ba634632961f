package dev.ditto.control.limits;

import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * A scope's USD budget: what it may spend per period, and an optional soft limit at which an
 * alert is raised while requests continue.
 *
 * @param maxUsd the most the scope may spend in one period (LiteLLM's {@code max_budget})
 * @param period when spend resets (LiteLLM's {@code budget_duration})
 * @param softUsd the spend that raises an alert (LiteLLM's {@code soft_budget}), or null
 */
public record BudgetLimit(BigDecimal maxUsd, BudgetPeriod period, @Nullable BigDecimal softUsd) {

    /** Rejects negative amounts. */
    public BudgetLimit {
        if (maxUsd.signum() < 0) {
            throw new IllegalArgumentException("max budget must not be negative but was " + maxUsd.toPlainString());
        }
        if (softUsd != null && softUsd.signum() < 0) {
            throw new IllegalArgumentException("soft budget must not be negative but was " + softUsd.toPlainString());
        }
    }

    /**
     * Returns a budget without a soft limit.
     *
     * @param maxUsd the most per period
     * @param period when spend resets
     * @return the budget
     */
    public static BudgetLimit of(BigDecimal maxUsd, BudgetPeriod period) {
        return new BudgetLimit(maxUsd, period, null);
    }
}
