package dev.ditto.control.retention;

import dev.ditto.control.IdGenerator;
import dev.ditto.control.audit.AuditChain;
import dev.ditto.control.audit.AuditRecord;
import dev.ditto.control.audit.AuditStore;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes spend logs and audit records older than the policy keeps them, in batches of at most
 * {@link RetentionPolicy#batchSize()} rows per transaction, and audits itself.
 *
 * <p>Audit chains are cut as a prefix, and an anchor record ({@value AuditChain#ANCHOR_ACTION})
 * is appended to the chain before its records are deleted. The anchor names the first record
 * kept and that record's previous hash, so an export of the chain that starts there still
 * verifies: the verifier accepts a chain whose start an anchor in the same chain vouches for.
 * Then a {@value #PURGE_ACTION} record in the global chain says what the purge deleted (written
 * when something was deleted, or always when an administrator asked for the purge).
 *
 * <p>Thread-safe; purges from several replicas at once are harmless. A purge stops between
 * batches when its thread is interrupted.
 */
public final class RetentionPurger {

    /** The action of the record that audits a purge. */
    public static final String PURGE_ACTION = "retention.purge";
    /** Who runs the scheduled purge. */
    public static final String SCHEDULER = "retention-scheduler";

    private static final Logger LOG = LoggerFactory.getLogger(RetentionPurger.class);

    private final RetentionStore store;
    private final AuditStore audit;
    private final RetentionPolicy policy;
    private final Clock clock;
    private final IdGenerator ids;

    /**
     * Creates the purger.
     *
     * @param store the deletes
     * @param audit where anchors and the purge's own record are appended
     * @param policy what to keep
     * @param clock wall time: cutoffs are now minus the ages
     */
    public RetentionPurger(RetentionStore store, AuditStore audit, RetentionPolicy policy, Clock clock) {
        this.store = store;
        this.audit = audit;
        this.policy = policy;
        this.clock = clock;
        this.ids = IdGenerator.of(clock);
    }

    /**
     * Returns the policy.
     *
     * @return what is kept
     */
    public RetentionPolicy policy() {
        return policy;
    }

    /**
     * Purges every kind of record once.
     *
     * @param actor who asked: an administrator's name, or {@value #SCHEDULER}
     * @param role the role they asked in
     * @param explicit whether an administrator asked (the purge is then audited even if it deleted nothing)
     * @return what was deleted
     * @throws dev.ditto.control.StoreUnavailableException if the database fails; what was
     *     deleted before stays deleted
     */
    public PurgeReport purge(String actor, String role, boolean explicit) {
        Instant now = clock.instant();
        Instant spendCutoff = policy.spendLogs() == null ? null : now.minus(policy.spendLogs());
        Instant auditCutoff = policy.audit() == null ? null : now.minus(policy.audit());
        long spendDeleted = spendCutoff == null ? 0 : purgeSpendLogs(spendCutoff);
        long auditDeleted = 0;
        int chainsCut = 0;
        if (auditCutoff != null) {
            for (String chain : store.auditChains()) {
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
                long deleted = purgeChain(chain, auditCutoff, actor, role);
                auditDeleted += deleted;
                chainsCut += deleted > 0 ? 1 : 0;
            }
        }
        PurgeReport report = new PurgeReport(now, spendCutoff, spendDeleted, auditCutoff, auditDeleted, chainsCut);
        if (explicit || spendDeleted > 0 || auditDeleted > 0) {
            audit.append(AuditRecord.builder(ids.next(IdGenerator.AUDIT), clock.instant()).actor(actor, role)
                    .action(PURGE_ACTION, "retention", null).change(null, AuditChain.json(report.details())).build());
        }
        LOG.info("event=retention_purged actor={} spend_logs_deleted={} audit_deleted={} audit_chains_cut={}", actor,
                spendDeleted, auditDeleted, chainsCut);
        return report;
    }

    private long purgeSpendLogs(Instant cutoff) {
        long total = 0;
        int deleted;
        do {
            deleted = store.deleteSpendLogsBefore(cutoff, policy.batchSize());
            total += deleted;
        } while (deleted == policy.batchSize() && !Thread.currentThread().isInterrupted());
        return total;
    }

    /** Anchors the chain where its kept part will start, then deletes the part before, oldest first. */
    private long purgeChain(String chain, Instant cutoff, String actor, String role) {
        RetentionStore.ChainCut cut = store.auditCut(chain, cutoff).orElse(null);
        if (cut == null) {
            return 0;
        }
        Map<String, @Nullable String> anchor = new LinkedHashMap<>();
        anchor.put(AuditChain.ANCHOR_FIRST_SEQ, Long.toString(cut.throughSeq() + 1));
        anchor.put(AuditChain.ANCHOR_FIRST_PREV_HASH, cut.throughHash());
        anchor.put("purged_from_seq", Long.toString(cut.firstSeq()));
        anchor.put("purged_through_seq", Long.toString(cut.throughSeq()));
        anchor.put("cutoff", AuditChain.time(cutoff));
        audit.append(AuditRecord.builder(ids.next(IdGenerator.AUDIT), clock.instant()).actor(actor, role)
                .action(AuditChain.ANCHOR_ACTION, AuditChain.CHAIN_TARGET, chain).change(null, AuditChain.json(anchor))
                .tenantId(tenantOf(chain)).build());
        long total = 0;
        int deleted;
        do {
            deleted = store.deleteAuditThrough(chain, cut.throughSeq(), policy.batchSize());
            total += deleted;
        } while (deleted == policy.batchSize() && !Thread.currentThread().isInterrupted());
        return total;
    }

    private static @Nullable String tenantOf(String chain) {
        return chain.startsWith(AuditChain.TENANT_PREFIX) ? chain.substring(AuditChain.TENANT_PREFIX.length()) : null;
    }

    /**
     * What one purge deleted.
     *
     * @param ranAt when it started
     * @param spendLogsCutoff spend logs that started before it were deleted; null if they are kept
     * @param spendLogsDeleted how many spend-log rows were deleted
     * @param auditCutoff audit records before it were deleted; null if they are kept
     * @param auditDeleted how many audit records were deleted
     * @param auditChainsCut how many chains lost records (each got an anchor)
     */
    public record PurgeReport(Instant ranAt, @Nullable Instant spendLogsCutoff, long spendLogsDeleted,
            @Nullable Instant auditCutoff, long auditDeleted, int auditChainsCut) {

        /**
         * Returns the report as the purge's audit record keeps it: strings, in a fixed order.
         *
         * @return field name to value
         */
        public Map<String, @Nullable String> details() {
            Map<String, @Nullable String> details = new LinkedHashMap<>();
            details.put("ran_at", AuditChain.time(ranAt));
            details.put("spend_logs_cutoff", spendLogsCutoff == null ? null : AuditChain.time(spendLogsCutoff));
            details.put("spend_logs_deleted", Long.toString(spendLogsDeleted));
            details.put("audit_cutoff", auditCutoff == null ? null : AuditChain.time(auditCutoff));
            details.put("audit_deleted", Long.toString(auditDeleted));
            details.put("audit_chains_cut", Integer.toString(auditChainsCut));
            return details;
        }
    }
}
