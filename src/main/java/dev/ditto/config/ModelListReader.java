package dev.ditto.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Reads LiteLLM's {@code model_list}. */
final class ModelListReader {

    private static final JsonNode MISSING = MissingNode.getInstance();

    private ModelListReader() {}

    static List<ModelDeployment> read(ConfigReader root) {
        List<ModelDeployment> deployments = new ArrayList<>();
        for (ConfigReader entry : root.objectList("model_list")) {
            ModelDeployment deployment = readEntry(entry);
            if (deployment != null) {
                deployments.add(deployment);
            }
        }
        return deployments;
    }

    private static @Nullable ModelDeployment readEntry(ConfigReader entry) {
        String modelName = entry.requiredString("model_name");
        LitellmParams params = readParams(entry.object("litellm_params"), entry.has("litellm_params"));
        JsonNode modelInfo = entry.raw("model_info");
        if (!modelInfo.isMissingNode() && !modelInfo.isNull() && !modelInfo.isObject()) {
            entry.context().problem(entry.pathOf("model_info"), "expected a mapping, got " + ConfigReader.describe(modelInfo));
        }
        entry.finish();
        if (modelName == null || params == null) {
            return null;
        }
        JsonNode id = modelInfo.path("id");
        String deploymentId = id.isValueNode() && !id.asText().isBlank()
                ? id.asText()
                : ModelDeployment.derivedId(modelName, params);
        return new ModelDeployment(deploymentId, modelName, params, modelInfo.isObject() ? modelInfo : MISSING);
    }

    private static @Nullable LitellmParams readParams(ConfigReader in, boolean present) {
        if (!present) {
            in.context().problem(in.path(), "is required");
            return null;
        }
        String qualified = in.requiredString("model");
        String customProvider = in.string("custom_llm_provider");
        URI apiBase = in.httpUrl("api_base");
        String[] split = qualified == null ? null : split(in, qualified, customProvider);
        // Read every field even when the model is bad, so that one pass reports all problems.
        LitellmParams params = new LitellmParams(
                split == null ? "" : split[0], split == null ? "" : split[1], apiBase,
                in.secret("api_key"),
                in.string("api_version"),
                in.string("organization"),
                in.integer("rpm", 0, Integer.MAX_VALUE),
                in.integer("tpm", 0, Integer.MAX_VALUE),
                in.integer("weight", 0, 1_000_000),
                in.seconds("timeout"),
                in.seconds("stream_timeout"),
                in.seconds("ditto_connect_timeout"),
                in.seconds("ditto_idle_timeout"),
                in.integer("max_retries", 0, 100),
                in.integer("max_parallel_requests", 1, Integer.MAX_VALUE),
                in.stringMap("extra_headers"),
                in.decimal("input_cost_per_token", 0),
                in.decimal("output_cost_per_token", 0),
                in.stringList("tags"),
                in.integer("order", 1, 1000),
                mode(in, split == null ? null : split[0]));
        if (split != null && !in.has("api_base") && ProviderNames.NEED_API_BASE.contains(split[0])) {
            in.context().problem(in.pathOf("api_base"), "is required for provider '" + split[0] + "'");
        }
        in.ignore("not supported by Ditto", "drop_params", "merge_reasoning_content_in_choices", "use_in_pass_through",
                "mock_response", "litellm_credential_name", "cache_control_injection_points", "base_model",
                "headers", "max_budget", "budget_duration", "region_name", "aws_access_key_id",
                "aws_secret_access_key", "aws_region_name", "vertex_project", "vertex_location", "vertex_credentials");
        in.finish();
        return split == null ? null : params;
    }

    /** Ditto's {@code ditto_mode}: passthrough is only possible for providers that speak OpenAI's API. */
    private static RelayMode mode(ConfigReader in, @Nullable String provider) {
        String name = in.string("ditto_mode");
        if (name == null) {
            return RelayMode.AUTO;
        }
        RelayMode mode = RelayMode.byName(name).orElse(null);
        List<String> names = Arrays.stream(RelayMode.values()).map(RelayMode::configName).toList();
        if (mode == null) {
            in.context().problem(in.pathOf("ditto_mode"), Suggestions.hint("unknown mode '" + name + "' (one of "
                    + String.join(", ", names) + ")", name, names));
            return RelayMode.AUTO;
        }
        if (mode == RelayMode.PASSTHROUGH && provider != null && !ProviderNames.OPENAI_API.contains(provider)) {
            in.context().problem(in.pathOf("ditto_mode"), "'passthrough' needs a provider that speaks OpenAI's API, and '"
                    + provider + "' does not; use auto or translate");
        }
        return mode;
    }

    private static String @Nullable [] split(ConfigReader in, String qualified, @Nullable String customProvider) {
        int slash = qualified.indexOf('/');
        String provider;
        String model;
        if (customProvider != null) {
            provider = customProvider;
            model = slash > 0 && qualified.substring(0, slash).equals(customProvider)
                    ? qualified.substring(slash + 1) : qualified;
        } else if (slash > 0) {
            provider = qualified.substring(0, slash);
            model = qualified.substring(slash + 1);
        } else {
            provider = ProviderNames.inferFromBareName(qualified);
            model = qualified;
            if (provider == null) {
                in.context().problem(in.pathOf("model"), "'" + qualified
                        + "' has no provider prefix; write it as provider/model, such as openai/" + qualified);
                return null;
            }
        }
        if (!ProviderNames.SUPPORTED.contains(provider)) {
            String path = in.pathOf(customProvider != null ? "custom_llm_provider" : "model");
            in.context().problem(path, Suggestions.hint("unsupported provider '" + provider + "' (supported: "
                    + String.join(", ", ProviderNames.SUPPORTED.stream().sorted().toList()) + ")",
                    provider, ProviderNames.SUPPORTED));
            return null;
        }
        if (model.isBlank()) {
            in.context().problem(in.pathOf("model"), "'" + qualified + "' names no model after the provider");
            return null;
        }
        return new String[] {provider, model};
    }
}
