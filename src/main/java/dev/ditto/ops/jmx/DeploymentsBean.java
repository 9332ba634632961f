package dev.ditto.ops.jmx;

import dev.ditto.ops.DeploymentHealth;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link DeploymentsMXBean} over the router's {@link DeploymentHealth}. Thread-safe. */
public final class DeploymentsBean implements DeploymentsMXBean {

    private static final Logger LOG = LoggerFactory.getLogger(DeploymentsBean.class);

    private final DeploymentHealth health;

    /**
     * Creates the bean.
     *
     * @param health the deployments' health
     */
    public DeploymentsBean(DeploymentHealth health) {
        this.health = health;
    }

    @Override
    public List<DeploymentView> getDeployments() {
        return health.snapshot().stream().map(DeploymentsBean::view).toList();
    }

    @Override
    public List<String> getCoolingDown() {
        return health.snapshot().stream()
                .filter(snapshot -> snapshot.state() == DeploymentHealth.State.COOLING_DOWN)
                .map(DeploymentHealth.Snapshot::id)
                .toList();
    }

    @Override
    public boolean reset(String deploymentId) {
        boolean known = health.reset(deploymentId);
        if (known) {
            LOG.info("event=deployment_reset deployment={} via=jmx", deploymentId);
        }
        return known;
    }

    private static DeploymentView view(DeploymentHealth.Snapshot snapshot) {
        return new DeploymentView(snapshot.id(), snapshot.modelName(), snapshot.provider(), snapshot.model(),
                snapshot.state().name().toLowerCase(Locale.ROOT), snapshot.cooldownRemaining().toMillis(),
                snapshot.requestsInWindow(), snapshot.failuresInWindow(), snapshot.inFlight(),
                snapshot.latencyEwmaMillis());
    }
}
