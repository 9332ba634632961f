package dev.ditto.control.retention;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the purge needs from the database. Every delete is one short transaction of at most
 * {@code limit} rows, chosen by an index, never read into memory. Thread-safe; several replicas
 * may purge at once (they delete the same rows, and the later one finds them gone).
 */
public interface RetentionStore {

    /**
     * Deletes the oldest spend-log rows that started before a time.
     *
     * @param cutoff rows that started before it go
     * @param limit the most rows to delete
     * @return how many were deleted; less than {@code limit} when none are left
     */
    int deleteSpendLogsBefore(Instant cutoff, int limit);

    /**
     * Lists the audit chains.
     *
     * @return every chain id
     */
    List<String> auditChains();

    /**
     * Finds where a chain's purge ends: its records from the start up to just before the first
     * one that happened at or after the cutoff (a chain is cut as a prefix, so a record kept
     * never loses the record before it to a purge while an older one stays).
     *
     * @param chain the chain id
     * @param cutoff records before it may go
     * @return the last record to delete, or empty when nothing is that old
     */
    Optional<ChainCut> auditCut(String chain, Instant cutoff);

    /**
     * Deletes the oldest records of a chain, up to and including a sequence number.
     *
     * @param chain the chain id
     * @param throughSeq the last sequence number to delete
     * @param limit the most rows to delete
     * @return how many were deleted; less than {@code limit} when none are left
     */
    int deleteAuditThrough(String chain, long throughSeq, int limit);

    /**
     * Where a chain is cut.
     *
     * @param chain the chain id
     * @param firstSeq the first sequence number stored now
     * @param throughSeq the last sequence number to delete
     * @param throughHash that record's hash: the previous hash of the first record kept
     */
    record ChainCut(String chain, long firstSeq, long throughSeq, String throughHash) {}
}
