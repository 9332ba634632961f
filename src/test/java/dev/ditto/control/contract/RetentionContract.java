package dev.ditto.control.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ditto.control.ControlStore;
import dev.ditto.control.IdGenerator;
import dev.ditto.control.PageRequest;
import dev.ditto.control.TimeRange;
import dev.ditto.control.audit.AuditChain;
import dev.ditto.control.audit.AuditChainVerifier;
import dev.ditto.control.audit.AuditFilter;
import dev.ditto.control.audit.AuditRecord;
import dev.ditto.control.retention.RetentionPolicy;
import dev.ditto.control.retention.RetentionPurger;
import dev.ditto.control.retention.RetentionStore;
import dev.ditto.control.spend.SpendFilter;
import dev.ditto.control.spend.SpendLogEntry;
import dev.ditto.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What retention must do on every store: delete what is older than the policy in small
 * batches, keep the rest, audit itself, and leave every audit chain verifiable from its new
 * start (an anchor vouches for it), purge after purge.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class RetentionContract {

    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    private final FakeClock clock = FakeClock.of(NOW);
    private final IdGenerator ids = IdGenerator.of(clock);

    /** @return the control store, empty before each test */
    protected abstract ControlStore store();

    /** @return the retention store on the same database */
    protected abstract RetentionStore retention();

    /** Empties the database. */
    protected abstract void deleteAll();

    @BeforeEach
    void empty() {
        deleteAll();
        clock.set(NOW);
    }

    private RetentionPurger purger(int batchSize) {
        return new RetentionPurger(retention(), store().audit(), new RetentionPolicy(Duration.ofDays(90),
                Duration.ofDays(400), batchSize), clock);
    }

    @Test
    void deletesOldSpendLogsInBatchesAndKeepsTheRest() {
        for (int day = 0; day < 12; day++) {
            spend(NOW.minus(Duration.ofDays(85 + day)));
        }

        RetentionPurger.PurgeReport report = purger(2).purge("master-key", "global_admin", true);

        // 91 to 96 days old go; 90 days old is the cutoff itself, and stays.
        assertThat(report.spendLogsDeleted()).isEqualTo(6);
        assertThat(report.spendLogsCutoff()).isEqualTo(NOW.minus(Duration.ofDays(90)));
        List<SpendLogEntry> kept = store().spendLogs().list(SpendFilter.during(TimeRange.all()), PageRequest.first(100))
                .items();
        assertThat(kept).hasSize(6).allSatisfy(entry -> assertThat(entry.startedAt())
                .isAfterOrEqualTo(NOW.minus(Duration.ofDays(90))));
    }

    @Test
    void cutsOldAuditRecordsAndEveryChainStillVerifiesFromItsAnchor() {
        for (int i = 0; i < 10; i++) {
            audit(NOW.minus(Duration.ofDays(405 - i)), null);
            audit(NOW.minus(Duration.ofDays(405 - i)), "ten_a");
        }
        audit(NOW.minus(Duration.ofDays(10)), "ten_b");
        String firstKept = idOfSeq("tenant:ten_a", 7);

        RetentionPurger.PurgeReport report = purger(3).purge(RetentionPurger.SCHEDULER, "system", false);

        // 405..401 days old go (5 records + the genesis, per chain); 400 and younger stay.
        assertThat(report.auditDeleted()).isEqualTo(12);
        assertThat(report.auditChainsCut()).isEqualTo(2);
        List<String> lines = AuditChainContract.export(store(), AuditFilter.during(TimeRange.all()));
        AuditChainVerifier.Result result = AuditChainContract.verify(lines);
        assertThat(result.ok()).as(result.report()).isTrue();
        assertThat(result.chains()).allSatisfy(chain -> assertThat(chain.anchored()).isTrue());
        List<AuditRecord> tenantA = chained("ten_a");
        assertThat(tenantA.get(0).id()).isEqualTo(firstKept);
        assertThat(tenantA.get(tenantA.size() - 1).action()).isEqualTo(AuditChain.ANCHOR_ACTION);
        assertThat(tenantA.get(tenantA.size() - 1).after()).contains("\"first_kept_seq\":\"7\"",
                "\"first_kept_prev_hash\":\"" + tenantA.get(0).prevHash() + "\"");
        assertThat(chained("ten_b")).extracting(AuditRecord::seq).containsExactly(1L, 2L);
        List<AuditRecord> global = chained(null);
        assertThat(global.get(global.size() - 1).action()).isEqualTo(RetentionPurger.PURGE_ACTION);
        assertThat(global.get(global.size() - 1).after()).contains("\"audit_deleted\":\"12\"");
    }

    @Test
    void chainsStayVerifiableAcrossPurgeAfterPurge() {
        for (int i = 0; i < 6; i++) {
            audit(NOW.minus(Duration.ofDays(403 - i)), "ten_a");
        }
        purger(2).purge(RetentionPurger.SCHEDULER, "system", false);
        clock.advance(Duration.ofDays(2));
        audit(clock.instant(), "ten_a");

        RetentionPurger.PurgeReport second = purger(2).purge(RetentionPurger.SCHEDULER, "system", false);

        assertThat(second.auditDeleted()).isEqualTo(2);
        AuditChainVerifier.Result result = AuditChainContract.verify(
                AuditChainContract.export(store(), AuditFilter.during(TimeRange.all()).tenant("ten_a")));
        assertThat(result.ok()).as(result.report()).isTrue();
        assertThat(result.chains().get(0).firstSeq()).isEqualTo(7);
    }

    @Test
    void aPurgeWithNothingToDeleteIsAuditedOnlyWhenAnAdministratorAskedForIt() {
        audit(NOW.minus(Duration.ofDays(1)), null);

        purger(10).purge(RetentionPurger.SCHEDULER, "system", false);
        int afterScheduled = chained(null).size();
        RetentionPurger.PurgeReport asked = purger(10).purge("alice", "global_admin", true);

        assertThat(afterScheduled).isEqualTo(2);
        assertThat(asked.auditDeleted()).isZero();
        AuditRecord last = chained(null).get(2);
        assertThat(last.action()).isEqualTo(RetentionPurger.PURGE_ACTION);
        assertThat(last.actor()).isEqualTo("alice");
    }

    private List<AuditRecord> chained(@Nullable String tenant) {
        return store().audit().listChained(AuditFilter.during(TimeRange.all()).tenant(tenant), PageRequest.first(1000))
                .items().stream().filter(record -> tenant != null || AuditChain.GLOBAL.equals(record.chain())).toList();
    }

    private String idOfSeq(String chain, long seq) {
        List<AuditRecord> all = new ArrayList<>(store().audit().listChained(AuditFilter.during(TimeRange.all()),
                PageRequest.first(1000)).items());
        return all.stream().filter(r -> chain.equals(r.chain()) && r.seq() == seq).findFirst().orElseThrow().id();
    }

    private void audit(Instant at, @Nullable String tenant) {
        store().audit().append(AuditRecord.builder(ids.next(IdGenerator.AUDIT, at.toEpochMilli()), at)
                .actor("admin", "global_admin").action("key.update", "key", "key_1").tenantId(tenant).build());
    }

    private void spend(Instant at) {
        store().spendLogs().append(SpendLogEntry.builder(ids.next(IdGenerator.SPEND, at.toEpochMilli()), "req",
                "key_1", at).build());
    }
}
