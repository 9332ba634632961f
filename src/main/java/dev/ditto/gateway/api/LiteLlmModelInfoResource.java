package dev.ditto.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.config.LitellmParams;
import dev.ditto.config.ModelDeployment;
import dev.ditto.control.Caller;
import dev.ditto.control.pricing.ModelPrice;
import dev.ditto.gateway.Gateway;
import dev.ditto.gateway.filter.TenantAuthFilter;
import dev.ditto.gateway.relay.Routes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * LiteLLM's model information: {@code GET /model/info} (also {@code /v1/model/info}), one entry
 * per deployment with its {@code litellm_params} (never a credential or a header) and its
 * {@code model_info} (the configuration's own fields, the deployment id, the provider and the
 * prices Ditto charges, per token), and {@code GET /model_group/info}, one entry per model name
 * with its deployments' providers, highest prices and limits. Both answer a virtual key or the
 * master key (the data plane's key filter signs the caller in) and show a key limited to some
 * models those alone, as LiteLLM does; they read the configuration in force, reloads included.
 */
@Path("{v: (v1/)?}model")
@Produces(MediaType.APPLICATION_JSON)
public final class LiteLlmModelInfoResource {

    private static final int PER_MILLION = 6;

    private final Gateway gateway;

    /**
     * Creates the resource.
     *
     * @param gateway the edge's collaborators
     */
    public LiteLlmModelInfoResource(Gateway gateway) {
        this.gateway = gateway;
    }

    /**
     * Describes the deployments the caller may use.
     *
     * @param modelId only the deployment with this id ({@code model_info.id})
     * @param request the request, carrying the caller the key filter signed in
     * @return {@code {"data":[{"model_name":..., "litellm_params":{...}, "model_info":{...}}]}}
     * @throws ApiException 404 {@code model_not_found} when {@code litellm_model_id} names no
     *     deployment the caller may use
     */
    @GET
    @Path("info")
    public String modelInfo(@QueryParam("litellm_model_id") @Nullable String modelId, @Context HttpServletRequest request)
            throws JsonProcessingException {
        Routes routes = gateway.routes();
        Caller caller = TenantAuthFilter.caller(request);
        ObjectMapper json = gateway.json();
        ObjectNode answer = json.createObjectNode();
        ArrayNode data = answer.putArray("data");
        for (ModelDeployment deployment : routes.settings().modelList()) {
            if (caller.mayUse(deployment.modelName()) && (modelId == null || modelId.equals(deployment.id()))) {
                data.add(deployment(deployment, routes, json));
            }
        }
        if (modelId != null && data.isEmpty()) {
            throw new ApiException(ApiError.invalidRequest(404, "model_not_found", "No deployment has the id '" + modelId
                    + "'; GET /model/info lists the deployments you may use.", "litellm_model_id"));
        }
        return json.writeValueAsString(answer);
    }

    /** {@code GET /model_group/info}, which LiteLLM serves without the {@code /v1} form. */
    @Path("model_group")
    @Produces(MediaType.APPLICATION_JSON)
    public static final class Groups {

        private final Gateway gateway;

        /**
         * Creates the resource.
         *
         * @param gateway the edge's collaborators
         */
        public Groups(Gateway gateway) {
            this.gateway = gateway;
        }

        /**
         * Describes the model names the caller may use.
         *
         * @param group only this model name
         * @param request the request, carrying the caller the key filter signed in
         * @return {@code {"data":[{"model_group":..., "providers":[...], ...}]}}
         * @throws ApiException 404 {@code model_not_found} when {@code model_group} names no model
         *     the caller may use
         */
        @GET
        @Path("info")
        public String modelGroupInfo(@QueryParam("model_group") @Nullable String group, @Context HttpServletRequest request)
                throws JsonProcessingException {
            Routes routes = gateway.routes();
            Caller caller = TenantAuthFilter.caller(request);
            ObjectMapper json = gateway.json();
            ObjectNode answer = json.createObjectNode();
            ArrayNode data = answer.putArray("data");
            for (String name : routes.catalog().names()) {
                if (caller.mayUse(name) && (group == null || group.equals(name))) {
                    data.add(group(name, routes.catalog().group(name).orElseThrow(), routes, json));
                }
            }
            if (group != null && data.isEmpty()) {
                throw new ApiException(ApiError.invalidRequest(404, "model_not_found", "The model '" + group
                        + "' does not exist; GET /model_group/info lists the models you may use.", "model_group"));
            }
            return json.writeValueAsString(answer);
        }
    }

    private static ObjectNode deployment(ModelDeployment deployment, Routes routes, ObjectMapper json) {
        LitellmParams params = deployment.litellmParams();
        ObjectNode entry = json.createObjectNode().put("model_name", deployment.modelName());
        ObjectNode litellm = entry.putObject("litellm_params").put("model", params.qualifiedModel());
        putIfSet(litellm, "api_base", params.apiBase() == null ? null : params.apiBase().toString());
        putIfSet(litellm, "api_version", params.apiVersion());
        putIfSet(litellm, "organization", params.organization());
        putIfSet(litellm, "rpm", params.rpm());
        putIfSet(litellm, "tpm", params.tpm());
        putIfSet(litellm, "weight", params.weight());
        putIfSet(litellm, "order", params.order());
        putIfSet(litellm, "max_retries", params.maxRetries());
        putIfSet(litellm, "max_parallel_requests", params.maxParallelRequests());
        putIfSet(litellm, "timeout", seconds(params.timeout()));
        putIfSet(litellm, "stream_timeout", seconds(params.streamTimeout()));
        if (!params.tags().isEmpty()) {
            params.tags().forEach(litellm.putArray("tags")::add);
        }
        ObjectNode info = entry.putObject("model_info");
        Optional<ModelPrice> price = routes.prices().deployment(deployment.id());
        info.put("id", deployment.id())
                .put("db_model", false)
                .put("key", params.model())
                .put("litellm_provider", params.provider());
        info.set("mode", deployment.modelInfo().path("mode").isTextual() ? deployment.modelInfo().get("mode")
                : json.nullNode());
        putPrices(info, price);
        // The configuration's other model_info fields (metadata, max_input_tokens, supports_*) as written. Where
        // both give a field (the id, the prices, max_output_tokens), ours stays: it is what the gateway uses.
        for (Map.Entry<String, JsonNode> field : deployment.modelInfo().properties()) {
            if (!info.has(field.getKey()) || info.get(field.getKey()).isNull()) {
                info.set(field.getKey(), field.getValue());
            }
        }
        return entry;
    }

    private static ObjectNode group(String name, List<ModelDeployment> deployments, Routes routes, ObjectMapper json) {
        ObjectNode entry = json.createObjectNode().put("model_group", name);
        Set<String> providers = new LinkedHashSet<>();
        deployments.forEach(deployment -> providers.add(deployment.litellmParams().provider()));
        providers.forEach(entry.putArray("providers")::add);
        entry.set("max_input_tokens", highest(deployments, json, d -> longField(d.modelInfo(), "max_input_tokens")));
        entry.set("max_output_tokens", highest(deployments, json, d -> routes.prices().deployment(d.id())
                .map(ModelPrice::maxOutputTokens).orElse(null)));
        entry.set("input_cost_per_token", highestPrice(deployments, routes, json, ModelPrice::input));
        entry.set("output_cost_per_token", highestPrice(deployments, routes, json, ModelPrice::output));
        String mode = deployments.stream().map(d -> d.modelInfo().path("mode"))
                .filter(JsonNode::isTextual).map(JsonNode::asText).findFirst().orElse(null);
        entry.put("mode", mode);
        entry.set("tpm", sum(deployments, json, d -> d.litellmParams().tpm()));
        entry.set("rpm", sum(deployments, json, d -> d.litellmParams().rpm()));
        for (String flag : List.of("supports_parallel_function_calling", "supports_vision", "supports_function_calling",
                "supports_tool_choice", "supports_response_schema", "supports_reasoning")) {
            entry.put(flag, deployments.stream().anyMatch(d -> d.modelInfo().path(flag).asBoolean(false)));
        }
        return entry;
    }

    private static void putPrices(ObjectNode info, Optional<ModelPrice> price) {
        info.set("input_cost_per_token", perToken(price.map(ModelPrice::input).orElse(null), info));
        info.set("output_cost_per_token", perToken(price.map(ModelPrice::output).orElse(null), info));
        info.set("cache_read_input_token_cost", perToken(price.map(ModelPrice::cachedInput).orElse(null), info));
        info.set("cache_creation_input_token_cost", perToken(price.map(ModelPrice::cacheWrite).orElse(null), info));
        info.set("output_cost_per_reasoning_token", perToken(price.map(ModelPrice::reasoning).orElse(null), info));
        Long cap = price.map(ModelPrice::maxOutputTokens).orElse(null);
        info.set("max_output_tokens", cap == null ? info.nullNode() : info.numberNode(cap));
        info.set("max_tokens", cap == null ? info.nullNode() : info.numberNode(cap));
    }

    private static JsonNode perToken(@Nullable BigDecimal perMillion, ObjectNode factory) {
        return perMillion == null ? factory.nullNode()
                : factory.numberNode(perMillion.movePointLeft(PER_MILLION).stripTrailingZeros());
    }

    private static JsonNode highestPrice(List<ModelDeployment> deployments, Routes routes, ObjectMapper json,
            Function<ModelPrice, BigDecimal> component) {
        BigDecimal highest = null;
        for (ModelDeployment deployment : deployments) {
            Optional<ModelPrice> price = routes.prices().deployment(deployment.id());
            if (price.isPresent() && (highest == null || component.apply(price.get()).compareTo(highest) > 0)) {
                highest = component.apply(price.get());
            }
        }
        return perToken(highest, json.createObjectNode());
    }

    private static JsonNode highest(List<ModelDeployment> deployments, ObjectMapper json,
            Function<ModelDeployment, @Nullable Long> value) {
        Long highest = null;
        for (ModelDeployment deployment : deployments) {
            Long v = value.apply(deployment);
            if (v != null && (highest == null || v > highest)) {
                highest = v;
            }
        }
        return highest == null ? json.nullNode() : json.getNodeFactory().numberNode(highest);
    }

    private static JsonNode sum(List<ModelDeployment> deployments, ObjectMapper json,
            Function<ModelDeployment, @Nullable Integer> value) {
        long total = 0;
        for (ModelDeployment deployment : deployments) {
            Integer v = value.apply(deployment);
            if (v == null) {
                return json.nullNode(); // a deployment without a limit leaves the group without one
            }
            total += v;
        }
        return json.getNodeFactory().numberNode(total);
    }

    private static @Nullable Long longField(JsonNode info, String field) {
        JsonNode value = info.path(field);
        return value.isIntegralNumber() ? value.asLong() : null;
    }

    private static @Nullable Double seconds(@Nullable Duration duration) {
        return duration == null ? null : duration.toMillis() / 1000.0;
    }

    private static void putIfSet(ObjectNode node, String field, @Nullable Object value) {
        if (value instanceof String text) {
            node.put(field, text);
        } else if (value instanceof Integer number) {
            node.put(field, number);
        } else if (value instanceof Double number) {
            node.put(field, number);
        }
    }
}
