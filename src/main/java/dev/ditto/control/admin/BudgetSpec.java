package dev.ditto.control.admin;

import dev.ditto.control.Money;
import dev.ditto.control.budget.Budget;
import dev.ditto.control.budget.ResetPeriod;
import java.math.BigDecimal;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The changeable part of a budget (LiteLLM's {@code max_budget}, {@code soft_budget},
 * {@code budget_duration}). Immutable.
 *
 * @param maxBudget the hard limit in USD, at least 0
 * @param softBudget the alert threshold in USD, if any
 * @param resetPeriod how often it starts over
 */
public record BudgetSpec(BigDecimal maxBudget, @Nullable BigDecimal softBudget, ResetPeriod resetPeriod) {

    /** Checks the amounts. */
    public BudgetSpec {
        Objects.requireNonNull(resetPeriod, "resetPeriod");
        if (maxBudget.signum() < 0) {
            throw new InvalidFieldException("max_budget", "max_budget must not be negative, got "
                    + maxBudget.toPlainString());
        }
        if (softBudget != null && softBudget.signum() < 0) {
            throw new InvalidFieldException("soft_budget", "soft_budget must not be negative, got "
                    + softBudget.toPlainString());
        }
        maxBudget = Money.normalize(maxBudget);
        softBudget = Money.normalizeNullable(softBudget);
    }

    /**
     * Returns a budget's changeable part.
     *
     * @param budget the budget
     * @return its spec
     */
    public static BudgetSpec of(Budget budget) {
        return new BudgetSpec(budget.maxBudget(), budget.softBudget(), budget.resetPeriod());
    }
}
