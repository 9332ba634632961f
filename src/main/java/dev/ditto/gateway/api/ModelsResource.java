package dev.ditto.gateway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.config.ModelDeployment;
import dev.ditto.control.Caller;
import dev.ditto.gateway.Gateway;
import dev.ditto.gateway.filter.TenantAuthFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * {@code GET /v1/models} and {@code GET /v1/models/{id}} (also without {@code /v1}, as LiteLLM
 * serves them): the public model names from the configuration, in OpenAI's list format. A key
 * limited to some models sees those alone, as with LiteLLM: a client that builds its model
 * picker from the list (Open WebUI, LibreChat) then offers nothing the key would be refused.
 */
@Path("{v: (v1/)?}models")
@Produces(MediaType.APPLICATION_JSON)
public final class ModelsResource {

    private final Gateway gateway;

    /**
     * Creates the resource.
     *
     * @param gateway the edge's collaborators
     */
    public ModelsResource(Gateway gateway) {
        this.gateway = gateway;
    }

    /**
     * Lists the models the caller may use.
     *
     * @param request the request, carrying the caller the key filter signed in
     * @return {@code {"object":"list","data":[...]}}
     */
    @GET
    public String list(@Context HttpServletRequest request) throws com.fasterxml.jackson.core.JsonProcessingException {
        ObjectMapper json = gateway.json();
        Caller caller = TenantAuthFilter.caller(request);
        ObjectNode list = json.createObjectNode().put("object", "list");
        ArrayNode data = list.putArray("data");
        for (String name : gateway.catalog().names()) {
            if (caller.mayUse(name)) {
                data.add(model(name, gateway.catalog().group(name).orElseThrow()));
            }
        }
        return json.writeValueAsString(list);
    }

    /**
     * Describes one model.
     *
     * @param id the model name; may contain slashes, such as {@code ditto/echo}
     * @param request the request, carrying the caller the key filter signed in
     * @return the model object
     * @throws ApiException 404 for a model the gateway does not serve, or the caller's key may
     *     not use (whose existence the key is not told)
     */
    @GET
    @Path("{id: .+}")
    public String get(@PathParam("id") String id, @Context HttpServletRequest request)
            throws com.fasterxml.jackson.core.JsonProcessingException {
        List<ModelDeployment> group = gateway.catalog().group(id)
                .filter(found -> TenantAuthFilter.caller(request).mayUse(id))
                .orElseThrow(() -> new ApiException(ApiError.invalidRequest(404, "model_not_found", "The model '" + id
                        + "' does not exist; GET /v1/models lists the models you may use.", "model")));
        return gateway.json().writeValueAsString(model(id, group));
    }

    private ObjectNode model(String name, List<ModelDeployment> group) {
        return gateway.json().createObjectNode()
                .put("id", name)
                .put("object", "model")
                .put("created", gateway.node().startedAt().getEpochSecond())
                .put("owned_by", group.get(0).litellmParams().provider());
    }
}
