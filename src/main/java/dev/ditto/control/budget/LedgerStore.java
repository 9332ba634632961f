package dev.ditto.control.budget;

import dev.ditto.control.Page;
import dev.ditto.control.PageRequest;
import dev.ditto.control.Scope;
import dev.ditto.control.ScopeFilter;
import dev.ditto.control.TimeRange;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The durable ledger: spend and tokens per scope and period. Written behind in batches by the
 * budget enforcement (the hot path never waits for it), read by the admin API. Thread-safe.
 */
public interface LedgerStore {

    /**
     * Adds increments to their rows, creating rows that do not exist, in one transaction.
     * Several replicas may add to the same row at once; no increment is lost.
     *
     * @param increments the amounts to add; each row's {@code updatedAt} becomes the latest given
     */
    void addAll(List<LedgerEntry> increments);

    /**
     * Finds one scope's row for a period.
     *
     * @param scope the scope
     * @param periodStart the period's start
     * @return the row, or empty when nothing was spent
     */
    Optional<LedgerEntry> get(Scope scope, Instant periodStart);

    /**
     * Lists rows by id (scope, then period).
     *
     * @param filter which scopes
     * @param periodStarts only periods starting in this range
     * @param page where to start and how many
     * @return the page
     */
    Page<LedgerEntry> list(ScopeFilter filter, TimeRange periodStarts, PageRequest page);
}
