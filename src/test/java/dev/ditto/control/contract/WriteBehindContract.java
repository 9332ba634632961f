package dev.ditto.control.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ditto.control.Caller;
import dev.ditto.control.ControlStore;
import dev.ditto.control.Money;
import dev.ditto.control.Outcome;
import dev.ditto.control.PageRequest;
import dev.ditto.control.RequestRecord;
import dev.ditto.control.Scope;
import dev.ditto.control.ScopeFilter;
import dev.ditto.control.TimeRange;
import dev.ditto.control.budget.LedgerEntry;
import dev.ditto.control.spend.SpendFilter;
import dev.ditto.control.spend.SpendGrouping;
import dev.ditto.control.spend.SpendLogEntry;
import dev.ditto.control.spend.SpendTotal;
import dev.ditto.control.spend.WriteBehind;
import dev.ditto.control.Page;
import dev.ditto.sdk.Ticker;
import dev.ditto.sdk.Usage;
import dev.ditto.testing.FakeClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The write-behind spend log on a real database: nothing queued is lost on a graceful close,
 * and afterwards the durable ledger of every scope equals the sum of its spend-log rows (cost,
 * tokens, requests), also when two replicas write the same ledger rows at once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class WriteBehindContract {

    private static final Instant DAY_ONE = Instant.parse("2025-03-10T23:59:00Z");
    private static final Duration NEVER = Duration.ofHours(1);

    private final FakeClock clock = FakeClock.of(Instant.parse("2025-03-11T00:05:00Z"));

    /** @return the store under test, empty before each test */
    protected abstract ControlStore store();

    /** Empties the store. */
    protected abstract void deleteAll();

    @BeforeEach
    void empty() {
        deleteAll();
    }

    private static RequestRecord record(int i, String keyId) {
        Caller caller = new Caller(keyId, null, i % 3 == 0 ? null : "usr_" + (i % 2), "prj_" + (i % 2),
                i % 5 == 0 ? null : "ten_" + (i % 2), Set.of(), Set.of(), Map.of());
        Usage usage = Usage.builder().inputTokens(10L + i).outputTokens(i % 7 == 0 ? null : (long) i).build();
        // Costs with ten decimals, some unpriced; requests on both sides of midnight.
        BigDecimal cost = i % 11 == 0 ? null : new BigDecimal("0.0000001").multiply(BigDecimal.valueOf(i * 37L + 1));
        return new RequestRecord("req-" + keyId + "-" + i, DAY_ONE.plusSeconds(i), caller, "/v1/chat/completions",
                "gpt-4o", new Outcome(Outcome.Status.OK, 200, "east", "openai", "gpt-4o", usage, Duration.ofMillis(i),
                        null, 1), cost);
    }

    @Test
    void everyRecordIsWrittenOnGracefulCloseAndTheLedgerEqualsTheSpendLog() {
        WriteBehind writeBehind = WriteBehind.start(store(), new WriteBehind.Settings(10_000, 64, NEVER,
                Duration.ofSeconds(30)), clock, clock);
        for (int i = 0; i < 300; i++) {
            writeBehind.record(record(i, "key_" + (i % 3)));
        }

        writeBehind.close();

        assertThat(spendRows()).hasSize(300);
        assertThat(writeBehind.stats().written()).isEqualTo(300);
        assertLedgerEqualsSpendLog();
        assertThat(store().ledgers().get(Scope.key("key_0"), Instant.parse("2025-03-11T00:00:00Z")))
                .as("requests after midnight count in the next day's row").isPresent();
    }

    @Test
    void twoReplicasWritingTheSameLedgerRowsAtOnceLoseNoIncrement() {
        WriteBehind a = WriteBehind.start(store(), new WriteBehind.Settings(10_000, 8, Duration.ofMillis(1),
                Duration.ofSeconds(30)), clock, Ticker.system());
        WriteBehind b = WriteBehind.start(store(), new WriteBehind.Settings(10_000, 8, Duration.ofMillis(1),
                Duration.ofSeconds(30)), clock, Ticker.system());
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 200; i++) {
                a.record(record(i, "key_shared"));
            }
        });
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> {
            for (int i = 200; i < 400; i++) {
                b.record(record(i, "key_shared"));
            }
        });
        CompletableFuture.allOf(first, second).join();

        a.close();
        b.close();

        assertThat(a.stats().failed() + b.stats().failed()).isZero();
        assertThat(spendRows()).hasSize(400);
        assertLedgerEqualsSpendLog();
    }

    private void assertLedgerEqualsSpendLog() {
        Map<String, SpendTotal> spent = new TreeMap<>();
        for (SpendGrouping grouping : List.of(SpendGrouping.KEY, SpendGrouping.USER, SpendGrouping.PROJECT,
                SpendGrouping.TENANT)) {
            String kind = grouping.name().toLowerCase(java.util.Locale.ROOT);
            for (SpendTotal total : store().spendLogs().totals(SpendFilter.during(TimeRange.all()), grouping, 1000)) {
                if (total.group() != null) {
                    spent.put(kind + ":" + total.group(), total);
                }
            }
        }
        Map<String, SpendTotal> ledger = new TreeMap<>();
        for (LedgerEntry row : ledgerRows()) {
            ledger.merge(row.scope().toString(), new SpendTotal(row.scope().id(), row.spend(), row.requests(),
                    row.inputTokens(), row.outputTokens()), WriteBehindContract::add);
        }
        assertThat(ledger.keySet()).isEqualTo(spent.keySet());
        spent.forEach((scope, total) -> {
            SpendTotal kept = ledger.get(scope);
            assertThat(kept.spend()).as(scope).isEqualByComparingTo(total.spend());
            assertThat(kept.requests()).as(scope).isEqualTo(total.requests());
            assertThat(kept.inputTokens()).as(scope).isEqualTo(total.inputTokens());
            assertThat(kept.outputTokens()).as(scope).isEqualTo(total.outputTokens());
        });
    }

    private static SpendTotal add(SpendTotal a, SpendTotal b) {
        return new SpendTotal(a.group(), a.spend().add(b.spend()), a.requests() + b.requests(),
                a.inputTokens() + b.inputTokens(), a.outputTokens() + b.outputTokens());
    }

    private List<SpendLogEntry> spendRows() {
        List<SpendLogEntry> rows = new ArrayList<>();
        @Nullable PageRequest page = PageRequest.first(PageRequest.MAX_LIMIT);
        while (page != null) {
            Page<SpendLogEntry> found = store().spendLogs().list(SpendFilter.during(TimeRange.all()), page);
            rows.addAll(found.items());
            page = found.next().orElse(null);
        }
        return rows;
    }

    private List<LedgerEntry> ledgerRows() {
        List<LedgerEntry> rows = new ArrayList<>();
        @Nullable PageRequest page = PageRequest.first(PageRequest.MAX_LIMIT);
        while (page != null) {
            Page<LedgerEntry> found = store().ledgers().list(ScopeFilter.all(), TimeRange.all(), page);
            rows.addAll(found.items());
            page = found.next().orElse(null);
        }
        assertThat(rows).allSatisfy(row -> assertThat(row.spend().scale()).isEqualTo(Money.SCALE));
        return rows;
    }
}
