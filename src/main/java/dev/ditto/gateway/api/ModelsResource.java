package dev.ditto.gateway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.config.ModelDeployment;
import dev.ditto.gateway.Gateway;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * {@code GET /v1/models} and {@code GET /v1/models/{id}} (also without {@code /v1}, as LiteLLM
 * serves them): the public model names from the configuration, in OpenAI's list format.
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
     * Lists the models.
     *
     * @return {@code {"object":"list","data":[...]}}
     */
    @GET
    public String list() throws com.fasterxml.jackson.core.JsonProcessingException {
        ObjectMapper json = gateway.json();
        ObjectNode list = json.createObjectNode().put("object", "list");
        ArrayNode data = list.putArray("data");
        for (String name : gateway.catalog().names()) {
            data.add(model(name, gateway.catalog().group(name).orElseThrow()));
        }
        return json.writeValueAsString(list);
    }

    /**
     * Describes one model.
     *
     * @param id the model name; may contain slashes, such as {@code ditto/echo}
     * @return the model object
     */
    @GET
    @Path("{id: .+}")
    public String get(@PathParam("id") String id) throws com.fasterxml.jackson.core.JsonProcessingException {
        List<ModelDeployment> group = gateway.catalog().group(id).orElseThrow(() -> new ApiException(
                ApiError.invalidRequest(404, "model_not_found", "The model '" + id
                        + "' does not exist; GET /v1/models lists the models this gateway serves.", "model")));
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
