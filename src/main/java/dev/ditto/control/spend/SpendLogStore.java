package dev.ditto.control.spend;

import dev.ditto.control.Page;
import dev.ditto.control.PageRequest;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The spend log: one row per request. Appended in batches by the write-behind queue, read by
 * {@code /admin/spend}, exports and retention. Thread-safe.
 */
public interface SpendLogStore {

    /**
     * Appends rows in one transaction with batched inserts.
     *
     * @param entries the rows
     * @throws dev.ditto.control.ConflictException if a row id exists (none of the batch is kept)
     */
    void appendAll(List<SpendLogEntry> entries);

    /**
     * Appends one row.
     *
     * @param entry the row
     */
    default void append(SpendLogEntry entry) {
        appendAll(List.of(entry));
    }

    /**
     * Lists rows by start time, then id.
     *
     * @param filter which rows
     * @param page where to start and how many
     * @return the page
     */
    Page<SpendLogEntry> list(SpendFilter filter, PageRequest page);

    /**
     * Lists rows by start time, then id, after a given row: the keyset an export resumes from.
     *
     * @param filter which rows
     * @param afterId the id of the last row already read, or null to start at the first
     * @param limit how many rows at most, 1 to {@value PageRequest#MAX_LIMIT}
     * @return the page; its cursor is the last row's id
     * @throws IllegalArgumentException if no row has the id {@code afterId}
     */
    default Page<SpendLogEntry> listAfter(SpendFilter filter, @Nullable String afterId, int limit) {
        throw new UnsupportedOperationException("this spend-log store cannot resume after an id");
    }

    /**
     * Returns the rows of one request (one as a rule) by start time, through the request-id index.
     *
     * @param requestId the request's id, as its {@code x-request-id} answer header gave it
     * @param limit how many rows at most
     * @return the rows; empty when no request has the id
     */
    default List<SpendLogEntry> ofRequest(String requestId, int limit) {
        throw new UnsupportedOperationException("this spend-log store cannot look a request up");
    }

    /**
     * Adds up spend, requests and tokens per group, exactly, ordered by group (no group first).
     *
     * @param filter which rows
     * @param grouping what to group by
     * @param limit at most this many groups, 1 to 1000
     * @return the totals
     */
    List<SpendTotal> totals(SpendFilter filter, SpendGrouping grouping, int limit);
}
