package dev.ditto.control.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ditto.control.AdmissionDeniedException;
import dev.ditto.control.AdmissionRequest;
import dev.ditto.control.Caller;
import dev.ditto.control.Outcome;
import dev.ditto.control.Permit;
import dev.ditto.control.Scope;
import dev.ditto.control.budget.Budget;
import dev.ditto.control.budget.ResetPeriod;
import dev.ditto.control.pricing.ModelPrice;
import dev.ditto.control.pricing.PriceBook;
import dev.ditto.sdk.Usage;
import dev.ditto.store.memory.InMemoryQuotaStore;
import dev.ditto.testing.FakeClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Stored limits and budgets over the configured defaults: how they merge, that the database is
 * read once per scope per TTL (never per request), and what happens when it cannot answer.
 */
class StoredQuotaResolverTest {

    private static final Instant T0 = Instant.parse("2025-03-10T09:30:00Z");
    private static final Caller CALLER = new Caller("key_a", null, "usr_a", "prj_a", "ten_a", Set.of(), Set.of(),
            Map.of());
    private static final Scope KEY = new Scope(Scope.Kind.KEY, "key_a");
    private static final Scope PROJECT = new Scope(Scope.Kind.PROJECT, "prj_a");

    private final FakeClock clock = FakeClock.of(T0);
    private final FakeQuotaDefinitions stored = new FakeQuotaDefinitions();
    private int ids;

    private StoredQuotaResolver resolver(ConfiguredQuotaResolver defaults) {
        return new StoredQuotaResolver(stored.limitStore, stored.budgetStore, defaults,
                new StoredQuotaResolver.Settings(1_000, Duration.ofSeconds(15), Duration.ofMinutes(10)), clock);
    }

    private static AdmissionRequest request(String route, String model) {
        return new AdmissionRequest("req", CALLER, route, model, 100, 100L, false);
    }

    private void limit(Scope scope, @Nullable Integer rpm, @Nullable Long tpm, @Nullable String model,
            @Nullable String routeGroup) {
        stored.limitStore.create(new LimitDefinition("lim_" + ++ids, scope, "ten_a", rpm, tpm, null, model, routeGroup,
                LimitAlgorithm.SLIDING_WINDOW, T0, T0));
    }

    private void budget(Scope scope, String max, ResetPeriod period) {
        stored.budgetStore.create(new Budget("bud_" + ++ids, scope, "ten_a", new BigDecimal(max), null, period, T0, T0,
                T0));
    }

    @Test
    void aStoredLimitReplacesTheConfiguredOneOfTheSameMetricAndKeepsTheOthers() {
        ConfiguredQuotaResolver defaults = ConfiguredQuotaResolver.builder()
                .defaults(Scope.Kind.KEY, List.of(RateLimit.rpm(60), RateLimit.tpm(1_000)), null).build();
        limit(Scope.key("key_a"), 2, null, null, null);
        limit(Scope.key("key_a"), 5, null, null, null);

        List<Quota> quotas = resolver(defaults).resolve(request("/v1/chat/completions", "gpt-4o"));

        assertThat(quotas).containsExactly(new Quota(KEY, List.of(RateLimit.tpm(1_000), RateLimit.rpm(2)), null));
    }

    @Test
    void limitsOfAModelOrARouteGroupCountOnlyTheirRequests() {
        ConfiguredQuotaResolver defaults = ConfiguredQuotaResolver.builder()
                .routeGroup("chat", List.of("/v1/chat/completions", "/v1/messages")).build();
        limit(Scope.project("prj_a"), 10, null, "gpt-4o", null);
        limit(Scope.project("prj_a"), 20, null, null, "chat");
        limit(Scope.project("prj_a"), 30, null, null, "/embeddings");
        StoredQuotaResolver resolver = resolver(defaults);

        assertThat(resolver.resolve(request("/v1/messages", "gpt-4o"))).containsExactly(new Quota(PROJECT,
                List.of(RateLimit.rpm(10).forModel("gpt-4o"), RateLimit.rpm(20).forRouteGroup("chat")), null));
        assertThat(resolver.resolve(request("/v1/embeddings", "small"))).containsExactly(new Quota(PROJECT,
                List.of(RateLimit.rpm(30).forRouteGroup("/v1/embeddings")), null));
        assertThat(resolver.resolve(request("/v1/responses", "small"))).isEmpty();
    }

    @Test
    void storedBudgetsReplaceTheConfiguredOneAndEachPeriodIsAQuotaOfItsOwn() {
        ConfiguredQuotaResolver defaults = ConfiguredQuotaResolver.builder()
                .defaults(Scope.Kind.KEY, List.of(), BudgetLimit.of(BigDecimal.ONE, BudgetPeriod.lifetime())).build();
        budget(Scope.key("key_a"), "5", ResetPeriod.of(ResetPeriod.Kind.DAILY));
        budget(Scope.key("key_a"), "3", ResetPeriod.of(ResetPeriod.Kind.DAILY));
        budget(Scope.key("key_a"), "100", ResetPeriod.of(ResetPeriod.Kind.MONTHLY));

        List<Quota> quotas = resolver(defaults).resolve(request("/v1/chat/completions", "gpt-4o"));

        assertThat(quotas).extracting(Quota::scope).containsOnly(KEY);
        assertThat(quotas).extracting(quota -> quota.budget().maxUsd().stripTrailingZeros().toPlainString())
                .containsExactly("3", "100");
        BudgetPeriod daily = quotas.get(0).budget().period();
        assertThat(daily.window(T0.plus(Duration.ofHours(30))))
                .as("a stored daily budget counts days from its period start")
                .isEqualTo(new BudgetPeriod.Window(T0.plus(Duration.ofDays(1)), T0.plus(Duration.ofDays(2))));
        assertThat(QuotaKeys.ledger(KEY, daily.window(T0)))
                .isNotEqualTo(QuotaKeys.ledger(KEY, quotas.get(1).budget().period().window(T0)));
    }

    @Test
    void theDatabaseIsReadOncePerTtlAndNeverPerRequest() {
        limit(Scope.key("key_a"), 2, null, null, null);
        StoredQuotaResolver resolver = resolver(ConfiguredQuotaResolver.builder().build());

        for (int i = 0; i < 100; i++) {
            resolver.resolve(request("/v1/chat/completions", "gpt-4o"));
        }
        assertThat(resolver.loads()).isEqualTo(1);
        assertThat(stored.lookups()).as("one query per store for all four scopes").isEqualTo(2);

        clock.advance(Duration.ofSeconds(15));
        resolver.resolve(request("/v1/chat/completions", "gpt-4o"));
        assertThat(resolver.loads()).isEqualTo(2);
    }

    @Test
    void aBurstOfACallersRequestsOnAColdCacheReadsTheDatabaseOnce() throws Exception {
        limit(dev.ditto.control.Scope.key("key_a"), 2, null, null, null);
        StoredQuotaResolver resolver = resolver(ConfiguredQuotaResolver.builder().build());
        CompletableFuture<Void> databaseAnswers = new CompletableFuture<>();
        CountDownLatch firstReadBegan = stored.holdLookups(databaseAnswers);
        List<CompletableFuture<List<Quota>>> burst = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            CompletableFuture<List<Quota>> quotas = new CompletableFuture<>();
            burst.add(quotas);
            threads.add(new Thread(() -> quotas.complete(resolver.resolve(request("/v1/chat/completions", "gpt-4o")))));
        }
        threads.get(0).start();
        assertThat(firstReadBegan.await(30, TimeUnit.SECONDS)).isTrue();
        threads.subList(1, threads.size()).forEach(Thread::start);
        // The other nineteen wait for the first one's read instead of starting reads of their own.
        for (Thread thread : threads.subList(1, threads.size())) {
            while (thread.getState() != Thread.State.WAITING && thread.isAlive()) {
                Thread.onSpinWait();
            }
        }
        databaseAnswers.complete(null);

        for (CompletableFuture<List<Quota>> quotas : burst) {
            assertThat(quotas.get(30, TimeUnit.SECONDS)).containsExactly(new Quota(KEY, List.of(RateLimit.rpm(2)), null));
        }
        assertThat(resolver.loads()).isEqualTo(1);
        assertThat(stored.lookups()).as("one query per store, for the whole burst").isEqualTo(2);
    }

    @Test
    void aFailedReadIsNotKeptForTheNextRequest() throws Exception {
        StoredQuotaResolver resolver = resolver(ConfiguredQuotaResolver.builder().build());
        stored.down(true);

        assertThatThrownBy(() -> resolver.resolve(request("/v1/chat/completions", "gpt-4o")))
                .isInstanceOf(QuotaStoreUnavailableException.class);
        stored.down(false);
        assertThat(resolver.resolve(request("/v1/chat/completions", "gpt-4o"))).as("the failure is not kept").isEmpty();
    }

    @Test
    void anInvalidatedScopeIsReadAgainAtOnce() {
        StoredQuotaResolver resolver = resolver(ConfiguredQuotaResolver.builder().build());
        GovernedAdmission engine = GovernedAdmission.builder(resolver, new InMemoryQuotaStore(10),
                PriceBook.builder().build()).clock(clock).build();
        assertThat(resolver.resolve(request("/v1/chat/completions", "gpt-4o"))).isEmpty();

        limit(Scope.key("key_a"), 2, null, null, null);
        assertThat(resolver.resolve(request("/v1/chat/completions", "gpt-4o"))).as("cached: nothing stored").isEmpty();
        engine.quotasChanged(Scope.key("key_a"));

        assertThat(resolver.resolve(request("/v1/chat/completions", "gpt-4o")))
                .containsExactly(new Quota(KEY, List.of(RateLimit.rpm(2)), null));
    }

    @Test
    void whileTheDatabaseIsDownLastKnownQuotasServeAndUnknownScopesCannotBeResolved() {
        limit(Scope.key("key_a"), 2, null, null, null);
        StoredQuotaResolver resolver = resolver(ConfiguredQuotaResolver.builder().build());
        resolver.resolve(request("/v1/chat/completions", "gpt-4o"));
        stored.down(true);
        clock.advance(Duration.ofMinutes(5));

        assertThat(resolver.resolve(request("/v1/chat/completions", "gpt-4o")))
                .containsExactly(new Quota(KEY, List.of(RateLimit.rpm(2)), null));
        Caller stranger = new Caller("key_b", null, null, null, null, Set.of(), Set.of(), Map.of());
        assertThatThrownBy(() -> resolver.resolve(new AdmissionRequest("r", stranger, "/v1/chat/completions", "m", 1,
                null, false))).isInstanceOf(QuotaStoreUnavailableException.class).hasMessageContaining("key key_b");

        clock.advance(Duration.ofMinutes(6));
        assertThatThrownBy(() -> resolver.resolve(request("/v1/chat/completions", "gpt-4o")))
                .as("past the stale TTL").isInstanceOf(QuotaStoreUnavailableException.class);
    }

    @Test
    void anUnreadableDatabaseFollowsTheFailurePolicy() {
        stored.down(true);
        PriceBook prices = PriceBook.builder().deployment("d", "gpt-4o", ModelPrice.free()).build();
        StoredQuotaResolver resolver = resolver(ConfiguredQuotaResolver.builder().build());
        GovernedAdmission closed = GovernedAdmission.builder(resolver, new InMemoryQuotaStore(100), prices).clock(clock)
                .build();
        GovernedAdmission open = GovernedAdmission.builder(resolver, new InMemoryQuotaStore(100), prices).clock(clock)
                .failurePolicy(FailurePolicy.FAIL_OPEN).build();

        assertThatThrownBy(() -> closed.admit(request("/v1/chat/completions", "gpt-4o")))
                .isInstanceOfSatisfying(AdmissionDeniedException.class, e -> assertThat(e.status()).isEqualTo(503));
        assertThat(open.admit(request("/v1/chat/completions", "gpt-4o"))).isNotNull();
        assertThat(closed.stats().failedClosed()).isEqualTo(1);
        assertThat(open.stats().failedOpen()).isEqualTo(1);
    }

    @Test
    void withNothingStoredOrConfiguredARequestCostsNoStoreCallAtAll() {
        AtomicInteger storeCalls = new AtomicInteger();
        InMemoryQuotaStore memory = new InMemoryQuotaStore(100);
        QuotaStore counting = new QuotaStore() {
            @Override
            public AdmitResult admit(AdmitPlan plan) {
                storeCalls.incrementAndGet();
                return memory.admit(plan);
            }

            @Override
            public SettleResult settle(AdmitPlan plan, long actualTokens, long costNanos, long nowMillis) {
                storeCalls.incrementAndGet();
                return memory.settle(plan, actualTokens, costNanos, nowMillis);
            }

            @Override
            public List<AdmitPlan> reap(long createdBeforeMillis, boolean dryRun, int limit, long nowMillis) {
                return memory.reap(createdBeforeMillis, dryRun, limit, nowMillis);
            }

            @Override
            public LedgerBalance balance(String partition, String holdKey, long nowMillis) {
                return memory.balance(partition, holdKey, nowMillis);
            }

            @Override
            public void close() {}
        };
        StoredQuotaResolver resolver = resolver(ConfiguredQuotaResolver.builder().build());
        PriceBook prices = PriceBook.builder().deployment("d", "gpt-4o", new ModelPrice(BigDecimal.ONE, BigDecimal.TEN,
                null, null, null, null)).build();
        GovernedAdmission engine = GovernedAdmission.builder(resolver, counting, prices).clock(clock).build();

        for (int i = 0; i < 50; i++) {
            Permit permit = engine.admit(request("/v1/chat/completions", "gpt-4o"));
            BigDecimal cost = permit.settle(new Outcome(Outcome.Status.OK, 200, "d", "openai", "gpt-4o",
                    Usage.builder().inputTokens(1_000_000L).outputTokens(0L).build(), Duration.ZERO, null, 1));
            assertThat(cost).as("still priced for the spend log").isEqualByComparingTo("1");
        }

        assertThat(storeCalls).hasValue(0);
        assertThat(stored.lookups()).isEqualTo(2);
    }
}
