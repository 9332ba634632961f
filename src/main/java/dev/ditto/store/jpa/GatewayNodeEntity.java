package dev.ditto.store.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A row of {@code ditto_node}: one gateway process, from its start to its stop. */
@Entity
@Table(name = "ditto_node")
public class GatewayNodeEntity {

    @Id
    @Column(name = "node_id", length = 64)
    private String nodeId = "";

    @Column(name = "host_name", nullable = false)
    private String hostName = "";

    @Column(name = "version", nullable = false, length = 64)
    private String version = "";

    @Column(name = "started_at", nullable = false)
    private Instant startedAt = Instant.EPOCH;

    @Column(name = "stopped_at")
    private @Nullable Instant stoppedAt;

    /** For JPA. */
    protected GatewayNodeEntity() {}

    /**
     * Creates a row for a node that is starting.
     *
     * @param nodeId the node's id
     * @param hostName the host it runs on
     * @param version the gateway version
     * @param startedAt when it started
     */
    public GatewayNodeEntity(String nodeId, String hostName, String version, Instant startedAt) {
        this.nodeId = nodeId;
        this.hostName = hostName;
        this.version = version;
        this.startedAt = startedAt;
    }

    /** @return the node's id */
    public String getNodeId() {
        return nodeId;
    }

    /** @return the host it runs on */
    public String getHostName() {
        return hostName;
    }

    /** @return the gateway version */
    public String getVersion() {
        return version;
    }

    /** @return when it started */
    public Instant getStartedAt() {
        return startedAt;
    }

    /** @return when it stopped cleanly, or null while it runs (or if it crashed) */
    public @Nullable Instant getStoppedAt() {
        return stoppedAt;
    }

    /** @param stoppedAt when it stopped */
    public void setStoppedAt(@Nullable Instant stoppedAt) {
        this.stoppedAt = stoppedAt;
    }
}
