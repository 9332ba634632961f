package dev.ditto.ops;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The health of the configured deployments as this node's router sees it, and the operator's
 * override: what the deployments MBean and the deployment-state gauges read. Implemented by the
 * gateway over its router; values are point-in-time. Thread-safe.
 */
public interface DeploymentHealth {

    /**
     * Describes every configured deployment, in configuration order.
     *
     * @return the snapshots
     */
    List<Snapshot> snapshot();

    /**
     * Describes one deployment.
     *
     * @param deploymentId the deployment id
     * @return its snapshot, or empty when no deployment has that id
     */
    default Optional<Snapshot> snapshot(String deploymentId) {
        return snapshot().stream().filter(entry -> entry.id().equals(deploymentId)).findFirst();
    }

    /**
     * Closes a deployment's circuit breaker and clears its failure counts, so the router picks it
     * again at once.
     *
     * @param deploymentId the deployment id
     * @return false when no deployment has that id
     */
    boolean reset(String deploymentId);

    /**
     * A view that always reads the health of whatever {@code current} returns, such as the
     * deployments of the routes in force after a configuration reload.
     *
     * @param current returns the view to read, at each call
     * @return the following view
     */
    static DeploymentHealth following(Supplier<? extends DeploymentHealth> current) {
        return new DeploymentHealth() {
            @Override
            public List<Snapshot> snapshot() {
                return current.get().snapshot();
            }

            @Override
            public Optional<Snapshot> snapshot(String deploymentId) {
                return current.get().snapshot(deploymentId);
            }

            @Override
            public boolean reset(String deploymentId) {
                return current.get().reset(deploymentId);
            }
        };
    }

    /** Where a deployment's circuit breaker stands. */
    enum State {
        /** The router picks it. */
        HEALTHY,
        /** Its cooldown is over and one probe request decides. */
        HALF_OPEN,
        /** The router skips it until its cooldown ends. */
        COOLING_DOWN
    }

    /**
     * One deployment at one moment.
     *
     * @param id the deployment id ({@code model_info.id}, or the derived one)
     * @param modelName the model group it serves
     * @param provider its provider, such as {@code openai}
     * @param model its model id at the provider
     * @param state its circuit breaker
     * @param cooldownRemaining how long until a probe may go; zero unless cooling down
     * @param requestsInWindow attempts in the current minute
     * @param failuresInWindow failed attempts in the current minute
     * @param inFlight attempts under way now
     * @param latencyEwmaMillis the moving average of its latency, or NaN before the first sample
     * @param apiBase its base URL, if configured
     */
    record Snapshot(String id, String modelName, String provider, String model, State state,
            Duration cooldownRemaining, int requestsInWindow, int failuresInWindow, int inFlight,
            double latencyEwmaMillis, @Nullable String apiBase) {}
}
