package dev.ditto.gateway.relay;

import dev.ditto.config.ModelDeployment;
import dev.ditto.sdk.LanguageModel;

/** Turns a configured deployment into the SDK model that calls it; the composition root provides it. */
@FunctionalInterface
public interface ModelResolver {

    /**
     * Returns the model of a deployment.
     *
     * @param deployment the deployment (for a wildcard group, with the requested model filled in)
     * @return the model
     * @throws IllegalArgumentException if the deployment's provider cannot be called
     */
    LanguageModel languageModel(ModelDeployment deployment);
}
