package dev.ditto.control.limits;

import java.util.List;

/**
 * Where counters, budget ledgers and reservations live: in memory for one node, in Redis for
 * many. Each operation is atomic: an admission checks every counter and hold of its plan and
 * takes all of them or none; a settlement releases a reservation and commits the spend at once.
 * Thread-safe.
 *
 * <p>The semantics every store implements (and {@code QuotaStoreContract} tests), for a counter
 * with limit {@code L}, window {@code W} and amount {@code a} at time {@code now}:
 * <ul>
 *   <li>sliding window: with {@code cur} the count of the fixed window {@code now} falls in and
 *       {@code prev} the one before, {@code used = prev * (W - elapsed) / W + cur}; admits when
 *       {@code used + a <= L}, and adds {@code a} to {@code cur};
 *   <li>token bucket (GCRA): with {@code T = W / L} and the stored theoretical arrival time
 *       {@code tat} (at least {@code now}), admits when {@code tat + a*T - now <= W} and stores
 *       the new {@code tat};
 *   <li>concurrency: admits when {@code inFlight + a <= L};
 *   <li>budget hold: admits when {@code spent < limit} and {@code spent + reserved + a <= limit},
 *       and adds {@code a} to {@code reserved}.
 * </ul>
 * Settlement subtracts each hold's amount from {@code reserved} and adds the actual cost to
 * {@code spent}, gives back concurrency slots, and adds {@code actual - estimate} tokens to the
 * fixed window (or the {@code tat}) that the estimate was counted in. Reservation records never
 * expire on their own; {@link #reap} releases those older than a cut-off.
 */
public interface QuotaStore extends AutoCloseable {

    /**
     * Checks and takes a plan, all or nothing, and records its reservation when admitted.
     *
     * @param plan the plan
     * @return the decision
     * @throws QuotaStoreUnavailableException if the store cannot answer
     */
    AdmitResult admit(AdmitPlan plan);

    /**
     * Settles an admitted plan: releases its reservation (if still there) and commits the cost.
     *
     * @param plan the plan that was admitted
     * @param actualTokens the tokens really used, for the reconciled counters
     * @param costNanos the cost to commit to every hold's ledger, in nano-dollars
     * @param nowMillis the wall time of the settlement
     * @return whether the reservation was found, and the ledgers after the commit
     * @throws QuotaStoreUnavailableException if the store cannot answer
     */
    SettleResult settle(AdmitPlan plan, long actualTokens, long costNanos, long nowMillis);

    /**
     * Releases (or, in a dry run, lists) reservations created before a cut-off, oldest first,
     * charging nothing and keeping their token estimates counted.
     *
     * @param createdBeforeMillis the cut-off, epoch milliseconds, exclusive
     * @param dryRun whether to only list them
     * @param limit the most to release or list
     * @param nowMillis the wall time of the operation
     * @return the plans released (or that would be)
     * @throws QuotaStoreUnavailableException if the store cannot answer
     */
    List<AdmitPlan> reap(long createdBeforeMillis, boolean dryRun, int limit, long nowMillis);

    /**
     * Reads a budget ledger.
     *
     * @param partition the plan partition the ledger lives in
     * @param holdKey the ledger's key
     * @param nowMillis the wall time
     * @return its balance; {@link LedgerBalance#EMPTY} if unused or expired
     * @throws QuotaStoreUnavailableException if the store cannot answer
     */
    LedgerBalance balance(String partition, String holdKey, long nowMillis);

    /** Releases the store's resources; counters held in memory are lost. */
    @Override
    void close();
}
