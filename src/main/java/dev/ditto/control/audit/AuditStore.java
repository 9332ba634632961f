package dev.ditto.control.audit;

import dev.ditto.control.Page;
import dev.ditto.control.PageRequest;
import java.util.Optional;

/**
 * The audit log. Records are only ever appended (retention purges whole ranges later). Make
 * an admin write and its record in one {@link dev.ditto.control.ControlStore#inTransaction}, so
 * that neither is kept without the other. Thread-safe.
 */
public interface AuditStore {

    /**
     * Appends a record.
     *
     * @param record the record
     * @return the record as stored
     * @throws dev.ditto.control.ConflictException if the id exists
     */
    AuditRecord append(AuditRecord record);

    /**
     * Finds a record.
     *
     * @param id the id
     * @return the record, or empty
     */
    Optional<AuditRecord> get(String id);

    /**
     * Lists records by time, then id.
     *
     * @param filter which records
     * @param page where to start and how many
     * @return the page
     */
    Page<AuditRecord> list(AuditFilter filter, PageRequest page);
}
