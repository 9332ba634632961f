package dev.ditto.gateway;

import dev.ditto.config.LitellmParams;
import dev.ditto.config.ModelDeployment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The models clients can ask for: each public model name with its group of deployments, in the
 * order the configuration lists them. Names with {@code *} are wildcards, as in LiteLLM: a
 * group named {@code openai/*} serves {@code openai/gpt-4o} with the deployment's model
 * {@code openai/*} becoming {@code openai/gpt-4o}. Exact names win over wildcards; among
 * wildcards the first in the file wins. Immutable and thread-safe.
 */
public final class ModelCatalog {

    private final Map<String, List<ModelDeployment>> groups;
    private final Map<String, Pattern> wildcards;

    private ModelCatalog(Map<String, List<ModelDeployment>> groups, Map<String, Pattern> wildcards) {
        this.groups = groups;
        this.wildcards = wildcards;
    }

    /**
     * Groups deployments by public model name.
     *
     * @param deployments the configured deployments
     * @return the catalog
     */
    public static ModelCatalog of(List<ModelDeployment> deployments) {
        Map<String, List<ModelDeployment>> groups = new LinkedHashMap<>();
        Map<String, Pattern> wildcards = new LinkedHashMap<>();
        for (ModelDeployment deployment : deployments) {
            groups.computeIfAbsent(deployment.modelName(), name -> new ArrayList<>()).add(deployment);
            if (deployment.modelName().contains("*")) {
                wildcards.computeIfAbsent(deployment.modelName(), ModelCatalog::glob);
            }
        }
        groups.replaceAll((name, group) -> List.copyOf(group));
        return new ModelCatalog(Collections.unmodifiableMap(groups), Collections.unmodifiableMap(wildcards));
    }

    private static Pattern glob(String name) {
        StringBuilder regex = new StringBuilder();
        for (String piece : name.split("\\*", -1)) {
            if (regex.length() > 0) {
                regex.append("(.+)");
            }
            regex.append(Pattern.quote(piece));
        }
        return Pattern.compile(regex.toString());
    }

    /**
     * Returns the public model names, wildcard patterns included.
     *
     * @return the names, in configuration order
     */
    public List<String> names() {
        return List.copyOf(groups.keySet());
    }

    /**
     * Returns the deployments serving a model name.
     *
     * @param modelName the name a client asked for
     * @return the group (for a wildcard match, with the matched part put into each deployment's
     *     model), or empty when no deployment serves that name
     */
    public Optional<List<ModelDeployment>> group(String modelName) {
        List<ModelDeployment> exact = groups.get(modelName);
        if (exact != null) {
            return Optional.of(exact);
        }
        for (Map.Entry<String, Pattern> wildcard : wildcards.entrySet()) {
            Matcher matcher = wildcard.getValue().matcher(modelName);
            if (matcher.matches()) {
                String matched = matcher.groupCount() > 0 ? matcher.group(1) : "";
                return Optional.of(groups.get(wildcard.getKey()).stream()
                        .map(deployment -> resolve(deployment, modelName, matched))
                        .toList());
            }
        }
        return Optional.empty();
    }

    private static ModelDeployment resolve(ModelDeployment deployment, String modelName, String matched) {
        LitellmParams p = deployment.litellmParams();
        if (!p.model().contains("*")) {
            return new ModelDeployment(deployment.id(), modelName, p, deployment.modelInfo());
        }
        LitellmParams concrete = p.withModel(p.model().replace("*", matched));
        // The id stays the configured deployment's, so cooldowns and stats follow the real endpoint.
        return new ModelDeployment(deployment.id(), modelName, concrete, deployment.modelInfo());
    }
}
