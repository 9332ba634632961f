package dev.ditto.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ditto.config.ConfigLoader;
import dev.ditto.config.ConfigSource;
import dev.ditto.config.GatewaySettings;
import dev.ditto.config.ModelDeployment;
import dev.ditto.gateway.ModelCatalog;
import dev.ditto.testing.FakeClock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouterTest {

    private final FakeClock clock = FakeClock.ofDefaults();

    private Router router(String strategy) {
        GatewaySettings settings = new ConfigLoader(name -> null).load(new ConfigSource("test", """
                model_list:
                  - {model_name: gpt, litellm_params: {model: openai/a, weight: 1, input_cost_per_token: 0.000002, tpm: 1000}, model_info: {id: a}}
                  - {model_name: gpt, litellm_params: {model: openai/b, weight: 3, input_cost_per_token: 0.000001, tpm: 1000}, model_info: {id: b}}
                  - {model_name: solo, litellm_params: {model: openai/s}, model_info: {id: s}}
                  - {model_name: big, litellm_params: {model: openai/big}, model_info: {id: big}}
                  - {model_name: safe, litellm_params: {model: openai/safe}, model_info: {id: safe}}
                router_settings:
                  routing_strategy: %s
                  allowed_fails: 0
                  cooldown_time: 30
                  fallbacks: [{"gpt": ["solo"]}]
                litellm_settings:
                  fallbacks: [{"gpt": ["safe", "solo"]}]
                  context_window_fallbacks: [{"gpt": ["big"]}]
                  content_policy_fallbacks: [{"gpt": ["safe"]}]
                  default_fallbacks: ["safe"]
                """.formatted(strategy)));
        return new Router(settings, ModelCatalog.of(settings.modelList()), clock, new Random(42));
    }

    private static String pick(Router router, String group, String... tried) {
        return router.select(group, Set.of(tried)).map(ModelDeployment::id).orElse("none");
    }

    @Test
    void weightedShuffleFollowsTheWeights() {
        Router router = router("simple-shuffle");
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 4000; i++) {
            counts.merge(pick(router, "gpt"), 1, Integer::sum);
        }

        assertThat(counts.get("b") / (double) counts.get("a")).isBetween(2.6, 3.4);
    }

    @Test
    void roundRobinCycles() {
        Router router = router("round-robin");

        assertThat(List.of(pick(router, "gpt"), pick(router, "gpt"), pick(router, "gpt"), pick(router, "gpt")))
                .containsExactly("a", "b", "a", "b");
    }

    @Test
    void leastBusyAvoidsTheLoadedDeployment() {
        Router router = router("least-busy");
        router.stats().started("b");

        assertThat(List.of(pick(router, "gpt"), pick(router, "gpt"), pick(router, "gpt"))).containsOnly("a");
    }

    @Test
    void latencyBasedMeasuresEveryoneThenPicksTheFastest() {
        Router router = router("latency-based-routing");
        router.stats().latency("a", Duration.ofMillis(100));

        assertThat(pick(router, "gpt")).as("unmeasured first").isEqualTo("b");
        router.stats().latency("b", Duration.ofMillis(400));
        assertThat(pick(router, "gpt")).isEqualTo("a");
    }

    @Test
    void usageBasedPicksTheMostHeadroom() {
        Router router = router("usage-based-routing-v2");
        router.stats().started("a");
        router.stats().finished("a", 900);

        assertThat(pick(router, "gpt")).isEqualTo("b");
    }

    @Test
    void costBasedPicksTheCheapest() {
        assertThat(pick(router("cost-based-routing"), "gpt")).isEqualTo("b");
    }

    @Test
    void skipsTriedAndCoolingDeploymentsButNeverEmptiesASoloGroup() {
        Router router = router("round-robin");
        router.cooldowns().recordFailure("a", FailureKind.SERVER_ERROR);
        router.cooldowns().recordFailure("s", FailureKind.SERVER_ERROR);

        assertThat(pick(router, "gpt")).isEqualTo("b");
        assertThat(pick(router, "gpt", "b")).as("everything tried or cooling").isEqualTo("none");
        assertThat(pick(router, "solo")).as("a solo group is never left with nothing").isEqualTo("s");
        assertThat(pick(router, "solo", "s")).isEqualTo("none");
        assertThat(pick(router, "unknown")).isEqualTo("none");
    }

    @Test
    void cooledDeploymentComesBackThroughOneProbe() {
        Router router = router("round-robin");
        router.cooldowns().recordFailure("a", FailureKind.SERVER_ERROR);
        clock.advance(Duration.ofSeconds(30));
        Set<String> picks = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            picks.add(pick(router, "gpt"));
        }

        assertThat(picks).containsExactlyInAnyOrder("a", "b");
        assertThat(router.cooldowns().availability("a")).isEqualTo(CooldownTracker.Availability.COOLING_DOWN);
    }

    @Test
    void fallbacksInOrderPerReason() {
        Router router = router("simple-shuffle");

        assertThat(router.fallbacks("gpt", Router.FallbackReason.ERROR)).containsExactly("solo", "safe");
        assertThat(router.fallbacks("gpt", Router.FallbackReason.CONTEXT_WINDOW)).containsExactly("big", "solo", "safe");
        assertThat(router.fallbacks("gpt", Router.FallbackReason.CONTENT_POLICY)).containsExactly("safe", "solo");
        assertThat(router.fallbacks("big", Router.FallbackReason.ERROR)).containsExactly("safe");
        assertThat(router.fallbacks("safe", Router.FallbackReason.ERROR)).isEmpty();
    }

    @Test
    void theDefaultStrategyShufflesByRpmElseTpmWhenNoWeightIsSet() {
        Map<String, Integer> byRpm = picks(defaultRouter("rpm: 100", "rpm: 300"));
        Map<String, Integer> byTpm = picks(defaultRouter("tpm: 3000", "tpm: 1000"));
        Map<String, Integer> even = picks(defaultRouter("max_retries: 1", "max_retries: 1"));

        assertThat(byRpm.get("y") / (double) byRpm.get("x")).isBetween(2.6, 3.4);
        assertThat(byTpm.get("x") / (double) byTpm.get("y")).isBetween(2.6, 3.4);
        assertThat(even.get("x") / (double) even.get("y")).isBetween(0.85, 1.15);
    }

    /** A group of x and y with the given extra params, and no routing_strategy. */
    private Router defaultRouter(String x, String y) {
        GatewaySettings settings = new ConfigLoader(name -> null).load(new ConfigSource("test", """
                model_list:
                  - {model_name: g, litellm_params: {model: openai/x, %s}, model_info: {id: x}}
                  - {model_name: g, litellm_params: {model: openai/y, %s}, model_info: {id: y}}
                """.formatted(x, y)));
        return new Router(settings, ModelCatalog.of(settings.modelList()), clock, new Random(11));
    }

    private static Map<String, Integer> picks(Router router) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 4000; i++) {
            counts.merge(pick(router, "g"), 1, Integer::sum);
        }
        return counts;
    }
}
