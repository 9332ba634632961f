package dev.ditto.control.spend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ditto.control.Caller;
import dev.ditto.control.Outcome;
import dev.ditto.control.RequestRecord;
import dev.ditto.control.Scope;
import dev.ditto.control.budget.LedgerEntry;
import dev.ditto.sdk.Ticker;
import dev.ditto.sdk.Usage;
import dev.ditto.testing.FakeClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link WriteBehind} against a fake store: full batches are written at once and the rest at
 * the flush interval or on close; a full queue drops (counted) instead of blocking; a failing
 * database is retried without losing records; each record becomes one spend-log row and the
 * ledger increments of every scope of its caller.
 */
class WriteBehindTest {

    private static final Duration NEVER = Duration.ofHours(1);
    private static final Instant STARTED = Instant.parse("2025-03-10T13:45:30.123Z");

    private final FakeClock clock = FakeClock.of(Instant.parse("2025-03-10T13:46:00Z"));
    private final FakeSpendStore store = new FakeSpendStore();

    private static RequestRecord record(String requestId) {
        Caller caller = new Caller("key_a", "team a", "usr_a", "prj_a", "ten_a", Set.of(), Set.of(), Map.of());
        Usage usage = Usage.builder().inputTokens(100L).cacheReadTokens(40L).outputTokens(20L).reasoningTokens(5L).build();
        return new RequestRecord(requestId, STARTED, caller, "/v1/chat/completions", "gpt-4o",
                new Outcome(Outcome.Status.OK, 200, "gpt-4o-east", "openai", "gpt-4o", usage, Duration.ofMillis(1234),
                        Duration.ofMillis(200), 1),
                new BigDecimal("0.0004250000"));
    }

    private WriteBehind start(int queueSize, int batchSize, Duration interval, Ticker ticker) {
        return WriteBehind.start(store, new WriteBehind.Settings(queueSize, batchSize, interval, Duration.ofSeconds(5)),
                clock, ticker);
    }

    @Test
    void writesEachFullBatchAtOnceAndTheRestOnClose() throws Exception {
        WriteBehind writeBehind = start(1_000, 100, NEVER, clock);
        for (int i = 0; i < 250; i++) {
            writeBehind.record(record("req-" + i));
        }
        store.awaitRows(200);
        assertThat(store.batches()).extracting(List::size).containsExactly(100, 100);

        writeBehind.close();

        assertThat(store.batches()).extracting(List::size).containsExactly(100, 100, 50);
        assertThat(store.rows()).extracting(SpendLogEntry::requestId).doesNotHaveDuplicates().hasSize(250);
        assertThat(writeBehind.stats()).extracting(WriteBehind.Stats::recorded, WriteBehind.Stats::written,
                WriteBehind.Stats::dropped, WriteBehind.Stats::failed, WriteBehind.Stats::depth)
                .containsExactly(250L, 250L, 0L, 0L, 0L);
    }

    @Test
    void writesWhatIsQueuedAtTheFlushIntervalWithoutWaitingForAFullBatch() throws Exception {
        try (WriteBehind writeBehind = start(1_000, 500, Duration.ofMillis(20), Ticker.system())) {
            writeBehind.record(record("req-1"));
            writeBehind.record(record("req-2"));
            writeBehind.record(record("req-3"));

            store.awaitRows(3);

            assertThat(store.rows()).extracting(SpendLogEntry::requestId).containsExactly("req-1", "req-2", "req-3");
        }
    }

    @Test
    void aFullQueueDropsAndCountsRecordsInsteadOfBlocking() throws Exception {
        WriteBehind writeBehind = start(10, 1, NEVER, clock);
        store.blockNext();
        writeBehind.record(record("in-flight"));
        store.awaitBlocked();
        for (int i = 0; i < 15; i++) {
            writeBehind.record(record("queued-" + i));
        }
        clock.advance(Duration.ofSeconds(7));

        assertThat(writeBehind.dropped()).isEqualTo(5);
        assertThat(writeBehind.depth()).as("ten queued and one being written").isEqualTo(11);
        assertThat(writeBehind.lag()).isEqualTo(Duration.ofSeconds(7));

        store.release();
        writeBehind.close();

        assertThat(store.rows()).hasSize(11);
        assertThat(writeBehind.stats().recorded()).isEqualTo(11);
        assertThat(writeBehind.stats().written()).isEqualTo(11);
        assertThat(writeBehind.lag()).isZero();
    }

    @Test
    void aFailingDatabaseIsRetriedUntilEveryRecordIsWritten() throws Exception {
        store.failNext(3);
        WriteBehind writeBehind = start(1_000, 100, Duration.ofMillis(5), Ticker.system());
        for (int i = 0; i < 5; i++) {
            writeBehind.record(record("req-" + i));
        }

        store.awaitRows(5);
        writeBehind.close();

        assertThat(store.transactions()).as("three failed attempts, then the writes").isGreaterThanOrEqualTo(4);
        assertThat(store.rows()).extracting(SpendLogEntry::requestId).doesNotHaveDuplicates().hasSize(5);
        assertThat(store.increments()).hasSize(5 * 4);
        assertThat(writeBehind.stats().failed()).isZero();
    }

    @Test
    void closeWritesEverythingQueuedAndDropsWhatComesAfter() {
        WriteBehind writeBehind = start(1_000, 100, NEVER, clock);
        for (int i = 0; i < 42; i++) {
            writeBehind.record(record("req-" + i));
        }

        writeBehind.close();
        writeBehind.record(record("late"));

        assertThat(store.rows()).hasSize(42);
        assertThat(writeBehind.stats().written()).isEqualTo(42);
        assertThat(writeBehind.dropped()).isEqualTo(1);
    }

    @Test
    void closeGivesUpOnADatabaseThatStaysDownAfterTheShutdownTimeoutAndCountsTheLoss() {
        store.failNext(Integer.MAX_VALUE);
        WriteBehind writeBehind = WriteBehind.start(store, new WriteBehind.Settings(1_000, 100, Duration.ofMillis(5),
                Duration.ofMillis(200)), clock, Ticker.system());
        for (int i = 0; i < 3; i++) {
            writeBehind.record(record("req-" + i));
        }

        writeBehind.close();

        assertThat(store.rows()).isEmpty();
        assertThat(writeBehind.stats().failed()).isEqualTo(3);
        assertThat(writeBehind.depth()).isZero();
    }

    @Test
    void aRowThatKeepsConflictingIsSetAsideAndTheRestOfItsBatchIsWritten() {
        store.conflictWhen(rows -> rows.stream().anyMatch(row -> row.requestId().equals("dup")));
        WriteBehind writeBehind = start(1_000, 100, NEVER, clock);
        writeBehind.record(record("a"));
        writeBehind.record(record("dup"));
        writeBehind.record(record("b"));

        writeBehind.close();

        assertThat(store.rows()).extracting(SpendLogEntry::requestId).containsExactly("a", "b");
        assertThat(writeBehind.stats().failed()).isEqualTo(1);
        assertThat(writeBehind.stats().written()).isEqualTo(2);
    }

    @Test
    void eachRecordBecomesOneSpendRowAndTheDaysLedgerIncrementOfEveryScope() {
        WriteBehind writeBehind = start(1_000, 100, NEVER, clock);
        writeBehind.record(record("req-1"));
        writeBehind.close();

        SpendLogEntry row = store.rows().get(0);
        assertThat(row.id()).startsWith("spd_");
        assertThat(row).extracting(SpendLogEntry::requestId, SpendLogEntry::keyId, SpendLogEntry::userId,
                SpendLogEntry::projectId, SpendLogEntry::tenantId, SpendLogEntry::route, SpendLogEntry::model,
                SpendLogEntry::deployment, SpendLogEntry::inputTokens, SpendLogEntry::outputTokens,
                SpendLogEntry::cachedTokens, SpendLogEntry::reasoningTokens, SpendLogEntry::latencyMs,
                SpendLogEntry::status, SpendLogEntry::httpStatus, SpendLogEntry::cacheHit, SpendLogEntry::startedAt)
                .containsExactly("req-1", "key_a", "usr_a", "prj_a", "ten_a", "/v1/chat/completions", "gpt-4o",
                        "gpt-4o-east", 100L, 20L, 40L, 5L, 1234L, "OK", 200, false, STARTED);
        assertThat(row.cost()).isEqualByComparingTo("0.000425");
        Instant day = Instant.parse("2025-03-10T00:00:00Z");
        assertThat(store.increments()).extracting(LedgerEntry::scope).containsExactly(Scope.key("key_a"),
                Scope.user("usr_a"), Scope.project("prj_a"), Scope.tenant("ten_a"));
        assertThat(store.increments()).allSatisfy(increment -> {
            assertThat(increment.periodStart()).isEqualTo(day);
            assertThat(increment.tenantId()).isEqualTo("ten_a");
            assertThat(increment.spend()).isEqualByComparingTo("0.000425");
            assertThat(increment.inputTokens()).isEqualTo(100);
            assertThat(increment.outputTokens()).isEqualTo(20);
            assertThat(increment.requests()).isEqualTo(1);
        });
    }
}
