package dev.ditto.control.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ditto.control.ConflictException;
import dev.ditto.control.ControlStore;
import dev.ditto.control.IdGenerator;
import dev.ditto.control.Page;
import dev.ditto.control.PageRequest;
import dev.ditto.control.Scope;
import dev.ditto.control.ScopeFilter;
import dev.ditto.control.TimeRange;
import dev.ditto.control.audit.AuditFilter;
import dev.ditto.control.audit.AuditRecord;
import dev.ditto.control.budget.Budget;
import dev.ditto.control.budget.LedgerEntry;
import dev.ditto.control.budget.Reservation;
import dev.ditto.control.budget.ResetPeriod;
import dev.ditto.control.limits.LimitAlgorithm;
import dev.ditto.control.limits.LimitDefinition;
import dev.ditto.control.spend.SpendFilter;
import dev.ditto.control.spend.SpendGrouping;
import dev.ditto.control.spend.SpendLogEntry;
import dev.ditto.control.spend.SpendTotal;
import dev.ditto.testing.FakeClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every implementation of the usage stores (budgets, limits, ledger, reservations, spend
 * log, audit) must do. Implementations extend it and provide the store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class UsageStoreContract {

    private static final Instant T0 = Instant.parse("2025-03-01T00:00:00Z");

    private final FakeClock clock = FakeClock.of(T0);
    private final IdGenerator ids = IdGenerator.of(clock);

    /** @return the store under test, empty before each test */
    protected abstract ControlStore store();

    /** Empties the store. */
    protected abstract void deleteAll();

    @BeforeEach
    void empty() {
        deleteAll();
    }

    @Test
    void budgetsRoundTripAndAreFoundForACallersScopes() {
        Budget daily = store().budgets().create(new Budget(nextId(IdGenerator.BUDGET), Scope.key("key_a"), "ten_a",
                new BigDecimal("10.50"), new BigDecimal("8"), ResetPeriod.of(ResetPeriod.Kind.DAILY), T0, T0, T0));
        Budget thirtyDays = store().budgets().create(new Budget(nextId(IdGenerator.BUDGET), Scope.project("prj_a"),
                "ten_a", new BigDecimal("0.0000001"), null, ResetPeriod.every(Duration.ofDays(30)), T0, T0, T0));
        Budget otherTenant = store().budgets().create(new Budget(nextId(IdGenerator.BUDGET), Scope.tenant("ten_b"),
                "ten_b", BigDecimal.ONE, null, ResetPeriod.of(ResetPeriod.Kind.MONTHLY), T0, T0, T0));

        assertThat(store().budgets().get(thirtyDays.id())).contains(thirtyDays);
        assertThat(store().budgets().get(thirtyDays.id()).orElseThrow().maxBudget())
                .isEqualByComparingTo("0.0000001");
        assertThat(store().budgets().forScopes(List.of(Scope.key("key_a"), Scope.project("prj_a"), Scope.user("x"))))
                .containsExactly(daily, thirtyDays);
        assertThat(store().budgets().forScopes(List.of())).isEmpty();
        assertThat(store().budgets().list(ScopeFilter.ofTenant("ten_a"), PageRequest.ofDefaults()).items())
                .containsExactly(daily, thirtyDays);
        assertThat(store().budgets().list(ScopeFilter.of(Scope.tenant("ten_b")), PageRequest.ofDefaults()).items())
                .containsExactly(otherTenant);

        Instant nextDay = T0.plus(Duration.ofDays(1));
        Budget reset = store().budgets().update(new Budget(daily.id(), daily.scope(), daily.tenantId(),
                new BigDecimal("20"), null, daily.resetPeriod(), nextDay, daily.createdAt(), nextDay));
        assertThat(store().budgets().get(daily.id())).contains(reset);
        assertThat(reset.periodEnd()).isEqualTo(nextDay.plus(Duration.ofDays(1)));
        assertThat(store().budgets().delete(daily.id())).isTrue();
        assertThat(store().budgets().get(daily.id())).isEmpty();
    }

    @Test
    void limitsRoundTripAndAreFoundForACallersScopes() {
        LimitDefinition perKey = store().limits().create(new LimitDefinition(nextId(IdGenerator.LIMIT),
                Scope.key("key_a"), "ten_a", 100, 50_000L, null, null, null, LimitAlgorithm.SLIDING_WINDOW, T0, T0));
        LimitDefinition perRoute = store().limits().create(new LimitDefinition(nextId(IdGenerator.LIMIT),
                Scope.user("usr_a"), "ten_a", null, null, 4, "gpt-4o", "/v1/embeddings", LimitAlgorithm.TOKEN_BUCKET,
                T0, T0));
        store().limits().create(new LimitDefinition(nextId(IdGenerator.LIMIT), Scope.key("key_b"), "ten_b", 1, null,
                null, null, null, LimitAlgorithm.SLIDING_WINDOW, T0, T0));

        assertThat(store().limits().get(perRoute.id())).contains(perRoute);
        assertThat(store().limits().forScopes(List.of(Scope.key("key_a"), Scope.user("usr_a"))))
                .containsExactly(perKey, perRoute);
        assertThat(store().limits().list(ScopeFilter.ofTenant("ten_a"), PageRequest.ofDefaults()).items())
                .containsExactly(perKey, perRoute);
        LimitDefinition raised = store().limits().update(new LimitDefinition(perKey.id(), perKey.scope(),
                perKey.tenantId(), 200, null, null, "claude", null, LimitAlgorithm.TOKEN_BUCKET, T0, T0.plusSeconds(5)));
        assertThat(store().limits().get(perKey.id())).contains(raised);
        assertThatThrownBy(() -> new LimitDefinition("lim_x", Scope.key("k"), null, null, null, null, null, null,
                LimitAlgorithm.SLIDING_WINDOW, T0, T0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ledgerIncrementsAddUpExactlyPerScopeAndPeriod() {
        Scope key = Scope.key("key_a");
        Instant march = T0;
        Instant april = Instant.parse("2025-04-01T00:00:00Z");
        store().ledgers().addAll(List.of(
                new LedgerEntry(key, "ten_a", march, new BigDecimal("0.0000001"), 10, 20, 1, T0.plusSeconds(1)),
                new LedgerEntry(key, "ten_a", march, new BigDecimal("0.0000002"), 1, 2, 1, T0.plusSeconds(2)),
                new LedgerEntry(Scope.tenant("ten_a"), "ten_a", march, new BigDecimal("1.5"), 5, 5, 1, T0)));
        store().ledgers().addAll(List.of(
                new LedgerEntry(key, "ten_a", march, new BigDecimal("2.25"), 100, 200, 1, T0.plusSeconds(3)),
                new LedgerEntry(key, "ten_a", april, new BigDecimal("0.0000001"), 1, 1, 1, april)));

        LedgerEntry marchRow = store().ledgers().get(key, march).orElseThrow();
        assertThat(marchRow.spend()).isEqualByComparingTo("2.2500003");
        assertThat(marchRow.inputTokens()).isEqualTo(111);
        assertThat(marchRow.outputTokens()).isEqualTo(222);
        assertThat(marchRow.requests()).isEqualTo(3);
        assertThat(marchRow.updatedAt()).isEqualTo(T0.plusSeconds(3));
        assertThat(store().ledgers().get(key, april).orElseThrow().spend()).isEqualByComparingTo("0.0000001");
        assertThat(store().ledgers().get(Scope.user("nobody"), march)).isEmpty();

        Page<LedgerEntry> keyMarch = store().ledgers().list(ScopeFilter.of(key), TimeRange.of(march, april),
                PageRequest.ofDefaults());
        assertThat(keyMarch.items()).containsExactly(marchRow);
        assertThat(store().ledgers().list(ScopeFilter.ofTenant("ten_a"), TimeRange.all(), PageRequest.first(2))
                .items()).hasSize(2);
    }

    @Test
    void reservationsAreRemovedOnceAndReapedOldestFirst() {
        Reservation old = new Reservation("req-1", "node-a", List.of(Scope.key("key_a"), Scope.tenant("ten_a")),
                new BigDecimal("0.0300000001"), 4_000, T0);
        Reservation middle = new Reservation("req-2", "node-b", List.of(Scope.key("key_b")), BigDecimal.ONE, 10,
                T0.plusSeconds(60));
        Reservation fresh = new Reservation("req-3", "node-a", List.of(Scope.user("usr_a")), BigDecimal.TEN, 1,
                T0.plusSeconds(600));
        store().reservations().put(fresh);
        store().reservations().put(old);
        store().reservations().put(middle);

        assertThatThrownBy(() -> store().reservations().put(old)).isInstanceOf(ConflictException.class);
        assertThat(store().reservations().get("req-1")).contains(old);
        assertThat(store().reservations().olderThan(T0.plusSeconds(300), 10)).containsExactly(old, middle);
        assertThat(store().reservations().olderThan(T0.plusSeconds(300), 1)).containsExactly(old);
        assertThat(store().reservations().remove("req-1")).contains(old);
        assertThat(store().reservations().remove("req-1")).isEmpty();
        assertThat(store().reservations().olderThan(T0.plusSeconds(3600), 10)).containsExactly(middle, fresh);
    }

    @Test
    void spendLogPagesByStartTimeWithinTheTenantAndRange() {
        List<SpendLogEntry> rows = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            // Pairs of requests start at the same instant, so ties are broken by id.
            Instant started = T0.plusSeconds(i / 2 * 10L);
            rows.add(spend(i % 3 == 0 ? "ten_b" : "ten_a", "key_" + (i % 2), "gpt-4o", started, "0.01"));
        }
        List<SpendLogEntry> reversed = new ArrayList<>(rows);
        java.util.Collections.reverse(reversed);
        store().spendLogs().appendAll(reversed);
        TimeRange range = TimeRange.of(T0.plusSeconds(20), T0.plusSeconds(130));
        List<SpendLogEntry> expected = rows.stream()
                .filter(row -> row.tenantId().equals("ten_a") && range.contains(row.startedAt()))
                .sorted(Comparator.comparing(SpendLogEntry::startedAt).thenComparing(SpendLogEntry::id))
                .toList();

        List<Integer> sizes = new ArrayList<>();
        List<SpendLogEntry> seen = collect(page -> store().spendLogs().list(SpendFilter.during(range).tenant("ten_a"),
                page), 4, sizes);

        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(sizes).allMatch(size -> size <= 4);
        assertThat(store().spendLogs().list(SpendFilter.during(TimeRange.all()).key("key_1"), PageRequest.first(1000))
                .items()).hasSize(15).allMatch(row -> row.keyId().equals("key_1"));
        assertThatThrownBy(() -> store().spendLogs().list(SpendFilter.during(range), PageRequest.after("garbage!", 5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cursor");
    }

    @Test
    void spendTotalsAreExactPerGroup() {
        Instant day1 = T0.plusSeconds(3600);
        Instant day2 = T0.plus(Duration.ofDays(1)).plusSeconds(60);
        store().spendLogs().appendAll(List.of(
                spend("ten_a", "key_cheap", "tiny", day1, "0.0000001"),
                spend("ten_a", "key_cheap", "tiny", day2, "0.0000002"),
                spend("ten_a", "key_big", "gpt-4o", day1, "1.23"),
                spend("ten_a", "key_big", "gpt-4o", day2, null),
                spend("ten_b", "key_other", "gpt-4o", day2, "5")));
        SpendFilter tenantA = SpendFilter.during(TimeRange.all()).tenant("ten_a");

        assertThat(store().spendLogs().totals(tenantA, SpendGrouping.KEY, 100)).containsExactly(
                new SpendTotal("key_big", new BigDecimal("1.23"), 2, 20, 40),
                new SpendTotal("key_cheap", new BigDecimal("0.0000003"), 2, 20, 40));
        assertThat(store().spendLogs().totals(tenantA, SpendGrouping.DAY, 100)).containsExactly(
                new SpendTotal("2025-03-01", new BigDecimal("1.2300001"), 2, 20, 40),
                new SpendTotal("2025-03-02", new BigDecimal("0.0000002"), 2, 20, 40));
        assertThat(store().spendLogs().totals(SpendFilter.during(TimeRange.of(T0, day2)), SpendGrouping.MODEL, 100))
                .containsExactly(new SpendTotal("gpt-4o", new BigDecimal("1.23"), 1, 10, 20),
                        new SpendTotal("tiny", new BigDecimal("0.0000001"), 1, 10, 20));
        assertThat(store().spendLogs().totals(SpendFilter.during(TimeRange.all()), SpendGrouping.TENANT, 1))
                .containsExactly(new SpendTotal("ten_a", new BigDecimal("1.2300003"), 4, 40, 80));
        assertThat(store().spendLogs().totals(SpendFilter.during(TimeRange.all()), SpendGrouping.USER, 10))
                .containsExactly(new SpendTotal(null, new BigDecimal("6.2300003"), 5, 50, 100));
    }

    @Test
    void aSpendBatchWithAnExistingIdKeepsNoneOfItsRows() {
        SpendLogEntry kept = spend("ten_a", "key_a", "gpt-4o", T0, "0.01");
        store().spendLogs().append(kept);

        assertThatThrownBy(() -> store().spendLogs().appendAll(List.of(spend("ten_a", "key_a", "gpt-4o", T0, null), kept)))
                .isInstanceOf(ConflictException.class);
        assertThat(store().spendLogs().list(SpendFilter.during(TimeRange.all()), PageRequest.first(5)).items())
                .containsExactly(kept);
    }

    @Test
    void spendRowsRoundTripEveryField() {
        SpendLogEntry row = SpendLogEntry.builder(ids.next(IdGenerator.SPEND), "req-9", "key_a",
                        Instant.parse("2025-03-01T23:59:59.999999Z"))
                .owners("usr_a", "prj_a", "ten_a").target("/v1/messages", "claude", "anthropic-primary")
                .tokens(1200, 340, 1000, 120).cost(new BigDecimal("0.0123456789")).latencyMs(2345)
                .status("STREAM_ERROR", 200).cacheHit(true).build();
        store().spendLogs().append(row);

        Page<SpendLogEntry> page = store().spendLogs().list(SpendFilter.during(TimeRange.all()), PageRequest.first(5));

        assertThat(page.items()).containsExactly(row);
        assertThat(page.nextCursor()).isNull();
        assertThat(row.startedDay()).hasToString("2025-03-01");
    }

    @Test
    void auditIsListedPerTenantAndTimeAndKeepsEveryField() {
        List<AuditRecord> records = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            records.add(store().audit().append(AuditRecord.builder(ids.next(IdGenerator.AUDIT), T0.plusSeconds(i))
                    .actor("alice", "tenant_admin").action("key.update", "key", "key_" + i)
                    .change("{\"blocked\":false}", "{\"blocked\":true}").origin("req-" + i, "10.0.0." + i)
                    .tenantId(i % 3 == 0 ? "ten_b" : "ten_a").chain("0".repeat(64), "f".repeat(64)).build()));
        }

        assertThat(store().audit().get(records.get(4).id())).contains(records.get(4));
        List<Integer> sizes = new ArrayList<>();
        List<AuditRecord> tenantA = collect(page -> store().audit().list(
                AuditFilter.during(TimeRange.of(T0.plusSeconds(1), T0.plusSeconds(8))).tenant("ten_a"), page), 2, sizes);
        assertThat(tenantA).extracting(AuditRecord::targetId)
                .containsExactly("key_1", "key_2", "key_4", "key_5", "key_7");
        assertThat(store().audit().list(AuditFilter.during(TimeRange.all()).target("key", "key_3"),
                PageRequest.ofDefaults()).items()).containsExactly(records.get(3));
    }

    /** An id one millisecond after the last, so ids sort in creation order. */
    private String nextId(String prefix) {
        return ids.next(prefix, clock.advance(Duration.ofMillis(1)).millis());
    }

    private SpendLogEntry spend(String tenant, String key, String model, Instant started, @Nullable String cost) {
        return SpendLogEntry.builder(ids.next(IdGenerator.SPEND, started.toEpochMilli()), "req-" + ids.next("r"), key,
                        started)
                .owners(null, "prj_" + tenant, tenant).target("/v1/chat/completions", model, "dep-1")
                .tokens(10, 20, 0, 0).cost(cost == null ? null : new BigDecimal(cost)).latencyMs(100).build();
    }

    private static <T> List<T> collect(Function<PageRequest, Page<T>> list, int limit, List<Integer> sizes) {
        List<T> all = new ArrayList<>();
        Optional<PageRequest> page = Optional.of(PageRequest.first(limit));
        while (page.isPresent()) {
            Page<T> result = list.apply(page.get());
            sizes.add(result.items().size());
            all.addAll(result.items());
            page = result.next();
        }
        return all;
    }
}
