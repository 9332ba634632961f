package dev.ditto.ops.jmx;

import dev.ditto.ops.ConfigReload;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.IntSupplier;

/** The {@link GatewayMXBean} of one gateway. Immutable apart from the clock; thread-safe. */
public final class GatewayBean implements GatewayMXBean {

    /** Who a reload through JMX is attributed to: the console's user is not known to the bean. */
    static final ConfigReload.Requester JMX = new ConfigReload.Requester("jmx", "jmx", "jmx", null, null);

    private final String version;
    private final String nodeId;
    private final Instant startedAt;
    private final String configSource;
    private final IntSupplier modelCount;
    private final ConfigReload reload;
    private final Clock clock;

    /**
     * Creates the bean.
     *
     * @param version the gateway version
     * @param nodeId this node's id
     * @param startedAt when it started
     * @param configSource where the configuration came from
     * @param modelCount how many model names it serves now
     * @param reload reloads the configuration
     * @param clock wall time, for the uptime
     */
    public GatewayBean(String version, String nodeId, Instant startedAt, String configSource, IntSupplier modelCount,
            ConfigReload reload, Clock clock) {
        this.version = version;
        this.nodeId = nodeId;
        this.startedAt = startedAt;
        this.configSource = configSource;
        this.modelCount = modelCount;
        this.reload = reload;
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
        return modelCount.getAsInt();
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException with every problem found when the configuration does not
     *     validate (nothing changed); a JDK exception, so that any JMX client can show it
     */
    @Override
    public String reloadConfig() {
        try {
            return reload.reload(JMX).summary();
        } catch (ConfigReload.Failed e) {
            throw new IllegalStateException(e.getMessage());
        }
    }
}
