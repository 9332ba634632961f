package dev.ditto.gateway;

import dev.ditto.config.ModelDeployment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The models clients can ask for: each public model name with its group of deployments, in the
 * order the configuration lists them. Immutable and thread-safe.
 */
public final class ModelCatalog {

    private final Map<String, List<ModelDeployment>> groups;

    private ModelCatalog(Map<String, List<ModelDeployment>> groups) {
        this.groups = groups;
    }

    /**
     * Groups deployments by public model name.
     *
     * @param deployments the configured deployments
     * @return the catalog
     */
    public static ModelCatalog of(List<ModelDeployment> deployments) {
        Map<String, List<ModelDeployment>> groups = new LinkedHashMap<>();
        for (ModelDeployment deployment : deployments) {
            groups.computeIfAbsent(deployment.modelName(), name -> new ArrayList<>()).add(deployment);
        }
        groups.replaceAll((name, group) -> List.copyOf(group));
        return new ModelCatalog(java.util.Collections.unmodifiableMap(groups));
    }

    /**
     * Returns the public model names.
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
     * @return the group, or empty when no deployment serves that name
     */
    public Optional<List<ModelDeployment>> group(String modelName) {
        return Optional.ofNullable(groups.get(modelName));
    }
}
