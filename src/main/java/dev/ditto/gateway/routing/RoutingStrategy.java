package dev.ditto.gateway.routing;

import dev.ditto.config.ModelDeployment;
import dev.ditto.config.RouterSettings;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * Picks one deployment among the available ones of a group. Implementations are thread-safe.
 */
@FunctionalInterface
public interface RoutingStrategy {

    /**
     * Picks a deployment.
     *
     * @param group the model group's name
     * @param candidates the available deployments, never empty
     * @param stats load and latency of every deployment
     * @return one of the candidates
     */
    ModelDeployment choose(String group, List<ModelDeployment> candidates, DeploymentStats stats);

    /**
     * Returns the strategy named in {@code router_settings.routing_strategy}.
     *
     * @param name a name from {@link RouterSettings#STRATEGIES}
     * @param random the randomness for shuffles and ties
     * @return the strategy
     * @throws IllegalArgumentException for an unknown name (the config loader rejects those first)
     */
    static RoutingStrategy named(String name, RandomGenerator random) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "simple-shuffle" -> Strategies.weightedShuffle(random);
            case "round-robin" -> Strategies.roundRobin();
            case "least-busy" -> Strategies.leastBusy(random);
            case "latency-based-routing" -> Strategies.lowestLatency(random);
            case "usage-based-routing", "usage-based-routing-v2" -> Strategies.mostHeadroom(random);
            case "cost-based-routing" -> Strategies.cheapest(random);
            default -> throw new IllegalArgumentException("unknown routing strategy '" + name + "'");
        };
    }
}
