package dev.ditto.control.limits;

import dev.ditto.control.audit.SecurityEvent;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
     * Returns the audit log's record of the reap ({@link SecurityEvent#REAPER_RUN}, in the global
     * chain): who ran it, how, and what it released; the reservations themselves are not listed.
     *
     * @param actor who ran it: an administrator, {@code jmx}, {@code system}
     * @param role the role it acted in
     * @param trigger {@code endpoint}, {@code jmx} or {@code schedule}
     * @param olderThan the age a reservation had to reach
     * @return the event
     */
    public SecurityEvent event(String actor, String role, String trigger, Duration olderThan) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("trigger", trigger);
        facts.put("dry_run", Boolean.toString(dryRun));
        facts.put("older_than_s", Long.toString(olderThan.toSeconds()));
        facts.put("reservations", Integer.toString(reservations));
        facts.put("usd", usd.toPlainString());
        facts.put("tokens", Long.toString(tokens));
        facts.put("slots", Long.toString(slots));
        return SecurityEvent.of(SecurityEvent.REAPER_RUN, actor, null, "reservations", null, facts).as(role);
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
