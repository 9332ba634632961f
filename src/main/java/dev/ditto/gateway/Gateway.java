package dev.ditto.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.config.GatewaySettings;
import dev.ditto.ops.ConfigReload;
import dev.ditto.ops.MetricsExposition;
import dev.ditto.ops.health.HealthService;
import dev.ditto.gateway.relay.DataPlane;
import dev.ditto.gateway.relay.Routes;
import dev.ditto.gateway.tokens.LocalTokenCounter;
import jakarta.servlet.ServletContext;
import java.time.Clock;
import java.time.Instant;

/**
 * What the HTTP edge needs, built once by the composition root and handed to the servlet
 * context, where the Jakarta REST application and the filters pick it up. Immutable; the
 * routes it reaches through the data plane are replaced whole on a configuration reload.
 *
 * @param settings the startup configuration; what a reload may change (the model list, routing,
 *     prices) is read from {@link #routes()} instead
 * @param health the readiness checks
 * @param dataPlane the router and the deployments' models, for the relay
 * @param tokens counts tokens offline, where an upstream cannot
 * @param json the JSON mapper for request and response bodies
 * @param clock wall time
 * @param node who this gateway process is
 * @param metrics the Prometheus text of every meter, for {@code /metrics}
 * @param compliance the audit log, exports and retention
 * @param reload reloads the configuration
 */
public record Gateway(
        GatewaySettings settings,
        HealthService health,
        DataPlane dataPlane,
        LocalTokenCounter tokens,
        ObjectMapper json,
        Clock clock,
        Node node,
        MetricsExposition metrics,
        Compliance compliance,
        ConfigReload reload) {

    /** The servlet context attribute the composition root stores the gateway under. */
    public static final String ATTRIBUTE = Gateway.class.getName();

    /**
     * Returns the routes of the configuration in force now (the last one loaded or reloaded).
     *
     * @return the current routes; a request should read them once and keep them
     */
    public Routes routes() {
        return dataPlane.routes();
    }

    /**
     * Returns the models clients can ask for now.
     *
     * @return the current routes' catalog
     */
    public ModelCatalog catalog() {
        return dataPlane.routes().catalog();
    }

    /**
     * Identifies this gateway process.
     *
     * @param id a random id, new at every start
     * @param version the gateway version
     * @param startedAt when it started
     */
    public record Node(String id, String version, Instant startedAt) {}

    /**
     * Returns the gateway stored in a servlet context.
     *
     * @param context the servlet context
     * @return the gateway
     * @throws IllegalStateException if the composition root has not stored one, which means the
     *     web.xml listener is missing or failed
     */
    public static Gateway from(ServletContext context) {
        Object gateway = context.getAttribute(ATTRIBUTE);
        if (!(gateway instanceof Gateway found)) {
            throw new IllegalStateException("no " + ATTRIBUTE + " in the servlet context: the "
                    + "dev.ditto.GatewayContextListener must be declared in web.xml and must have started");
        }
        return found;
    }
}
