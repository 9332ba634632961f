package dev.ditto.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.gateway.Gateway;
import dev.ditto.ops.health.HealthReport;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Health endpoints, under LiteLLM's paths: {@code /health/liveliness} (the process answers),
 * {@code /health/readiness} (the database and, when configured, Redis answer; 503 with per-check
 * detail when one does not), and {@code /health} (readiness plus the node and the model count).
 * None needs credentials: orchestrators call them.
 */
@Path("health")
@Produces(MediaType.APPLICATION_JSON)
public final class HealthResource {

    private final Gateway gateway;

    /**
     * Creates the resource.
     *
     * @param gateway the edge's collaborators
     */
    public HealthResource(Gateway gateway) {
        this.gateway = gateway;
    }

    /**
     * Says the process is alive; never touches a dependency.
     *
     * @return 200 with {@code {"status":"alive"}}
     */
    @GET
    @Path("{alias: liveliness|liveness}")
    public String liveliness() {
        return "{\"status\":\"alive\"}";
    }

    /**
     * Checks the dependencies.
     *
     * @return 200 when every check passes, else 503; each check's result in the body
     */
    @GET
    @Path("readiness")
    public Response readiness() throws JsonProcessingException {
        return respond(false);
    }

    /**
     * Checks the dependencies and describes this node.
     *
     * @return 200 when every check passes, else 503
     */
    @GET
    public Response health() throws JsonProcessingException {
        return respond(true);
    }

    private Response respond(boolean withNode) throws JsonProcessingException {
        HealthReport report = gateway.health().readiness();
        ObjectNode body = gateway.json().createObjectNode().put("status", report.healthy() ? "healthy" : "unhealthy");
        ObjectNode checks = body.putObject("checks");
        for (HealthReport.Result result : report.checks()) {
            ObjectNode check = checks.putObject(result.name())
                    .put("status", result.up() ? "up" : "down")
                    .put("target", result.target())
                    .put("latency_ms", result.latencyMillis());
            if (result.error() != null) {
                check.put("error", result.error());
            }
        }
        if (withNode) {
            body.putObject("node")
                    .put("id", gateway.node().id())
                    .put("version", gateway.node().version())
                    .put("started_at", gateway.node().startedAt().toString());
            body.put("models", gateway.catalog().names().size());
        }
        return Response.status(report.healthy() ? 200 : 503).entity(gateway.json().writeValueAsString(body)).build();
    }
}
