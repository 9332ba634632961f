package dev.ditto.gateway.routing;

import dev.ditto.config.LitellmParams;
import dev.ditto.config.ModelDeployment;
import dev.ditto.ops.DeploymentHealth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The deployments' health as the {@link Router}'s cooldowns and statistics hold it, for the
 * operations side (JMX, metrics). Reads are point-in-time; thread-safe like the router.
 */
public final class RouterDeploymentHealth implements DeploymentHealth {

    private final List<ModelDeployment> deployments;
    private final Router router;

    /**
     * Creates the view.
     *
     * @param deployments the configured deployments, in configuration order
     * @param router the router whose state is shown
     */
    public RouterDeploymentHealth(List<ModelDeployment> deployments, Router router) {
        this.deployments = List.copyOf(deployments);
        this.router = router;
    }

    @Override
    public List<Snapshot> snapshot() {
        List<Snapshot> snapshots = new ArrayList<>(deployments.size());
        for (ModelDeployment deployment : deployments) {
            snapshots.add(describe(deployment));
        }
        return snapshots;
    }

    @Override
    public Optional<Snapshot> snapshot(String deploymentId) {
        for (ModelDeployment deployment : deployments) {
            if (deployment.id().equals(deploymentId)) {
                return Optional.of(describe(deployment));
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean reset(String deploymentId) {
        return router.cooldowns().reset(deploymentId);
    }

    private Snapshot describe(ModelDeployment deployment) {
        CooldownTracker.Snapshot breaker = router.cooldowns().snapshot(deployment.id());
        DeploymentStats stats = router.stats();
        LitellmParams params = deployment.litellmParams();
        return new Snapshot(deployment.id(), deployment.modelName(), params.provider(), params.model(),
                state(breaker.breaker()), breaker.cooldownRemaining(), breaker.requestsThisMinute(),
                breaker.failuresThisMinute(), stats.inFlight(deployment.id()), stats.latencyMillis(deployment.id()),
                params.apiBase() == null ? null : params.apiBase().toString());
    }

    private static State state(CooldownTracker.Breaker breaker) {
        return switch (breaker) {
            case CLOSED -> State.HEALTHY;
            case HALF_OPEN -> State.HALF_OPEN;
            case OPEN -> State.COOLING_DOWN;
        };
    }
}
