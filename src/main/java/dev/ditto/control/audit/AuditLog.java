package dev.ditto.control.audit;

/**
 * Where the data plane and background jobs report what the audit log must keep, without
 * waiting for the database: implementations queue the record and return at once; they never
 * block and never throw, so a failing audit store cannot fail a request. Admin writes do not
 * come through here: they append through {@link AuditStore} in their own transaction.
 *
 * <pre>{@code
 * audit.security(SecurityEvent.of(SecurityEvent.REAPER_RUN, "system", null, "replica", replicaId,
 *         Map.of("released", "3")));
 * }</pre>
 *
 * <p>Thread-safe.
 */
public interface AuditLog {

    /**
     * Reports a security event. Events of one action beyond a bounded rate are counted, not
     * kept: the next kept event of that action says how many were left out ({@code suppressed}).
     *
     * @param event the event
     */
    void security(SecurityEvent event);

    /**
     * Queues a record as it is, not sampled.
     *
     * @param record the record, not yet chained
     */
    void append(AuditRecord record);

    /**
     * Returns an audit log that keeps nothing.
     *
     * @return the no-op log
     */
    static AuditLog disabled() {
        return Disabled.INSTANCE;
    }

    /** Keeps nothing. */
    enum Disabled implements AuditLog {
        /** The one instance. */
        INSTANCE;

        @Override
        public void security(SecurityEvent event) {}

        @Override
        public void append(AuditRecord record) {}
    }
}
