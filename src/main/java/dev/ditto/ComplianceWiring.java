package dev.ditto;

import dev.ditto.config.RetentionSettings;
import dev.ditto.control.ControlStore;
import dev.ditto.control.audit.AsyncAuditLog;
import dev.ditto.control.retention.RetentionPolicy;
import dev.ditto.control.retention.RetentionPurger;
import dev.ditto.control.retention.RetentionScheduler;
import dev.ditto.gateway.Compliance;
import dev.ditto.store.jpa.Database;
import dev.ditto.store.jpa.JpaRetentionStore;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of the composition root that builds the audit log's writer, the retention purge
 * and its schedule from {@code ditto.retention}. What it starts (the audit writer thread, the
 * purge thread) is handed to {@code track} so the assembly closes it before the database.
 */
final class ComplianceWiring {

    private static final Logger LOG = LoggerFactory.getLogger(ComplianceWiring.class);

    private ComplianceWiring() {}

    /**
     * Builds the compliance services.
     *
     * @param settings {@code ditto.retention}
     * @param database the database
     * @param store the control-plane stores on it
     * @param host the clock and ticker
     * @param track registers what the caller must close
     * @return what the edge needs
     */
    static Compliance compliance(RetentionSettings settings, Database database, ControlStore store,
            HostEnvironment host, UnaryOperator<AutoCloseable> track) {
        AsyncAuditLog audit = new AsyncAuditLog(store.audit(), AsyncAuditLog.Settings.ofDefaults(), host.clock(),
                host.ticker());
        track.apply(audit);
        RetentionPurger purger = new RetentionPurger(new JpaRetentionStore(database.entityManagerFactory()),
                store.audit(), new RetentionPolicy(settings.spendLogs(), settings.audit(), settings.batchSize()),
                host.clock());
        if (settings.interval() != null) {
            track.apply(new RetentionScheduler(purger, settings.interval()));
        }
        LOG.info("event=retention_configured spend_logs={} audit={} interval={} batch_size={}",
                settings.spendLogs() == null ? "never" : settings.spendLogs(),
                settings.audit() == null ? "never" : settings.audit(),
                settings.interval() == null ? "off" : settings.interval(), settings.batchSize());
        return new Compliance(audit, store, purger);
    }
}
