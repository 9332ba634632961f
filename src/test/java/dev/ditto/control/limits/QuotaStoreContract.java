package dev.ditto.control.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ditto.control.AdmissionDeniedException;
import dev.ditto.control.AdmissionRequest;
import dev.ditto.control.Caller;
import dev.ditto.control.Outcome;
import dev.ditto.control.Permit;
import dev.ditto.control.Scope;
import dev.ditto.control.pricing.ModelPrice;
import dev.ditto.control.pricing.PriceBook;
import dev.ditto.sdk.Usage;
import dev.ditto.testing.FakeClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The behaviour every {@link QuotaStore} must have, driven through {@link GovernedAdmission}
 * with a fake clock: exact counting under concurrency and across replicas, budgets that are never
 * exceeded, independent route groups, token reconciliation, parallel slots, and the reaper.
 * Extended once per store ({@code InMemoryQuotaStoreTest}, {@code RedisQuotaStoreIT}).
 */
public abstract class QuotaStoreContract {

    /** A caller with a key, a user and a tenant. */
    protected static final Caller ALICE = new Caller("key-alice", "alice", "user-alice", null, "tenant-a", Set.of(),
            Set.of(), Map.of());
    /** $10 per million tokens in and out, 1,000 output tokens at most: 2,000 tokens cost at most $0.02. */
    protected static final ModelPrice TEN_PER_MILLION = ModelPrice.perMillion("10", "10").withMaxOutputTokens(1000L);
    protected static final String CHAT = "/v1/chat/completions";
    protected static final String EMBEDDINGS = "/v1/embeddings";

    protected final FakeClock clock = FakeClock.of(Instant.parse("2025-03-10T12:00:00Z"));
    protected final PriceBook prices = PriceBook.builder().deployment("d1", "gpt", TEN_PER_MILLION).build();
    private final List<QuotaStore> opened = new ArrayList<>();
    private int requests;

    /**
     * Returns a store onto this test's shared state: every call returns another "replica" of
     * the same backing store (the same instance in memory, another client of the same Redis).
     * Each test starts with empty state.
     *
     * @return the store
     */
    protected abstract QuotaStore replica();

    @AfterEach
    void closeStores() {
        opened.forEach(QuotaStore::close);
    }

    protected GovernedAdmission engine(QuotaResolver resolver) {
        return engine(resolver, "replica-1");
    }

    protected GovernedAdmission engine(QuotaResolver resolver, String replicaId) {
        QuotaStore store = replica();
        opened.add(store);
        return GovernedAdmission.builder(resolver, store, prices).clock(clock).replicaId(replicaId).build();
    }

    protected static QuotaResolver quotas(Quota... quotas) {
        return request -> List.of(quotas);
    }

    protected AdmissionRequest request(String route, long inputTokens, Long maxOutputTokens) {
        return new AdmissionRequest("req-" + (++requests), ALICE, route, "gpt", inputTokens, maxOutputTokens, false);
    }

    protected AdmissionRequest chat() {
        return request(CHAT, 100, 100L);
    }

    protected static Outcome ok(long input, long output) {
        return new Outcome(Outcome.Status.OK, 200, "d1", "openai", "gpt-4o", Usage.builder().inputTokens(input)
                .outputTokens(output).build(), Duration.ofMillis(5), null, 1);
    }

    protected static Outcome failed() {
        return new Outcome(Outcome.Status.UPSTREAM_ERROR, 502, "d1", "openai", "gpt-4o", Usage.empty(),
                Duration.ofMillis(5), null, 1);
    }

    private static AdmissionDeniedException denied(GovernedAdmission engine, AdmissionRequest request) {
        return catchThrowableOfType(AdmissionDeniedException.class, () -> engine.admit(request));
    }

    @Test
    void rpmAdmitsExactlyTheLimitAcrossThreeReplicas() throws Exception {
        QuotaResolver resolver = quotas(new Quota(Scope.of(ALICE).get(0), List.of(RateLimit.rpm(100)), null));
        List<GovernedAdmission> replicas = List.of(engine(resolver, "r1"), engine(resolver, "r2"), engine(resolver, "r3"));
        AtomicInteger admitted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(30);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                GovernedAdmission replica = replicas.get(i % 3);
                AdmissionRequest request = chat();
                calls.add(pool.submit((Callable<Void>) () -> {
                    start.await();
                    try {
                        replica.admit(request);
                        admitted.incrementAndGet();
                    } catch (AdmissionDeniedException e) {
                        assertThat(e.status()).isEqualTo(429);
                        assertThat(e.headers()).containsEntry("x-ratelimit-remaining-requests", "0");
                        refused.incrementAndGet();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> call : calls) {
                call.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(admitted).hasValue(100);
        assertThat(refused).hasValue(200);
    }

    @Test
    void concurrentRequestsNeverCommitMoreThanTheBudget() throws Exception {
        BudgetLimit dollar = BudgetLimit.of(new BigDecimal("1.00"), BudgetPeriod.daily());
        Scope key = Scope.of(ALICE).get(0);
        QuotaResolver resolver = quotas(new Quota(key, List.of(), dollar));
        List<GovernedAdmission> replicas = List.of(engine(resolver, "r1"), engine(resolver, "r2"));
        AtomicInteger settled = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                GovernedAdmission replica = replicas.get(t % 2);
                workers.add(pool.submit((Callable<Void>) () -> {
                    while (true) {
                        Permit permit;
                        try {
                            // Worst case 500 + 750 tokens = $0.0125; the call uses 1,000 tokens = $0.01.
                            permit = replica.admit(request(CHAT, 500, 750L));
                        } catch (AdmissionDeniedException e) {
                            assertThat(e.code()).isEqualTo("budget_exceeded");
                            return null;
                        }
                        assertThat(permit.settle(ok(400, 600))).isEqualByComparingTo("0.01");
                        settled.incrementAndGet();
                    }
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        GovernedAdmission.BudgetBalance balance = replicas.get(0).balance(ALICE, key, dollar);
        assertThat(balance.reserved()).isEqualByComparingTo("0");
        assertThat(balance.spent()).isLessThanOrEqualTo(new BigDecimal("1.00"))
                .isEqualByComparingTo(new BigDecimal("0.01").multiply(BigDecimal.valueOf(settled.get())))
                .isGreaterThan(new BigDecimal("0.97"));
    }

    @Test
    void routeGroupsAndModelsDoNotConsumeEachOthersQuota() {
        ConfiguredQuotaResolver resolver = ConfiguredQuotaResolver.builder()
                .routeGroup("chat", List.of(CHAT, "/v1/messages"))
                .defaults(Scope.Kind.KEY, List.of(RateLimit.rpm(2).forRouteGroup("chat"),
                        RateLimit.rpm(1).forRouteGroup(EMBEDDINGS), RateLimit.rpm(1).forModel("other")), null)
                .build();
        GovernedAdmission engine = engine(resolver);

        engine.admit(request(CHAT, 10, 10L));
        engine.admit(request("/v1/messages", 10, 10L));
        AdmissionDeniedException third = denied(engine, request(CHAT, 10, 10L));
        engine.admit(request(EMBEDDINGS, 10, null));
        AdmissionDeniedException secondEmbedding = denied(engine, request(EMBEDDINGS, 10, null));
        engine.admit(new AdmissionRequest("req-other", ALICE, "/v1/responses", "other", 10, 10L, false));

        assertThat(third).isNotNull();
        assertThat(third.getMessage()).contains("route group chat");
        assertThat(secondEmbedding).isNotNull();
        assertThat(secondEmbedding.getMessage()).contains("route group /v1/embeddings");
    }

    @ParameterizedTest
    @EnumSource(RateLimit.Algorithm.class)
    void tokensPerMinuteAreReconciledWithTheRealUsage(RateLimit.Algorithm algorithm) {
        GovernedAdmission engine = engine(quotas(new Quota(Scope.of(ALICE).get(0),
                List.of(RateLimit.tpm(1000).with(algorithm)), null)));

        Permit first = engine.admit(request(CHAT, 100, 400L));    // estimate 500
        Permit second = engine.admit(request(CHAT, 100, 400L));   // estimate 500: the minute is full
        AdmissionDeniedException full = denied(engine, request(CHAT, 100, 400L));
        first.settle(ok(60, 40));                                 // used 100: 400 back
        AdmissionDeniedException stillFull = denied(engine, request(CHAT, 100, 400L));
        second.settle(ok(60, 40));                                // used 100: 400 back
        engine.admit(request(CHAT, 100, 400L));

        assertThat(full).isNotNull();
        assertThat(full.headers()).containsEntry("x-ratelimit-limit-tokens", "1000")
                .containsEntry("x-ratelimit-remaining-tokens", "0");
        assertThat(stillFull).isNotNull();
        assertThat(stillFull.headers()).containsEntry("x-ratelimit-remaining-tokens", "400");
    }

    @Test
    void usageAboveTheEstimateIsCountedToo() {
        GovernedAdmission engine = engine(quotas(new Quota(Scope.of(ALICE).get(0), List.of(RateLimit.tpm(1000)), null)));

        engine.admit(request(CHAT, 10, 90L)).settle(ok(500, 400));   // estimate 100, used 900

        AdmissionDeniedException denied = denied(engine, request(CHAT, 10, 100L));   // 900 + 110 > 1000
        assertThat(denied).isNotNull();
        assertThat(denied.headers()).containsEntry("x-ratelimit-remaining-tokens", "100");
    }

    @Test
    void aParallelSlotIsReleasedOnSettle() {
        GovernedAdmission engine = engine(quotas(new Quota(Scope.of(ALICE).get(0), List.of(RateLimit.parallel(2)), null)));

        Permit first = engine.admit(chat());
        Permit second = engine.admit(chat());
        AdmissionDeniedException third = denied(engine, chat());
        first.settle(ok(10, 10));
        Permit fourth = engine.admit(chat());
        second.settle(failed());
        engine.admit(chat());
        AdmissionDeniedException sixth = denied(engine, chat());

        assertThat(third).isNotNull();
        assertThat(third.getMessage()).contains("Max parallel requests");
        assertThat(third.retryAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(fourth).isNotNull();
        assertThat(sixth).isNotNull();
    }

    @Test
    void theReaperReleasesExactlyTheStaleReservations() {
        BudgetLimit budget = BudgetLimit.of(new BigDecimal("5"), BudgetPeriod.lifetime());
        Scope key = Scope.of(ALICE).get(0);
        GovernedAdmission engine = engine(quotas(new Quota(key, List.of(RateLimit.parallel(4), RateLimit.tpm(100_000)),
                budget)));
        for (int i = 0; i < 3; i++) {
            engine.admit(chat());                                   // planted: never settled ($0.002 each)
        }
        clock.advance(Duration.ofMinutes(10));
        Permit fresh = engine.admit(chat());

        ReapReport dryRun = engine.reap(Duration.ofMinutes(5), true, 100);
        GovernedAdmission.BudgetBalance afterDryRun = engine.balance(ALICE, key, budget);
        ReapReport real = engine.reap(Duration.ofMinutes(5), false, 100);
        GovernedAdmission.BudgetBalance afterReap = engine.balance(ALICE, key, budget);
        List<Permit> slots = List.of(engine.admit(chat()), engine.admit(chat()), engine.admit(chat()));
        fresh.settle(ok(100, 100));
        slots.forEach(permit -> permit.settle(failed()));

        assertThat(dryRun.dryRun()).isTrue();
        assertThat(dryRun.reservations()).isEqualTo(3);
        assertThat(dryRun.usd()).isEqualByComparingTo("0.006");
        assertThat(dryRun.slots()).isEqualTo(3);
        assertThat(dryRun.tokens()).isEqualTo(600);
        assertThat(dryRun.details()).allSatisfy(reaped -> {
            assertThat(reaped.replicaId()).isEqualTo("replica-1");
            assertThat(reaped.createdAt()).isEqualTo(Instant.parse("2025-03-10T12:00:00Z"));
            assertThat(reaped.scopes()).isEqualTo("key:key-alice");
        });
        assertThat(afterDryRun.reserved()).isEqualByComparingTo("0.008");
        assertThat(real.reservations()).isEqualTo(3);
        assertThat(real.usd()).isEqualByComparingTo("0.006");
        assertThat(afterReap.reserved()).isEqualByComparingTo("0.002");
        assertThat(engine.reap(Duration.ZERO, true, 100).reservations()).isZero();
        assertThat(engine.balance(ALICE, key, budget)).isEqualTo(new GovernedAdmission.BudgetBalance(
                new BigDecimal("0.002"), BigDecimal.ZERO));
    }

    @Test
    void aReapedRequestThatSettlesLateIsChargedButReleasesNothingTwice() {
        BudgetLimit budget = BudgetLimit.of(new BigDecimal("5"), BudgetPeriod.lifetime());
        Scope key = Scope.of(ALICE).get(0);
        GovernedAdmission engine = engine(quotas(new Quota(key, List.of(RateLimit.parallel(1)), budget)));
        Permit late = engine.admit(chat());
        clock.advance(Duration.ofMinutes(10));
        engine.reap(Duration.ofMinutes(5), false, 10);
        Permit next = engine.admit(chat());

        late.settle(ok(50, 50));

        assertThat(denied(engine, chat())).as("the slot of the admitted request is still held").isNotNull();
        assertThat(engine.balance(ALICE, key, budget)).isEqualTo(new GovernedAdmission.BudgetBalance(
                new BigDecimal("0.001"), new BigDecimal("0.002")));
        next.settle(failed());
        assertThat(engine.balance(ALICE, key, budget).reserved()).isEqualByComparingTo("0");
    }

    @Test
    void theReaperHonoursItsLimitOldestFirst() {
        GovernedAdmission engine = engine(quotas(new Quota(Scope.of(ALICE).get(0), List.of(RateLimit.parallel(10)), null)));
        engine.admit(chat());
        clock.advance(Duration.ofSeconds(1));
        engine.admit(chat());
        clock.advance(Duration.ofMinutes(10));

        ReapReport first = engine.reap(Duration.ofMinutes(1), false, 1);
        ReapReport rest = engine.reap(Duration.ofMinutes(1), false, 10);

        assertThat(first.details()).extracting(ReapReport.Reaped::requestId).containsExactly("req-1");
        assertThat(rest.details()).extracting(ReapReport.Reaped::requestId).containsExactly("req-2");
    }

    @Test
    void theSlidingWindowWeighsThePreviousMinute() {
        GovernedAdmission engine = engine(quotas(new Quota(Scope.of(ALICE).get(0), List.of(RateLimit.rpm(10)), null)));
        for (int i = 0; i < 10; i++) {
            engine.admit(chat());                               // 12:00:00, the minute's first instant
        }
        clock.advance(Duration.ofSeconds(10));
        AdmissionDeniedException full = denied(engine, chat());
        clock.advance(Duration.ofSeconds(80));                  // 12:01:30: half of 12:00 still counts
        for (int i = 0; i < 5; i++) {
            engine.admit(chat());
        }
        AdmissionDeniedException half = denied(engine, chat());

        assertThat(full.retryAfter()).isEqualTo(Duration.ofSeconds(56));   // 50 s to 12:01, then 6 s of decay
        assertThat(full.headers()).containsEntry("x-ratelimit-limit-requests", "10")
                .containsEntry("x-ratelimit-remaining-requests", "0")
                .containsEntry("x-ratelimit-reset-requests", "1m50s");
        assertThat(half.retryAfter()).isEqualTo(Duration.ofSeconds(6));    // 12:01:36: 10 * 0.4 + 5 + 1 = 10
    }

    @Test
    void theTokenBucketBurstsThenRefillsEvenly() {
        GovernedAdmission engine = engine(quotas(new Quota(Scope.of(ALICE).get(0),
                List.of(RateLimit.rpm(60).with(RateLimit.Algorithm.TOKEN_BUCKET)), null)));
        for (int i = 0; i < 60; i++) {
            engine.admit(chat());
        }
        AdmissionDeniedException empty = denied(engine, chat());
        clock.advance(Duration.ofSeconds(1));
        engine.admit(chat());
        AdmissionDeniedException emptyAgain = denied(engine, chat());

        assertThat(empty.retryAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(empty.headers()).containsEntry("x-ratelimit-reset-requests", "1m0s");
        assertThat(emptyAgain).isNotNull();
    }

    @Test
    void aRequestLargerThanTheLimitIsRefusedWithoutRetryAfter() {
        GovernedAdmission engine = engine(quotas(new Quota(Scope.of(ALICE).get(0), List.of(RateLimit.tpm(1000)), null)));

        AdmissionDeniedException denied = denied(engine, request(CHAT, 900, 200L));

        assertThat(denied.status()).isEqualTo(429);
        assertThat(denied.retryAfter()).isNull();
        assertThat(denied.getMessage()).contains("needs an estimated 1100 tokens");
    }

    @Test
    void anExhaustedBudgetRefusesWithLiteLlmsShapeUntilThePeriodEnds() {
        BudgetLimit budget = BudgetLimit.of(new BigDecimal("0.005"), BudgetPeriod.daily());
        GovernedAdmission engine = engine(quotas(new Quota(Scope.of(ALICE).get(0), List.of(), budget)));
        engine.admit(chat()).settle(ok(200, 200));                  // $0.004
        AdmissionDeniedException denied = denied(engine, chat());   // worst case $0.002 more
        clock.advance(Duration.ofHours(12));                        // the next UTC day
        Permit nextDay = engine.admit(chat());

        assertThat(denied.status()).isEqualTo(429);
        assertThat(denied.code()).isEqualTo("budget_exceeded");
        assertThat(denied.getMessage()).startsWith("Budget has been exceeded! Current cost: 0.004, Max budget: 0.005")
                .contains("key key-alice");
        assertThat(denied.retryAfter()).isEqualTo(Duration.ofHours(12));
        assertThat(nextDay).isNotNull();
    }

    @Test
    void theSoftBudgetAlertsOnceWhenCrossed() {
        List<BudgetAlert> alerts = new ArrayList<>();
        BudgetLimit budget = new BudgetLimit(new BigDecimal("1"), BudgetPeriod.monthly(), new BigDecimal("0.005"));
        QuotaStore store = replica();
        opened.add(store);
        GovernedAdmission engine = GovernedAdmission.builder(quotas(new Quota(Scope.of(ALICE).get(0), List.of(), budget)),
                store, prices).clock(clock).alerts(alerts::add).build();

        engine.admit(chat()).settle(ok(200, 200));       // 0.004
        engine.admit(chat()).settle(ok(100, 100));       // 0.006: crossed
        engine.admit(chat()).settle(ok(100, 100));       // 0.008

        assertThat(alerts).singleElement().satisfies(alert -> {
            assertThat(alert.spentUsd()).isEqualByComparingTo("0.006");
            assertThat(alert.periodStart()).isEqualTo(Instant.parse("2025-03-01T00:00:00Z"));
            assertThat(alert.requestId()).isEqualTo("req-2");
        });
        assertThat(engine.stats().softBudgetAlerts()).isEqualTo(1);
    }

    @Test
    void aRefusalTakesNothing() {
        Scope key = Scope.of(ALICE).get(0);
        BudgetLimit budget = BudgetLimit.of(new BigDecimal("1"), BudgetPeriod.lifetime());
        GovernedAdmission engine = engine(quotas(new Quota(key, List.of(RateLimit.parallel(5), RateLimit.rpm(1)), budget)));
        engine.admit(chat());

        assertThatThrownBy(() -> engine.admit(chat())).isInstanceOf(AdmissionDeniedException.class);
        clock.advance(Duration.ofSeconds(1));
        assertThat(engine.balance(ALICE, key, budget).reserved()).isEqualByComparingTo("0.002");
        assertThat(engine.reap(Duration.ZERO, true, 10).reservations()).isEqualTo(1);
    }
}
