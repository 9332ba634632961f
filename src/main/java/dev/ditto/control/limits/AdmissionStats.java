package dev.ditto.control.limits;

import java.math.BigDecimal;

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
 * @param openReservations reservations this replica's requests in flight hold now (admitted, not yet settled)
 * @param reservedUsd the worst-case USD those reservations hold now
 * @param reaped reservations released by reaps run on this replica (dry runs excluded), of any replica
 * @param reapedUsd the USD those reaps released
 */
public record AdmissionStats(long admitted, long deniedByRateLimit, long deniedByBudget, long deniedUnpriced,
        long storeUnavailable, long failedOpen, long failedClosed, long settleFailures, long softBudgetAlerts,
        long openReservations, BigDecimal reservedUsd, long reaped, BigDecimal reapedUsd) {}
