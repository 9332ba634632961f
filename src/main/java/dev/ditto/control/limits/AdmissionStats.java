package dev.ditto.control.limits;

/**
 * Counts of what the engine decided since it started, point in time; for metrics and tests.
 *
 * @param admitted requests admitted against a store
 * @param deniedByRateLimit requests refused by an rpm, tpm or parallel limit
 * @param deniedByBudget requests refused by a budget
 * @param deniedUnpriced requests refused because a budget applied and the model has no price
 * @param storeUnavailable admissions and settlements that found the store unreachable
 * @param failedOpen requests admitted unchecked because the store was unreachable (fail_open)
 * @param failedClosed requests refused with 503 because the store was unreachable (fail_closed)
 * @param settleFailures settlements the store did not record (their reservations wait for the reaper)
 * @param softBudgetAlerts soft budgets crossed
 */
public record AdmissionStats(long admitted, long deniedByRateLimit, long deniedByBudget, long deniedUnpriced,
        long storeUnavailable, long failedOpen, long failedClosed, long settleFailures, long softBudgetAlerts) {}
