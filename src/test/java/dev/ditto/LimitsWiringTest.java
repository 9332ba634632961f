package dev.ditto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ditto.config.ConfigLoader;
import dev.ditto.config.ConfigSource;
import dev.ditto.config.GatewaySettings;
import dev.ditto.config.ModelDeployment;
import dev.ditto.control.AdmissionRequest;
import dev.ditto.control.Caller;
import dev.ditto.control.audit.AuditLog;
import dev.ditto.control.limits.BudgetLimit;
import dev.ditto.control.limits.BudgetPeriod;
import dev.ditto.control.limits.GovernedAdmission;
import dev.ditto.control.limits.Quota;
import dev.ditto.control.limits.RateLimit;
import dev.ditto.control.limits.ScheduledReaper;
import dev.ditto.control.Scope;
import dev.ditto.control.pricing.ModelPrice;
import dev.ditto.control.pricing.PriceBook;
import dev.ditto.control.pricing.PriceCatalog;
import dev.ditto.store.memory.InMemoryQuotaStore;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The configuration becomes the engine's quotas and prices as documented. */
class LimitsWiringTest {

    private static GatewaySettings load(String yaml) {
        return new ConfigLoader(Map.<String, String>of()::get).load(new ConfigSource("test", yaml));
    }

    private static ModelDeployment deployment(GatewaySettings settings, String id) {
        return settings.modelList().stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void deploymentsArePricedFromTheTableWithLitellmsOverridesOnTop() {
        GatewaySettings settings = load("""
                model_list:
                  - model_name: gpt-4o
                    litellm_params: {model: azure/gpt-4o, api_base: "https://x.openai.azure.com", api_key: k}
                    model_info: {id: table}
                  - model_name: gpt-4o
                    litellm_params: {model: azure/eu-deployment, api_base: "https://x.openai.azure.com", api_key: k,
                                     input_cost_per_token: 0.000003, output_cost_per_token: 0.000012}
                    model_info: {id: params}
                  - model_name: llama
                    litellm_params: {model: hosted_vllm/llama-3, api_base: "http://vllm:8000/v1"}
                    model_info: {id: info, input_cost_per_token: 0.0000002, output_cost_per_token: 0.0000004,
                                 cache_read_input_token_cost: 0.0000001, max_output_tokens: 2048}
                  - model_name: llama
                    litellm_params: {model: hosted_vllm/other, api_base: "http://vllm:8000/v1"}
                    model_info: {id: unpriced}
                """);
        PriceCatalog catalog = PriceCatalog.ofDefaults();

        assertThat(LimitsWiring.price(deployment(settings, "table"), catalog)).isEqualTo(
                catalog.find("openai", "gpt-4o").orElseThrow());
        assertThat(LimitsWiring.price(deployment(settings, "params"), catalog)).isEqualTo(
                ModelPrice.perMillion("3", "12"));
        assertThat(LimitsWiring.price(deployment(settings, "info"), catalog)).isEqualTo(
                ModelPrice.perMillion("0.2", "0.4").withCachedInput(new BigDecimal("0.1")).withMaxOutputTokens(2048L));
        assertThat(LimitsWiring.price(deployment(settings, "unpriced"), catalog)).isNull();
    }

    @Test
    void aGroupsWorstCaseIncludesItsFallbacks() {
        GatewaySettings settings = load("""
                model_list:
                  - {model_name: mini, litellm_params: {model: openai/gpt-4o-mini}, model_info: {id: mini}}
                  - {model_name: big, litellm_params: {model: openai/gpt-4o}, model_info: {id: big}}
                router_settings:
                  fallbacks: [{mini: [big]}]
                """);

        PriceBook book = LimitsWiring.priceBook(settings, PriceCatalog.ofDefaults());

        assertThat(book.worstCase("mini").orElseThrow().output()).isEqualByComparingTo("10.00");
        assertThat(book.deployment("mini").orElseThrow().output()).isEqualByComparingTo("0.60");
    }

    @Test
    void scopeDefaultsBecomeQuotasNarrowedToTheRequest() {
        GatewaySettings settings = load("""
                model_list:
                  - {model_name: gpt-4o, litellm_params: {model: openai/gpt-4o}}
                ditto:
                  limits:
                    route_groups: {chat: [/v1/chat/completions, /v1/messages]}
                    key:
                      rpm_limit: 60
                      algorithm: token_bucket
                      route_groups: {chat: {tpm_limit: 1000}, /v1/embeddings: {rpm_limit: 5}}
                      models: {gpt-4o: {max_parallel_requests: 2}}
                    tenant: {max_budget: 100, soft_budget: 80, budget_duration: 1mo, budget_anchor: 2025-01-15}
                """);
        Caller caller = new Caller("k1", null, null, null, "acme", Set.of(), Set.of(), Map.of());

        List<Quota> quotas = LimitsWiring.resolver(settings.ditto().limits()).resolve(
                new AdmissionRequest("r", caller, "/v1/messages", "gpt-4o", 10, null, false));

        assertThat(quotas).containsExactly(
                new Quota(new Scope(Scope.Kind.KEY, "k1"), List.of(
                        RateLimit.rpm(60).with(RateLimit.Algorithm.TOKEN_BUCKET),
                        RateLimit.tpm(1000).with(RateLimit.Algorithm.TOKEN_BUCKET).forRouteGroup("chat"),
                        RateLimit.parallel(2).forModel("gpt-4o")), null),
                new Quota(new Scope(Scope.Kind.TENANT, "acme"), List.of(), new BudgetLimit(new BigDecimal("100"),
                        BudgetPeriod.months(1, Instant.parse("2025-01-15T00:00:00Z")), new BigDecimal("80"))));
    }

    @Test
    void budgetDurationsMapToPeriods() {
        assertThat(LimitsWiring.period(null, null)).isEqualTo(BudgetPeriod.lifetime());
        assertThat(LimitsWiring.period(new dev.ditto.config.LimitsSettings.BudgetDuration(1, "d"), null))
                .isEqualTo(BudgetPeriod.daily());
        assertThat(LimitsWiring.period(new dev.ditto.config.LimitsSettings.BudgetDuration(1, "w"), null))
                .isEqualTo(BudgetPeriod.weekly());
        assertThat(LimitsWiring.period(new dev.ditto.config.LimitsSettings.BudgetDuration(1, "mo"), null))
                .isEqualTo(BudgetPeriod.monthly());
        assertThat(LimitsWiring.period(new dev.ditto.config.LimitsSettings.BudgetDuration(30, "m"), null))
                .isEqualTo(BudgetPeriod.every(Duration.ofMinutes(30), Instant.EPOCH));
    }

    @Test
    void theReaperIsScheduledOnlyWhenAnIntervalIsConfigured() {
        GovernedAdmission engine = GovernedAdmission.builder(request -> List.of(), new InMemoryQuotaStore(10),
                PriceBook.builder().build()).build();
        List<AutoCloseable> tracked = new ArrayList<>();

        LimitsWiring.scheduleReaper(load("model_list: []\n").ditto().limits(), engine, AuditLog.disabled(), c -> {
            tracked.add(c);
            return c;
        });
        assertThat(tracked).isEmpty();
        LimitsWiring.scheduleReaper(load("model_list: []\nditto: {limits: {reaper: {interval: 3600}}}\n").ditto()
                .limits(), engine, AuditLog.disabled(), c -> {
                    tracked.add(c);
                    return c;
                });

        assertThat(tracked).singleElement().isInstanceOf(ScheduledReaper.class);
        ((ScheduledReaper) tracked.get(0)).close();
    }
}
