package dev.ditto.control.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ditto.control.ConflictException;
import dev.ditto.control.ControlStore;
import dev.ditto.control.IdGenerator;
import dev.ditto.control.Page;
import dev.ditto.control.PageRequest;
import dev.ditto.control.TimeRange;
import dev.ditto.control.audit.AuditChain;
import dev.ditto.control.audit.AuditChainVerifier;
import dev.ditto.control.audit.AuditFilter;
import dev.ditto.control.audit.AuditRecord;
import java.io.BufferedReader;
import java.io.StringReader;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every audit store must do with the hash chain: several replicas appending at once keep
 * every chain gapless and verifiable, a rolled-back append leaves no trace, records list in
 * chain order and resume after a cursor. Implementations give three stores on one database,
 * each as another replica would have it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AuditChainContract {

    private static final Instant T0 = Instant.parse("2025-03-01T00:00:00Z");

    private final IdGenerator ids = IdGenerator.of(Clock.systemUTC());

    /** @return three stores on the same database (three replicas), empty before each test */
    protected abstract List<ControlStore> replicas();

    /** Empties the database. */
    protected abstract void deleteAll();

    @BeforeEach
    void empty() {
        deleteAll();
    }

    @Test
    void threeReplicasAppendingAtOnceKeepEveryChainGaplessAndVerifiable() throws Exception {
        int perWriter = 100;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService writers = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (ControlStore replica : replicas()) {
                done.add(writers.submit(() -> {
                    start.await();
                    for (int i = 0; i < perWriter; i++) {
                        String tenant = i % 3 == 0 ? null : i % 3 == 1 ? "ten_a" : "ten_b";
                        if (i % 10 == 0) {
                            // A batch across chains, as the security-event writer sends them.
                            replica.audit().appendAll(List.of(record(i, "ten_b"), record(i, null), record(i, "ten_a")));
                        } else {
                            // An admin write: the record appended in the write's transaction.
                            replica.runInTransaction(tx -> tx.audit().append(record(0, tenant)));
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> writer : done) {
                writer.get(120, TimeUnit.SECONDS);
            }
        } finally {
            writers.shutdownNow();
        }

        List<String> lines = export(replicas().get(0), AuditFilter.during(TimeRange.all()));
        AuditChainVerifier.Result result = verify(lines);
        int batches = perWriter / 10;
        int records = 3 * ((perWriter - batches) + 3 * batches);
        assertThat(result.problem()).isNull();
        assertThat(result.records()).isEqualTo(records + 3);
        assertThat(result.chains()).extracting(AuditChainVerifier.ChainSummary::chain)
                .containsExactly(AuditChain.GLOBAL, "tenant:ten_a", "tenant:ten_b");
        assertThat(result.chains()).allSatisfy(chain -> {
            assertThat(chain.firstSeq()).isEqualTo(1);
            assertThat(chain.records()).isEqualTo(chain.lastSeq());
        });
    }

    @Test
    void aRolledBackAppendLeavesNoGap() {
        ControlStore store = replicas().get(0);
        AuditRecord first = store.audit().append(record(1, "ten_a"));
        assertThatThrownBy(() -> store.runInTransaction(tx -> {
            tx.audit().append(record(2, "ten_a"));
            throw new IllegalStateException("the admin write failed");
        })).hasMessage("the admin write failed");
        AuditRecord next = replicas().get(1).audit().append(record(3, "ten_a"));

        assertThat(first.chain()).isEqualTo("tenant:ten_a");
        assertThat(first.seq()).isEqualTo(2);
        assertThat(next.seq()).isEqualTo(3);
        assertThat(next.prevHash()).isEqualTo(first.hash());
        assertThat(verify(export(store, AuditFilter.during(TimeRange.all()))).ok()).isTrue();
    }

    @Test
    void appendChainsTheRecordAndKeepsItsFields() {
        AuditRecord asked = AuditRecord.builder(ids.next(IdGenerator.AUDIT), T0).actor("alice", "global_admin")
                .action("key.block", "key", "key_1").change("{\"blocked\":false}", "{\"blocked\":true,\"n\":\"é\\n\"}")
                .origin("req-1", "10.0.0.7").tenantId("ten_a").chain("forged", "forged").build();

        AuditRecord stored = replicas().get(0).audit().append(asked);

        assertThat(stored.seq()).isEqualTo(2);
        assertThat(stored.prevHash()).isNotEqualTo("forged").matches("[0-9a-f]{64}");
        assertThat(stored.hash()).isEqualTo(AuditChain.hash(stored.prevHash(), AuditChain.canonicalJson(stored)));
        assertThat(replicas().get(2).audit().get(asked.id())).contains(stored);
        assertThat(stored).usingRecursiveComparison().ignoringFields("prevHash", "hash", "chain", "seq").isEqualTo(asked);
    }

    @Test
    void aDuplicateIdConflictsAndTheChainGoesOnAsIfItHadNotBeenTried() {
        AuditRecord first = replicas().get(0).audit().append(record(1, null));

        assertThatThrownBy(() -> replicas().get(1).audit().appendAll(List.of(record(2, null), first)))
                .isInstanceOf(ConflictException.class);
        AuditRecord next = replicas().get(2).audit().append(record(3, null));

        assertThat(next.seq()).isEqualTo(first.seq() + 1);
        assertThat(verify(export(replicas().get(0), AuditFilter.during(TimeRange.all()))).ok()).isTrue();
    }

    @Test
    void listsInChainOrderAndResumesAfterACursor() {
        for (int i = 0; i < 7; i++) {
            replicas().get(i % 3).audit().append(record(i, i % 2 == 0 ? "ten_a" : null));
        }
        List<String> all = export(replicas().get(0), AuditFilter.during(TimeRange.all()));
        Page<AuditRecord> firstThree = replicas().get(0).audit().listChained(AuditFilter.during(TimeRange.all()),
                PageRequest.first(3));
        Page<AuditRecord> rest = replicas().get(0).audit().listChained(AuditFilter.during(TimeRange.all()),
                PageRequest.after(firstThree.nextCursor(), 100));
        List<AuditRecord> tenantA = replicas().get(0).audit().listChained(
                AuditFilter.during(TimeRange.all()).tenant("ten_a"), PageRequest.first(100)).items();

        assertThat(all).hasSize(9);
        assertThat(firstThree.items()).extracting(AuditRecord::chain).containsOnly(AuditChain.GLOBAL);
        assertThat(rest.items()).hasSize(6);
        assertThat(rest.nextCursor()).isNull();
        assertThat(tenantA).extracting(AuditRecord::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(tenantA.get(0).action()).isEqualTo(AuditChain.GENESIS_ACTION);
        assertThat(verify(all).ok()).isTrue();
        assertThatThrownBy(() -> replicas().get(0).audit().listChained(AuditFilter.during(TimeRange.all()),
                PageRequest.after("aud_unknown", 10))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("aud_unknown");
    }

    private AuditRecord record(int n, @Nullable String tenant) {
        return AuditRecord.builder(ids.next(IdGenerator.AUDIT), T0.plusSeconds(n)).actor("admin-" + n, "global_admin")
                .action("tenant.update", "tenant", tenant).change(null, "{\"n\":" + n + "}").tenantId(tenant).build();
    }

    /** Every chained record, as the JSONL export writes them. */
    public static List<String> export(ControlStore store, AuditFilter filter) {
        List<String> lines = new ArrayList<>();
        PageRequest page = PageRequest.first(50);
        while (page != null) {
            Page<AuditRecord> records = store.audit().listChained(filter, page);
            records.items().forEach(record -> lines.add(AuditChain.exportJson(record)));
            page = records.next().orElse(null);
        }
        return lines;
    }

    /** Verifies lines as the verify-audit command does. */
    public static AuditChainVerifier.Result verify(List<String> lines) {
        try {
            return AuditChainVerifier.verify(new BufferedReader(new StringReader(String.join("\n", lines))), false);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
