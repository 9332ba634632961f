package dev.ditto.control.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ditto.control.AdmissionDeniedException;
import dev.ditto.control.AdmissionRequest;
import dev.ditto.control.Caller;
import dev.ditto.control.Outcome;
import dev.ditto.control.Permit;
import dev.ditto.control.Scope;
import dev.ditto.control.pricing.ModelPrice;
import dev.ditto.control.pricing.PriceBook;
import dev.ditto.control.pricing.UnpricedPolicy;
import dev.ditto.sdk.Usage;
import dev.ditto.store.memory.InMemoryQuotaStore;
import dev.ditto.testing.FakeClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The engine's own rules, over the in-memory store: pricing policy, charges, header shapes. */
class GovernedAdmissionTest {

    private static final Caller CALLER = new Caller("k1", null, null, null, null, Set.of(), Set.of(), Map.of());
    private static final BudgetLimit BUDGET = BudgetLimit.of(BigDecimal.TEN, BudgetPeriod.lifetime());
    private final FakeClock clock = FakeClock.ofDefaults();
    private final InMemoryQuotaStore store = new InMemoryQuotaStore(1000);

    private GovernedAdmission engine(PriceBook prices, Quota... quotas) {
        return GovernedAdmission.builder(request -> List.of(quotas), store, prices).clock(clock).build();
    }

    private static AdmissionRequest request(String route, String model) {
        return new AdmissionRequest("req", CALLER, route, model, 100, 100L, false);
    }

    private static Outcome outcome(Outcome.Status status, String deployment, Usage usage) {
        return new Outcome(status, 200, deployment, "openai", "m", usage, Duration.ZERO, null, 1);
    }

    @Test
    void anUnpricedModelIsRefusedWhenABudgetApplies() {
        PriceBook prices = PriceBook.builder().deployment("local", "llama", null).build();
        GovernedAdmission engine = engine(prices, new Quota(new Scope(Scope.Kind.KEY, "k1"), List.of(), BUDGET));

        AdmissionDeniedException denied = catchThrowableOfType(AdmissionDeniedException.class,
                () -> engine.admit(request("/v1/chat/completions", "llama")));

        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.code()).isEqualTo("model_not_priced");
        assertThat(denied.getMessage()).contains("'llama'").contains("ditto.pricing.unpriced");
        assertThat(engine.stats().deniedUnpriced()).isEqualTo(1);
    }

    @Test
    void anUnpricedModelWithoutABudgetPassesButReportsNoCost() {
        PriceBook prices = PriceBook.builder().deployment("local", "llama", null).build();
        GovernedAdmission engine = engine(prices, new Quota(new Scope(Scope.Kind.KEY, "k1"), List.of(RateLimit.rpm(5)), null));

        Permit permit = engine.admit(request("/v1/chat/completions", "llama"));

        assertThat(permit.settle(outcome(Outcome.Status.OK, "local", Usage.builder().inputTokens(5L).outputTokens(5L)
                .build()))).isNull();
    }

    @Test
    void chargeDefaultReservesAndChargesTheDefaultPrice() {
        PriceBook prices = PriceBook.builder().deployment("local", "llama", null)
                .unpriced(UnpricedPolicy.CHARGE_DEFAULT, ModelPrice.perMillion("10", "30")).build();
        Scope key = new Scope(Scope.Kind.KEY, "k1");
        GovernedAdmission engine = engine(prices, new Quota(key, List.of(), BUDGET));

        Permit permit = engine.admit(request("/v1/chat/completions", "llama"));
        BigDecimal reserved = engine.balance(CALLER, key, BUDGET).reserved();
        BigDecimal cost = permit.settle(outcome(Outcome.Status.OK, "local", Usage.builder().inputTokens(1000L)
                .outputTokens(1000L).build()));

        assertThat(reserved).isEqualByComparingTo("0.004");   // 100 * $10/M + 100 * $30/M
        assertThat(cost).isEqualByComparingTo("0.04");
        assertThat(engine.balance(CALLER, key, BUDGET)).isEqualTo(new GovernedAdmission.BudgetBalance(
                new BigDecimal("0.04"), BigDecimal.ZERO));
    }

    @Test
    void withoutQuotasTheCostIsStillReported() {
        PriceBook prices = PriceBook.builder().deployment("d1", "gpt", ModelPrice.perMillion("0.10", "0.40")).build();
        GovernedAdmission engine = engine(prices);

        Permit permit = engine.admit(request("/v1/chat/completions", "gpt"));

        assertThat(permit.settle(outcome(Outcome.Status.OK, "d1", Usage.builder().inputTokens(1L).outputTokens(0L)
                .build()))).isEqualByComparingTo("0.0000001");
        assertThat(store.size()).isZero();
    }

    @ParameterizedTest
    @CsvSource({
        "OK,             d1, 0.00001",
        "CLIENT_GONE,    d1, 0.00001",
        "STREAM_ERROR,   d1, 0.00001",
        "UPSTREAM_ERROR, d1, 0",
        "GATEWAY_ERROR,  ,   0",
    })
    void withoutReportedUsageTheEstimatedPromptIsChargedIfAnUpstreamAnswered(Outcome.Status status, String deployment,
            String expected) {
        PriceBook prices = PriceBook.builder().deployment("d1", "gpt", ModelPrice.perMillion("0.10", "0.40")).build();
        GovernedAdmission engine = engine(prices, new Quota(new Scope(Scope.Kind.KEY, "k1"), List.of(), BUDGET));

        Permit permit = engine.admit(request("/v1/chat/completions", "gpt"));

        assertThat(permit.settle(outcome(status, deployment, Usage.empty()))).isEqualByComparingTo(expected);
    }

    @Test
    void settlingTwiceChargesOnce() {
        PriceBook prices = PriceBook.builder().deployment("d1", "gpt", ModelPrice.perMillion("1", "1")).build();
        Scope key = new Scope(Scope.Kind.KEY, "k1");
        GovernedAdmission engine = engine(prices, new Quota(key, List.of(), BUDGET));
        Permit permit = engine.admit(request("/v1/chat/completions", "gpt"));
        Outcome used = outcome(Outcome.Status.OK, "d1", Usage.builder().inputTokens(500L).outputTokens(500L).build());

        BigDecimal first = permit.settle(used);
        BigDecimal second = permit.settle(used);

        assertThat(second).isEqualTo(first);
        assertThat(engine.balance(CALLER, key, BUDGET).spent()).isEqualByComparingTo("0.001");
    }

    @Test
    void anthropicRoutesAlsoGetAnthropicsHeaders() {
        PriceBook prices = PriceBook.builder().deployment("d1", "claude", ModelPrice.free()).build();
        GovernedAdmission engine = engine(prices, new Quota(new Scope(Scope.Kind.KEY, "k1"),
                List.of(RateLimit.rpm(1), RateLimit.tpm(100_000)), null));
        engine.admit(request("/v1/messages", "claude"));

        AdmissionDeniedException denied = catchThrowableOfType(AdmissionDeniedException.class,
                () -> engine.admit(request("/v1/messages", "claude")));

        assertThat(denied.headers())
                .containsEntry("x-ratelimit-limit-requests", "1")
                .containsEntry("x-ratelimit-remaining-requests", "0")
                .containsEntry("x-ratelimit-reset-requests", "2m0s")
                .containsEntry("x-ratelimit-limit-tokens", "100000")
                .containsEntry("x-ratelimit-remaining-tokens", "99800")
                .containsEntry("anthropic-ratelimit-requests-limit", "1")
                .containsEntry("anthropic-ratelimit-requests-remaining", "0")
                .containsEntry("anthropic-ratelimit-requests-reset", "2025-01-01T00:02:00Z")
                .containsEntry("anthropic-ratelimit-tokens-limit", "100000");
    }

    @Test
    void openAiRoutesGetOnlyOpenAisHeaders() {
        PriceBook prices = PriceBook.builder().deployment("d1", "gpt", ModelPrice.free()).build();
        GovernedAdmission engine = engine(prices, new Quota(new Scope(Scope.Kind.KEY, "k1"), List.of(RateLimit.rpm(1)), null));
        engine.admit(request("/v1/chat/completions", "gpt"));

        AdmissionDeniedException denied = catchThrowableOfType(AdmissionDeniedException.class,
                () -> engine.admit(request("/v1/chat/completions", "gpt")));

        assertThat(denied.headers()).containsOnlyKeys("x-ratelimit-limit-requests", "x-ratelimit-remaining-requests",
                "x-ratelimit-reset-requests");
        assertThat(engine.stats().deniedByRateLimit()).isEqualTo(1);
        assertThat(engine.stats().admitted()).isEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource({"0, 0s", "12, 12ms", "999, 999ms", "1000, 1s", "1500, 1.5s", "60000, 1m0s", "360000, 6m0s",
        "3723004, 1h2m3.004s"})
    void resetsAreFormattedAsGoDurationsLikeOpenAis(long millis, String expected) {
        assertThat(RateLimitHeaders.goDuration(millis)).isEqualTo(expected);
    }
}
