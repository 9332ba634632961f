package dev.ditto.gateway.routing;

import dev.ditto.config.Fallback;
import dev.ditto.config.GatewaySettings;
import dev.ditto.config.ModelDeployment;
import dev.ditto.gateway.ModelCatalog;
import dev.ditto.ops.RelayEvents;
import dev.ditto.sdk.Ticker;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Chooses the deployment for each attempt: the group's deployments, minus those already tried
 * and those cooling down, picked by the configured strategy. A group with a single deployment
 * is never left with nothing: its deployment is used even while cooling down. Also answers
 * which groups to fall back to, in order.
 *
 * <p>Thread-safe; one per gateway.
 */
public final class Router {

    /** Why a fallback is being looked for, which selects the list that applies. */
    public enum FallbackReason {
        /** Any failure after retries. */
        ERROR,
        /** The prompt did not fit the model's context window. */
        CONTEXT_WINDOW,
        /** The provider refused on content policy. */
        CONTENT_POLICY
    }

    private final ModelCatalog catalog;
    private final RoutingStrategy strategy;
    private final CooldownTracker cooldowns;
    private final DeploymentStats stats;
    private final GatewaySettings settings;
    private final RelayEvents events;
    private final Ticker ticker;

    /**
     * Creates the router.
     *
     * @param settings the configuration (model list, strategy, cooldown and fallback settings)
     * @param catalog the model groups
     * @param ticker monotonic time
     * @param random randomness for shuffles and ties
     */
    public Router(GatewaySettings settings, ModelCatalog catalog, Ticker ticker, RandomGenerator random) {
        this(settings, catalog, ticker, random, RelayEvents.none());
    }

    /**
     * Creates the router, reporting cooldowns and fallbacks.
     *
     * @param settings the configuration (model list, strategy, cooldown and fallback settings)
     * @param catalog the model groups
     * @param ticker monotonic time
     * @param random randomness for shuffles and ties
     * @param events told of cooldowns that open and fallbacks taken
     */
    public Router(GatewaySettings settings, ModelCatalog catalog, Ticker ticker, RandomGenerator random,
            RelayEvents events) {
        this.settings = settings;
        this.catalog = catalog;
        this.events = events;
        this.ticker = ticker;
        List<String> ids = settings.modelList().stream().map(ModelDeployment::id).toList();
        this.strategy = RoutingStrategy.named(settings.routerSettings().routingStrategy(), random);
        this.cooldowns = new CooldownTracker(ids, CooldownPolicy.from(settings.routerSettings()), ticker, events);
        this.stats = new DeploymentStats(ids, ticker);
    }

    /**
     * Builds the router of a reloaded configuration. Deployments (by id) that both
     * configurations have keep their cooldown state and statistics, shared with this router
     * so that attempts still in flight here are counted there; new ones start healthy.
     *
     * @param next the reloaded configuration
     * @param nextCatalog its model groups
     * @param random randomness for shuffles and ties
     * @return the new router; this one stays usable by the requests that hold it
     */
    public Router reconfigured(GatewaySettings next, ModelCatalog nextCatalog, RandomGenerator random) {
        Router router = new Router(next, nextCatalog, ticker, random, events);
        router.cooldowns.adopt(cooldowns);
        router.stats.adopt(stats);
        return router;
    }

    /**
     * Picks a deployment of a group for the next attempt.
     *
     * @param group the model name the client asked for
     * @param tried deployment ids already tried for this request
     * @return the deployment, or empty when the group is unknown or has nothing left to try
     */
    public Optional<ModelDeployment> select(String group, Set<String> tried) {
        List<ModelDeployment> members = catalog.group(group).orElse(List.of());
        List<ModelDeployment> candidates = new ArrayList<>(members.size());
        for (ModelDeployment member : members) {
            if (!tried.contains(member.id()) && cooldowns.availability(member.id()) != CooldownTracker.Availability.COOLING_DOWN) {
                candidates.add(member);
            }
        }
        while (!candidates.isEmpty()) {
            ModelDeployment chosen = strategy.choose(group, candidates, stats);
            if (cooldowns.availability(chosen.id()) == CooldownTracker.Availability.AVAILABLE
                    || cooldowns.claimProbe(chosen.id())) {
                return Optional.of(chosen);
            }
            candidates.remove(chosen);
        }
        if (members.size() == 1 && !tried.contains(members.get(0).id())) {
            return Optional.of(members.get(0));
        }
        return Optional.empty();
    }

    /**
     * Returns the groups to fall back to, in order, without duplicates or the group itself.
     *
     * @param group the group that failed
     * @param reason why
     * @return the fallback groups; empty when none are configured
     */
    public List<String> fallbacks(String group, FallbackReason reason) {
        Set<String> ordered = new LinkedHashSet<>();
        List<Fallback> rules = switch (reason) {
            case CONTEXT_WINDOW -> settings.litellmSettings().contextWindowFallbacks();
            case CONTENT_POLICY -> settings.litellmSettings().contentPolicyFallbacks();
            case ERROR -> List.of();
        };
        addMatching(ordered, rules, group);
        addMatching(ordered, settings.routerSettings().fallbacks(), group);
        addMatching(ordered, settings.litellmSettings().fallbacks(), group);
        if (ordered.isEmpty()) {
            ordered.addAll(settings.litellmSettings().defaultFallbacks());
        }
        ordered.remove(group);
        return List.copyOf(ordered);
    }

    private static void addMatching(Set<String> ordered, List<Fallback> rules, String group) {
        for (Fallback rule : rules) {
            if (rule.modelName().equals(group) || rule.modelName().equals("*")) {
                ordered.addAll(rule.fallbacks());
            }
        }
    }

    /**
     * Returns the cooldown state, which attempts report to.
     *
     * @return the tracker
     */
    public CooldownTracker cooldowns() {
        return cooldowns;
    }

    /**
     * Returns the observer of routing events (cooldowns, fallbacks), which attempts report to.
     *
     * @return the observer
     */
    public RelayEvents events() {
        return events;
    }

    /**
     * Returns the load and latency statistics, which attempts report to.
     *
     * @return the stats
     */
    public DeploymentStats stats() {
        return stats;
    }
}
