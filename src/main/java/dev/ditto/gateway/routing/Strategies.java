package dev.ditto.gateway.routing;

import dev.ditto.config.LitellmParams;
import dev.ditto.config.ModelDeployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import java.util.random.RandomGenerator;

/** The routing strategies LiteLLM users know, plus round-robin. */
final class Strategies {

    private Strategies() {}

    /**
     * LiteLLM's default: a random pick weighted by {@code weight}, else {@code rpm}, else
     * {@code tpm}; equal odds when none is set.
     */
    static RoutingStrategy weightedShuffle(RandomGenerator random) {
        return (group, candidates, stats) -> {
            ToDoubleFunction<LitellmParams> weightOf = weightField(candidates);
            double total = 0;
            for (ModelDeployment candidate : candidates) {
                total += weightOf.applyAsDouble(candidate.litellmParams());
            }
            if (total <= 0) {
                return candidates.get(random.nextInt(candidates.size()));
            }
            double point = random.nextDouble() * total;
            for (ModelDeployment candidate : candidates) {
                point -= weightOf.applyAsDouble(candidate.litellmParams());
                if (point < 0) {
                    return candidate;
                }
            }
            return candidates.get(candidates.size() - 1);
        };
    }

    private static ToDoubleFunction<LitellmParams> weightField(List<ModelDeployment> candidates) {
        if (candidates.stream().anyMatch(c -> c.litellmParams().weight() != null)) {
            return p -> p.weight() == null ? 0 : p.weight();
        }
        if (candidates.stream().anyMatch(c -> c.litellmParams().rpm() != null)) {
            return p -> p.rpm() == null ? 0 : p.rpm();
        }
        if (candidates.stream().anyMatch(c -> c.litellmParams().tpm() != null)) {
            return p -> p.tpm() == null ? 0 : p.tpm();
        }
        return p -> 1;
    }

    /** Each group cycles through its available deployments in configuration order. */
    static RoutingStrategy roundRobin() {
        Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
        return (group, candidates, stats) -> {
            long turn = counters.computeIfAbsent(group, g -> new AtomicLong()).getAndIncrement();
            return candidates.get((int) Math.floorMod(turn, (long) candidates.size()));
        };
    }

    /** The fewest requests in flight; ties broken at random. */
    static RoutingStrategy leastBusy(RandomGenerator random) {
        return (group, candidates, stats) -> lowest(candidates, c -> stats.inFlight(c.id()), random);
    }

    /**
     * The lowest moving average of time to first token. Deployments not measured yet go first,
     * so every deployment gets measured.
     */
    static RoutingStrategy lowestLatency(RandomGenerator random) {
        return (group, candidates, stats) -> lowest(candidates, c -> {
            double latency = stats.latencyMillis(c.id());
            return Double.isNaN(latency) ? -1 : latency;
        }, random);
    }

    /**
     * The most headroom left this minute against the deployment's own {@code tpm} (else
     * {@code rpm}) limit, as a share of it; deployments without limits count as having all of it.
     */
    static RoutingStrategy mostHeadroom(RandomGenerator random) {
        return (group, candidates, stats) -> lowest(candidates, c -> -headroom(c, stats), random);
    }

    private static double headroom(ModelDeployment deployment, DeploymentStats stats) {
        LitellmParams params = deployment.litellmParams();
        double share = 1;
        if (params.tpm() != null && params.tpm() > 0) {
            share = Math.min(share, 1 - (double) stats.tokensThisMinute(deployment.id()) / params.tpm());
        }
        if (params.rpm() != null && params.rpm() > 0) {
            share = Math.min(share, 1 - (double) stats.requestsThisMinute(deployment.id()) / params.rpm());
        }
        return share;
    }

    /** The cheapest per token (input plus output price); unpriced deployments last. */
    static RoutingStrategy cheapest(RandomGenerator random) {
        return (group, candidates, stats) -> lowest(candidates, c -> {
            LitellmParams params = c.litellmParams();
            if (params.inputCostPerToken() == null && params.outputCostPerToken() == null) {
                return Double.MAX_VALUE;
            }
            return (params.inputCostPerToken() == null ? 0 : params.inputCostPerToken())
                    + (params.outputCostPerToken() == null ? 0 : params.outputCostPerToken());
        }, random);
    }

    private static ModelDeployment lowest(List<ModelDeployment> candidates, ToDoubleFunction<ModelDeployment> score,
            RandomGenerator random) {
        double best = Double.POSITIVE_INFINITY;
        List<ModelDeployment> ties = new ArrayList<>(candidates.size());
        for (ModelDeployment candidate : candidates) {
            double value = score.applyAsDouble(candidate);
            if (value < best) {
                best = value;
                ties.clear();
                ties.add(candidate);
            } else if (value == best) {
                ties.add(candidate);
            }
        }
        return ties.size() == 1 ? ties.get(0) : ties.get(random.nextInt(ties.size()));
    }
}
