package dev.ditto.ops.jmx;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** The {@link GatewayMXBean} of one gateway. Immutable apart from the clock; thread-safe. */
public final class GatewayBean implements GatewayMXBean {

    /** What {@link #reloadConfig()} answers until reloading exists. */
    static final String RELOAD_NOT_SUPPORTED = "Not supported yet: the configuration is read at start. Restart the "
            + "gateway (or redeploy the WAR) to apply a changed configuration.";

    private final String version;
    private final String nodeId;
    private final Instant startedAt;
    private final String configSource;
    private final int modelCount;
    private final Clock clock;

    /**
     * Creates the bean.
     *
     * @param version the gateway version
     * @param nodeId this node's id
     * @param startedAt when it started
     * @param configSource where the configuration came from
     * @param modelCount how many model names it serves
     * @param clock wall time, for the uptime
     */
    public GatewayBean(String version, String nodeId, Instant startedAt, String configSource, int modelCount,
            Clock clock) {
        this.version = version;
        this.nodeId = nodeId;
        this.startedAt = startedAt;
        this.configSource = configSource;
        this.modelCount = modelCount;
        this.clock = clock;
    }

    @Override
    public String getVersion() {
        return version;
    }

    @Override
    public String getNodeId() {
        return nodeId;
    }

    @Override
    public String getStartedAt() {
        return startedAt.toString();
    }

    @Override
    public long getUptimeSeconds() {
        return Math.max(0, Duration.between(startedAt, clock.instant()).toSeconds());
    }

    @Override
    public String getConfigSource() {
        return configSource;
    }

    @Override
    public int getModelCount() {
        return modelCount;
    }

    @Override
    public String reloadConfig() {
        return RELOAD_NOT_SUPPORTED;
    }
}
