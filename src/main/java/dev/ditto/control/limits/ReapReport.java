package dev.ditto.control.limits;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * What a reap released, or in a dry run would release.
 *
 * @param dryRun whether nothing was changed
 * @param reservations how many reservations
 * @param usd the USD they held, summed over every budget they reserved against
 * @param tokens the estimated tokens they counted (left counted: the calls may have run)
 * @param slots the parallel-request slots they held
 * @param details each reservation, oldest first
 */
public record ReapReport(boolean dryRun, int reservations, BigDecimal usd, long tokens, long slots,
        List<Reaped> details) {

    /** Copies the list. */
    public ReapReport {
        details = List.copyOf(details);
    }

    /**
     * One reaped reservation.
     *
     * @param reservationId its id
     * @param requestId the request that made it
     * @param replicaId the node that admitted it
     * @param createdAt when
     * @param scopes the scopes it held
     * @param usd the USD it held, over all its budgets
     * @param slots the parallel slots it held
     */
    public record Reaped(String reservationId, String requestId, String replicaId, Instant createdAt, String scopes,
            BigDecimal usd, long slots) {}
}
