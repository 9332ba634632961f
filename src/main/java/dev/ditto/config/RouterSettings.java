package dev.ditto.config;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * LiteLLM's {@code router_settings}: how requests are spread over a model group's deployments
 * and when a failing deployment is put aside.
 *
 * @param routingStrategy one of {@link #STRATEGIES}
 * @param redisHost Redis host for state shared across replicas
 * @param redisPort Redis port
 * @param redisPassword Redis password
 * @param numRetries retries before falling back (overrides {@code litellm_settings.num_retries})
 * @param timeout default whole-request timeout
 * @param allowedFails failures per minute before a deployment cools down
 * @param cooldownTime how long a deployment stays cooled down
 * @param fallbacks ordered fallbacks per model group
 */
public record RouterSettings(
        String routingStrategy,
        @Nullable String redisHost,
        @Nullable Integer redisPort,
        @Nullable Secret redisPassword,
        @Nullable Integer numRetries,
        @Nullable Duration timeout,
        @Nullable Integer allowedFails,
        @Nullable Duration cooldownTime,
        List<Fallback> fallbacks) {

    /** The default strategy, as in LiteLLM. */
    public static final String DEFAULT_STRATEGY = "simple-shuffle";

    /** Accepted routing strategies: LiteLLM's names plus {@code round-robin}. */
    public static final Set<String> STRATEGIES = Set.of(
            DEFAULT_STRATEGY, "round-robin", "least-busy", "latency-based-routing", "usage-based-routing",
            "usage-based-routing-v2", "cost-based-routing");

    /** Copies the collections so the record stays immutable. */
    public RouterSettings {
        fallbacks = List.copyOf(fallbacks);
    }

    static RouterSettings read(ConfigReader in) {
        String strategy = in.string("routing_strategy", DEFAULT_STRATEGY);
        if (!STRATEGIES.contains(strategy)) {
            in.context().problem(in.pathOf("routing_strategy"), Suggestions.hint(
                    "unknown routing strategy '" + strategy + "' (one of " + String.join(", ", STRATEGIES.stream().sorted().toList()) + ")",
                    strategy, STRATEGIES));
            strategy = DEFAULT_STRATEGY;
        }
        RouterSettings settings = new RouterSettings(
                strategy,
                in.string("redis_host"),
                in.integer("redis_port", 1, 65535),
                in.secret("redis_password"),
                in.integer("num_retries", 0, 100),
                in.seconds("timeout"),
                in.integer("allowed_fails", 0, 1_000_000),
                in.seconds("cooldown_time"),
                Fallback.readList(in, "fallbacks"));
        in.ignore("not used by Ditto's router", "enable_pre_call_checks", "retry_after", "model_group_alias",
                "redis_url", "cache_responses", "routing_strategy_args", "provider_budget_config",
                "disable_cooldowns", "retry_policy", "allowed_fails_policy", "set_verbose", "debug_level");
        in.finish();
        return settings;
    }
}
