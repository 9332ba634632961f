package dev.ditto.gateway.relay;

import dev.ditto.config.ModelDeployment;
import dev.ditto.sdk.LanguageModel;

/** Turns a configured deployment into the SDK model that calls it; the composition root provides it. */
@FunctionalInterface
public interface ModelResolver {

    /** Which API of a provider that has several: OpenAI's Chat Completions or its Responses API. */
    enum Api {
        /** Chat Completions (or the provider's only chat API). */
        CHAT,
        /** OpenAI's Responses API, for Responses clients on OpenAI deployments; others use their chat API. */
        RESPONSES
    }

    /**
     * Returns the model of a deployment.
     *
     * @param deployment the deployment (for a wildcard group, with the requested model filled in)
     * @param api which API, where the provider has several
     * @return the model
     * @throws IllegalArgumentException if the deployment's provider cannot be called
     */
    LanguageModel languageModel(ModelDeployment deployment, Api api);
}
