package dev.ditto.ops.jmx;

/**
 * The gateway process: {@code dev.ditto:type=Gateway,name=...}. Every value is read at the
 * moment of the call.
 */
public interface GatewayMXBean {

    /**
     * Returns the gateway version.
     *
     * @return such as {@code 0.1.0}
     */
    String getVersion();

    /**
     * Returns this node's id, new at every start (the {@code ditto_node} row and {@code /health} show it too).
     *
     * @return the node id
     */
    String getNodeId();

    /**
     * Returns when this gateway started.
     *
     * @return an ISO-8601 instant
     */
    String getStartedAt();

    /**
     * Returns how long this gateway has been running.
     *
     * @return whole seconds
     */
    long getUptimeSeconds();

    /**
     * Returns where the configuration came from.
     *
     * @return such as {@code file /etc/ditto/config.yaml (--config)}
     */
    String getConfigSource();

    /**
     * Returns how many model names clients can ask for, wildcards included.
     *
     * @return the count
     */
    int getModelCount();

    /**
     * Reloads the configuration from where it was read at start, as {@code POST
     * /admin/config/reload} does: the model list, routing, retries, fallbacks and prices change
     * for the requests that start afterwards; settings that only apply at start are named in the
     * answer. Audited as {@code system.config_reload} with the actor {@code jmx}.
     *
     * @return what happened, such as {@code Reloaded from file /etc/ditto/config.yaml (DITTO_CONFIG): 3
     *     models, 4 deployments (added 1, removed 0, changed 0)}
     */
    String reloadConfig();
}
