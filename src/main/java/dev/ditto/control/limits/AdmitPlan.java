package dev.ditto.control.limits;

import java.util.List;

/**
 * Everything one admission checks and takes, in the form a {@link QuotaStore} executes
 * atomically: rate-limit counters, budget holds, and the reservation record that lets them be
 * released later. Keys are the store-neutral names built by the engine; a store adds its own
 * prefix and the partition. Immutable.
 *
 * @param partition the unit of atomicity (the caller's tenant): every key of the plan lives in it,
 *     so a Redis Cluster keeps them in one slot
 * @param reservation who reserved, when
 * @param counters the rate-limit counters to check and increment, in order
 * @param holds the budget ledgers to check and reserve against, in order
 */
public record AdmitPlan(String partition, Reservation reservation, List<Counter> counters, List<Hold> holds) {

    /** Copies the lists. */
    public AdmitPlan {
        counters = List.copyOf(counters);
        holds = List.copyOf(holds);
    }

    /**
     * Returns the wall time of the admission, which every window of the plan is computed from.
     *
     * @return epoch milliseconds
     */
    public long nowMillis() {
        return reservation.createdAtMillis();
    }

    /**
     * Returns the USD held by the plan over all budgets, in nano-dollars.
     *
     * @return the sum of the holds' amounts
     */
    public long heldNanos() {
        return holds.stream().mapToLong(Hold::amountNanos).sum();
    }

    /**
     * Returns the tokens counted by the plan's token counters.
     *
     * @return the sum of the reconciled counters' amounts
     */
    public long heldTokens() {
        return counters.stream().filter(Counter::reconcile).mapToLong(Counter::amount).sum();
    }

    /**
     * Returns the parallel-request slots the plan takes.
     *
     * @return the sum of the concurrency counters' amounts
     */
    public long slots() {
        return counters.stream().filter(c -> c.kind() == Counter.Kind.CONCURRENCY).mapToLong(Counter::amount).sum();
    }

    /**
     * The record of one admission, kept by the store until the request settles or is reaped.
     *
     * @param id the reservation's unique id (not the request id, which clients may choose)
     * @param requestId the gateway's request id
     * @param replicaId the gateway node that admitted it
     * @param createdAtMillis when, in epoch milliseconds
     * @param scopes the scopes it holds, for operators
     */
    public record Reservation(String id, String requestId, String replicaId, long createdAtMillis, String scopes) {}

    /**
     * A rate-limit counter.
     *
     * @param key the counter's name
     * @param kind how it counts
     * @param limit the most per window (or in flight)
     * @param windowMillis the window
     * @param amount what this request adds: 1 request, its estimated tokens, or 1 slot
     * @param reconcile whether settlement corrects the amount to the real token usage
     */
    public record Counter(String key, Kind kind, long limit, long windowMillis, long amount, boolean reconcile) {

        /** How a counter counts. */
        public enum Kind {
            /** Two fixed windows, the previous weighted by its overlap with the sliding window. */
            SLIDING_WINDOW,
            /** GCRA: a theoretical arrival time that advances by {@code window / limit} per unit. */
            TOKEN_BUCKET,
            /** Units in flight: taken at admission, given back at settlement. */
            CONCURRENCY
        }

        /**
         * Returns the fixed window an instant falls in, for sliding-window counters.
         *
         * @param nowMillis epoch milliseconds
         * @return the window's index since the epoch
         */
        public long bucket(long nowMillis) {
            return Math.floorDiv(nowMillis, windowMillis);
        }
    }

    /**
     * A budget ledger hold.
     *
     * @param key the ledger's name (scope and period)
     * @param limitNanos the budget, in nano-dollars
     * @param amountNanos what this request reserves: its worst-case cost
     * @param expiresAtMillis when the ledger may be forgotten (the period's end plus a grace), or 0 for never
     */
    public record Hold(String key, long limitNanos, long amountNanos, long expiresAtMillis) {}
}
