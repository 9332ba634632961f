package dev.ditto.control.limits;

import dev.ditto.control.Scope;
import java.math.BigDecimal;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A scope's spend crossed its soft budget: raised once per crossing, by the settlement that
 * crossed it.
 *
 * @param scope whose budget
 * @param budget the budget, with its soft limit
 * @param spentUsd the committed spend after the crossing settlement
 * @param periodStart the start of the budget period
 * @param periodEnd the end of the period, or null if the budget never resets
 * @param requestId the request whose settlement crossed it
 */
public record BudgetAlert(Scope scope, BudgetLimit budget, BigDecimal spentUsd, Instant periodStart,
        @Nullable Instant periodEnd, String requestId) {}
