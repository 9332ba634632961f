package dev.ditto.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.config.LitellmParams;
import dev.ditto.config.ModelDeployment;
import dev.ditto.gateway.Gateway;
import dev.ditto.gateway.routing.CooldownTracker;
import dev.ditto.gateway.routing.DeploymentStats;
import dev.ditto.gateway.relay.Routes;
import dev.ditto.gateway.routing.Router;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deployments' health, for operators: {@code GET /admin/deployments} (also {@code
 * /admin/deployments/health}) lists every configured deployment with its circuit breaker and
 * load, and {@code POST /admin/deployments/{id}/reset} closes a deployment's breaker. Values
 * are this node's, read at the moment of the request. Deployments are gateway-wide: listing
 * needs a global role, a reset a global admin ({@link AdminAuth}, {@link dev.ditto.control.AdminPrincipal}).
 */
@Path("admin/deployments")
@Produces(MediaType.APPLICATION_JSON)
public final class AdminDeploymentsResource {

    private static final Logger LOG = LoggerFactory.getLogger(AdminDeploymentsResource.class);

    private final Gateway gateway;
    private final AdminAuth auth;

    /**
     * Creates the resource.
     *
     * @param gateway the edge's collaborators
     * @param auth the admin check
     */
    public AdminDeploymentsResource(Gateway gateway, AdminAuth auth) {
        this.gateway = gateway;
        this.auth = auth;
    }

    /**
     * Lists every deployment of {@code model_list} with its health.
     *
     * @param headers the request headers, for the admin's credentials
     * @return {@code {"object":"list","data":[...]}}, in configuration order
     * @throws JsonProcessingException never in practice
     */
    @GET
    public String list(@Context HttpHeaders headers) throws JsonProcessingException {
        auth.require(headers).requireGlobal(false);
        ObjectNode list = gateway.json().createObjectNode().put("object", "list");
        ArrayNode data = list.putArray("data");
        Routes routes = gateway.routes();
        for (ModelDeployment deployment : routes.settings().modelList()) {
            data.add(describe(deployment, routes.router()));
        }
        return gateway.json().writeValueAsString(list);
    }

    /**
     * The same as {@link #list}, under the path some dashboards expect.
     *
     * @param headers the request headers, for the admin's credentials
     * @return the list
     * @throws JsonProcessingException never in practice
     */
    @GET
    @Path("health")
    public String health(@Context HttpHeaders headers) throws JsonProcessingException {
        return list(headers);
    }

    /**
     * Closes a deployment's breaker and clears its failure counts, so the router picks it again at once.
     *
     * @param id the deployment id ({@code model_info.id}, or the derived id the list shows)
     * @param headers the request headers, for the admin's credentials
     * @return the deployment's health after the reset
     * @throws ApiException 404 if no deployment has that id
     * @throws JsonProcessingException never in practice
     */
    @POST
    @Path("{id: .+}/reset")
    public String reset(@PathParam("id") String id, @Context HttpHeaders headers) throws JsonProcessingException {
        auth.require(headers).requireGlobal(true);
        Routes routes = gateway.routes();
        ModelDeployment deployment = routes.settings().modelList().stream()
                .filter(candidate -> candidate.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new ApiException(ApiError.invalidRequest(404, "deployment_not_found",
                        "No deployment has the id '" + id + "'; GET /admin/deployments lists them.", "id")));
        routes.router().cooldowns().reset(id);
        LOG.info("event=deployment_reset deployment={} model={}", id, deployment.modelName());
        return gateway.json().writeValueAsString(describe(deployment, routes.router()));
    }

    private ObjectNode describe(ModelDeployment deployment, Router router) {
        CooldownTracker.Snapshot breaker = router.cooldowns().snapshot(deployment.id());
        DeploymentStats stats = router.stats();
        LitellmParams params = deployment.litellmParams();
        ObjectNode node = gateway.json().createObjectNode()
                .put("id", deployment.id())
                .put("model_name", deployment.modelName())
                .put("provider", params.provider())
                .put("model", params.model())
                .put("api_base", params.apiBase() == null ? null : params.apiBase().toString())
                .put("state", state(breaker.breaker()))
                .put("failures_in_window", breaker.failuresThisMinute())
                .put("requests_in_window", breaker.requestsThisMinute());
        if (breaker.breaker() == CooldownTracker.Breaker.OPEN) {
            node.put("cooldown_until", gateway.clock().instant().plus(breaker.cooldownRemaining()).toString());
        } else {
            node.putNull("cooldown_until");
        }
        node.put("in_flight", stats.inFlight(deployment.id()));
        double latency = stats.latencyMillis(deployment.id());
        if (Double.isNaN(latency)) {
            node.putNull("latency_ewma_ms");
        } else {
            node.put("latency_ewma_ms", Math.round(latency * 10) / 10.0);
        }
        return node.put("rpm_used", stats.requestsThisMinute(deployment.id()))
                .put("tpm_used", stats.tokensThisMinute(deployment.id()));
    }

    private static String state(CooldownTracker.Breaker breaker) {
        return switch (breaker) {
            case CLOSED -> "healthy";
            case OPEN -> "cooling_down";
            case HALF_OPEN -> "half_open";
        };
    }
}
