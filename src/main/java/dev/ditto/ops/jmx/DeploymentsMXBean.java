package dev.ditto.ops.jmx;

import java.util.List;

/**
 * The configured deployments and their circuit breakers on this node:
 * {@code dev.ditto:type=Deployments,name=...}. Values are point-in-time.
 */
public interface DeploymentsMXBean {

    /**
     * Describes every deployment, in configuration order.
     *
     * @return one entry per deployment
     */
    List<DeploymentView> getDeployments();

    /**
     * Returns the ids of the deployments the router skips now.
     *
     * @return the ids, in configuration order; empty when all are healthy or half open
     */
    List<String> getCoolingDown();

    /**
     * Closes a deployment's circuit breaker and clears its failure counts, so the router picks
     * it again at once (the same as {@code POST /admin/deployments/{id}/reset}).
     *
     * @param deploymentId the deployment id
     * @return false if no deployment has that id
     */
    boolean reset(String deploymentId);
}
