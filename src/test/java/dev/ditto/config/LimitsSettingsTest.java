package dev.ditto.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code ditto.limits} and {@code ditto.pricing}: read with LiteLLM's names, every mistake reported. */
class LimitsSettingsTest {

    private static final String MODELS = "model_list: [{model_name: gpt-4o, litellm_params: {model: openai/gpt-4o}}]\n";

    private static GatewaySettings load(String yaml) {
        return new ConfigLoader(Map.<String, String>of()::get).load(new ConfigSource("test", MODELS + yaml));
    }

    private static List<ConfigProblem> problems(String yaml) {
        return catchThrowableOfType(InvalidConfigException.class, () -> load(yaml)).problems();
    }

    @Test
    void readsScopesRouteGroupsModelsAndBudgets() {
        GatewaySettings settings = load("""
                ditto:
                  limits:
                    on_store_failure: fail_open
                    redis_key_prefix: "gw1:"
                    route_groups:
                      chat: [/v1/chat/completions, /chat/completions, /v1/messages]
                    key:
                      rpm_limit: 60
                      tpm_limit: 100000
                      max_parallel_requests: 4
                      algorithm: token_bucket
                      route_groups:
                        chat: {rpm_limit: 30}
                        /v1/embeddings: {rpm_limit: 600, algorithm: sliding_window}
                      models:
                        gpt-4o: {tpm_limit: 20000}
                    tenant:
                      max_budget: 250.50
                      soft_budget: 200
                      budget_duration: 1mo
                      budget_anchor: 2025-01-15
                  pricing:
                    unpriced: charge_default
                    default_input_cost_per_token: 0.00001
                    default_output_cost_per_token: 0.00003
                    default_max_output_tokens: 8192
                """);

        LimitsSettings limits = settings.ditto().limits();
        assertThat(limits.configured()).isTrue();
        assertThat(limits.onStoreFailure()).isEqualTo(LimitsSettings.StoreFailure.FAIL_OPEN);
        assertThat(limits.redisKeyPrefix()).isEqualTo("gw1:");
        assertThat(limits.routeGroups()).containsEntry("chat",
                List.of("/v1/chat/completions", "/v1/chat/completions", "/v1/messages"));
        LimitsSettings.ScopeLimits key = limits.scopes().get("key");
        assertThat(key.limits()).isEqualTo(new LimitsSettings.RateLimits(60, 100_000, 4,
                LimitsSettings.Algorithm.TOKEN_BUCKET));
        assertThat(key.routeGroups()).containsEntry("chat", new LimitsSettings.RateLimits(30, null, null, null))
                .containsEntry("/v1/embeddings", new LimitsSettings.RateLimits(600, null, null,
                        LimitsSettings.Algorithm.SLIDING_WINDOW));
        assertThat(key.models()).containsEntry("gpt-4o", new LimitsSettings.RateLimits(null, 20_000, null, null));
        LimitsSettings.ScopeLimits tenant = limits.scopes().get("tenant");
        assertThat(tenant.maxBudget()).isEqualByComparingTo("250.50");
        assertThat(tenant.softBudget()).isEqualByComparingTo("200");
        assertThat(tenant.budgetDuration()).isEqualTo(new LimitsSettings.BudgetDuration(1, "mo"));
        assertThat(tenant.budgetAnchor()).isEqualTo(Instant.parse("2025-01-15T00:00:00Z"));
        assertThat(settings.ditto().pricing()).isEqualTo(new PricingSettings(PricingSettings.Unpriced.CHARGE_DEFAULT,
                new BigDecimal("0.00001"), new BigDecimal("0.00003"), 8192));
        assertThat(EffectiveConfig.render(settings)).contains("on_store_failure: \"fail_open\"", "budget_duration: \"1mo\"",
                "budget_anchor: \"2025-01-15T00:00:00Z\"",
                "algorithm: \"token_bucket\"", "unpriced: \"charge_default\"");
    }

    @Test
    void nothingConfiguredMeansNoLimits() {
        GatewaySettings settings = load("");

        assertThat(settings.ditto().limits().configured()).isFalse();
        assertThat(settings.ditto().pricing().unpriced()).isEqualTo(PricingSettings.Unpriced.DENY);
    }

    @Test
    void readsTheStoredQuotaCacheTheReaperAndTheWriteBehindQueue() {
        GatewaySettings settings = load("""
                ditto:
                  limits:
                    cache_size: 5000
                    cache_ttl: 20
                    reaper: {interval: 60, older_than: 900}
                  database:
                    write_behind: {queue_size: 1000, batch_size: 100, flush_interval: 0.25, shutdown_timeout: 10}
                """);

        LimitsSettings limits = settings.ditto().limits();
        assertThat(limits.configured()).as("no scope defaults").isFalse();
        assertThat(limits.cacheSize()).isEqualTo(5000);
        assertThat(limits.cacheTtl()).isEqualTo(Duration.ofSeconds(20));
        assertThat(limits.reaper()).isEqualTo(new LimitsSettings.Reaper(Duration.ofMinutes(1), Duration.ofMinutes(15)));
        assertThat(settings.ditto().database().writeBehind()).isEqualTo(new DittoSettings.WriteBehindSettings(1000, 100,
                Duration.ofMillis(250), Duration.ofSeconds(10)));
    }

    @Test
    void withoutSettingsTheReaperDoesNotRunAndTheQueueTakesItsDefaults() {
        GatewaySettings settings = load("");

        assertThat(settings.ditto().limits().reaper()).isEqualTo(LimitsSettings.Reaper.disabled());
        assertThat(settings.ditto().limits().reaper().olderThan()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.ditto().database().writeBehind()).isEqualTo(new DittoSettings.WriteBehindSettings(null, null,
                null, null));
    }

    @Test
    void aBatchLargerThanTheQueueAndUnknownReaperSettingsAreErrors() {
        List<ConfigProblem> problems = problems("""
                ditto:
                  limits:
                    reaper: {interval: 0, older_then: 60}
                  database:
                    write_behind: {queue_size: 10, batch_size: 100}
                """);

        assertThat(problems).extracting(ConfigProblem::path).containsExactlyInAnyOrder("ditto.limits.reaper.interval",
                "ditto.limits.reaper.older_then", "ditto.database.write_behind.batch_size");
    }

    @Test
    void budgetWordsAreLitellmDurations() {
        GatewaySettings settings = load("ditto: {limits: {user: {max_budget: 5, budget_duration: weekly}}}\n");

        assertThat(settings.ditto().limits().scopes().get("user").budgetDuration())
                .isEqualTo(new LimitsSettings.BudgetDuration(1, "w"));
    }

    @Test
    void everyMistakeIsReportedWithItsPath() {
        List<ConfigProblem> problems = problems("""
                ditto:
                  limits:
                    on_store_failure: fail_sometimes
                    route_groups:
                      chat: [chat/completions]
                      other: [/v1/chat/completions]
                      more: [/v1/chat/completions]
                    key:
                      rpm_limt: 5
                      algorithm: leaky_bucket
                      budget_duration: fortnightly
                      soft_budget: 2
                      route_groups:
                        chats: {rpm_limit: 1}
                      models:
                        gpt4o: {rpm_limit: 1}
                    team: {rpm_limit: 1}
                  pricing:
                    unpriced: charge_default
                """);

        assertThat(problems).extracting(ConfigProblem::path).containsExactlyInAnyOrder(
                "ditto.limits.on_store_failure",
                "ditto.limits.route_groups.chat",
                "ditto.limits.route_groups.more",
                "ditto.limits.key.rpm_limt",
                "ditto.limits.key.algorithm",
                "ditto.limits.key.budget_duration",
                "ditto.limits.key.max_budget",
                "ditto.limits.key.route_groups.chats",
                "ditto.limits.key.models.gpt4o",
                "ditto.limits.team",
                "ditto.pricing.unpriced");
        assertThat(problems).filteredOn(p -> p.path().equals("ditto.limits.key.route_groups.chats"))
                .singleElement().hasToString("ditto.limits.key.route_groups.chats: route group 'chats' is not defined "
                        + "under ditto.limits.route_groups (or write a route path); did you mean 'chat'?");
        assertThat(problems).filteredOn(p -> p.path().equals("ditto.limits.key.rpm_limt"))
                .singleElement().extracting(ConfigProblem::message).asString().contains("did you mean 'rpm_limit'");
    }

    @Test
    void aSoftBudgetAboveTheBudgetIsAnError() {
        assertThat(problems("ditto: {limits: {key: {max_budget: 1, soft_budget: 2}}}\n"))
                .singleElement().hasToString("ditto.limits.key.soft_budget: must not exceed max_budget (1), got 2");
    }
}
