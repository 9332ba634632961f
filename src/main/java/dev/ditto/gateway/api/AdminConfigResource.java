package dev.ditto.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.control.AdminPrincipal;
import dev.ditto.gateway.Gateway;
import dev.ditto.gateway.filter.RequestIdFilter;
import dev.ditto.gateway.relay.Routes;
import dev.ditto.ops.ConfigReload;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Locale;

/**
 * The configuration in force, and reloading it.
 *
 * <ul>
 *   <li>{@code GET /admin/config}: where it came from, the models and deployments served now.
 *       Any global admin role.</li>
 *   <li>{@code POST /admin/config/reload}: reads the configuration again from where it came from
 *       at startup (the file of {@code --config}, {@code DITTO_CONFIG}, {@code ditto.config} or
 *       JNDI) and, if it validates, applies the model list, routing, retries, fallbacks and prices
 *       to the requests that start afterwards; requests in flight finish as they began. Settings
 *       that apply only at start are listed in {@code restart_required}. A configuration that
 *       does not validate changes nothing and answers 400 {@code invalid_configuration} with every
 *       problem. A global admin role that may write. Audited as {@code system.config_reload},
 *       failures too. Each replica reloads its own file: call it on every replica (or roll them).</li>
 * </ul>
 *
 * <pre>
 * curl -X POST localhost:4000/admin/config/reload -H "Authorization: Bearer $DITTO_MASTER_KEY"
 * </pre>
 */
@Path("admin/config")
@Produces(MediaType.APPLICATION_JSON)
public final class AdminConfigResource {

    private final Gateway gateway;
    private final AdminAuth auth;

    /**
     * Creates the resource.
     *
     * @param gateway the edge's collaborators: the routes in force and the reload
     * @param auth the admin check
     */
    public AdminConfigResource(Gateway gateway, AdminAuth auth) {
        this.gateway = gateway;
        this.auth = auth;
    }

    /**
     * Describes the configuration in force.
     *
     * @param headers the request headers, for the admin credentials
     * @return {@code source}, {@code models} (the names served) and {@code deployments} (ids)
     * @throws JsonProcessingException never in practice
     */
    @GET
    public String describe(@Context HttpHeaders headers) throws JsonProcessingException {
        auth.require(headers).requireGlobal(false);
        Routes routes = gateway.routes();
        ObjectNode body = gateway.json().createObjectNode().put("source", routes.settings().source());
        strings(body.putArray("models"), List.copyOf(routes.catalog().names()));
        strings(body.putArray("deployments"), routes.settings().modelList().stream().map(d -> d.id()).toList());
        return gateway.json().writeValueAsString(body);
    }

    /**
     * Reloads the configuration.
     *
     * @param headers the request headers, for the admin credentials
     * @param request the request, for the audit record's request id and client address
     * @return {@code status} ({@code reloaded}, or {@code unchanged} when nothing a reload applies
     *     changed), {@code source}, {@code models}, {@code deployments}, {@code added},
     *     {@code removed}, {@code changed} (deployment ids), {@code restart_required},
     *     {@code warnings}
     * @throws ApiException 400 {@code invalid_configuration} when it does not validate; 401/403
     *     without a global admin role that may write
     * @throws JsonProcessingException never in practice
     */
    @POST
    @Path("reload")
    public String reload(@Context HttpHeaders headers, @Context HttpServletRequest request)
            throws JsonProcessingException {
        AdminPrincipal principal = auth.require(headers);
        principal.requireGlobal(true);
        Object requestId = request.getAttribute(RequestIdFilter.ATTRIBUTE);
        ConfigReload.Requester who = new ConfigReload.Requester(principal.actor(),
                principal.role().name().toLowerCase(Locale.ROOT), "endpoint",
                requestId == null ? null : requestId.toString(), request.getRemoteAddr());
        ConfigReload.Result result;
        try {
            result = gateway.reload().reload(who);
        } catch (ConfigReload.Failed e) {
            throw new ApiException(ApiError.invalidRequest(400, "invalid_configuration", e.getMessage(), null));
        }
        ObjectMapper json = gateway.json();
        ObjectNode body = json.createObjectNode()
                .put("status", result.applied() ? "reloaded" : "unchanged")
                .put("source", result.source())
                .put("models", result.models())
                .put("deployments", result.deployments());
        strings(body.putArray("added"), result.added());
        strings(body.putArray("removed"), result.removed());
        strings(body.putArray("changed"), result.changed());
        strings(body.putArray("restart_required"), result.restartRequired());
        strings(body.putArray("warnings"), result.warnings());
        return json.writeValueAsString(body);
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
