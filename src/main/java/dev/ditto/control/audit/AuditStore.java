package dev.ditto.control.audit;

import dev.ditto.control.Page;
import dev.ditto.control.PageRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The audit log. Records are only ever appended (retention purges the oldest part of a chain
 * later). Make an admin write and its record in one {@link dev.ditto.control.ControlStore#inTransaction},
 * so that neither is kept without the other, and append the record last in that transaction:
 * appending locks the record's chain (see {@link AuditChain}) until the transaction ends.
 * Thread-safe.
 */
public interface AuditStore {

    /**
     * Appends a record at the end of its chain ({@link AuditChain#chainOf} its tenant): the store
     * assigns the sequence number, previous hash and hash, whatever the record carried.
     *
     * @param record the record
     * @return the record as stored, chained
     * @throws dev.ditto.control.ConflictException if the id exists
     */
    AuditRecord append(AuditRecord record);

    /**
     * Appends records in one transaction, each at the end of its chain, in the order given
     * within a chain.
     *
     * @param records the records
     * @return the records as stored, chained, in the order given
     * @throws dev.ditto.control.ConflictException if an id exists (none of the records is kept)
     */
    default List<AuditRecord> appendAll(List<AuditRecord> records) {
        List<AuditRecord> stored = new ArrayList<>(records.size());
        records.forEach(record -> stored.add(append(record)));
        return stored;
    }

    /**
     * Finds a record.
     *
     * @param id the id
     * @return the record, or empty
     */
    Optional<AuditRecord> get(String id);

    /**
     * Lists records by time, then id; chains' genesis records are left out.
     *
     * @param filter which records
     * @param page where to start and how many
     * @return the page
     */
    Page<AuditRecord> list(AuditFilter filter, PageRequest page);

    /**
     * Lists records in chain order: by chain id, then sequence number, which is the order a
     * verifier reads them in. The cursor of a page is the last record's id.
     *
     * @param filter which records
     * @param page where to start (after the record whose id is the cursor) and how many
     * @return the page
     * @throws IllegalArgumentException if the cursor names no stored record
     */
    default Page<AuditRecord> listChained(AuditFilter filter, PageRequest page) {
        throw new UnsupportedOperationException("this audit store cannot list by chain");
    }
}
