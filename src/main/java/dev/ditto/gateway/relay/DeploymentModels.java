package dev.ditto.gateway.relay;

import dev.ditto.config.ModelDeployment;
import dev.ditto.provider.openai.OpenAiUpstream;
import dev.ditto.sdk.EmbeddingModel;
import dev.ditto.sdk.LanguageModel;
import java.util.Optional;

/**
 * Builds what calls a configured deployment, under one configuration (whose router and
 * LiteLLM timeouts apply to deployments without their own). The composition root provides it.
 */
public interface DeploymentModels {

    /** Which API of a provider that has several: OpenAI's Chat Completions or its Responses API. */
    enum Api {
        /** Chat Completions (or the provider's only chat API). */
        CHAT,
        /** OpenAI's Responses API, for Responses clients on OpenAI deployments; others use their chat API. */
        RESPONSES
    }

    /**
     * Returns the language model of a deployment.
     *
     * @param deployment the deployment (for a wildcard group, with the requested model filled in)
     * @param api which API, where the provider has several
     * @return the model
     * @throws IllegalArgumentException if the deployment's provider cannot be called
     */
    LanguageModel languageModel(ModelDeployment deployment, Api api);

    /**
     * Returns the embedding model of a deployment.
     *
     * @param deployment the deployment
     * @return the model
     * @throws IllegalArgumentException if the deployment's provider cannot be called
     */
    EmbeddingModel embeddingModel(ModelDeployment deployment);

    /**
     * Returns where raw OpenAI API requests to a deployment go.
     *
     * @param deployment the deployment
     * @return the upstream; empty when its provider does not speak OpenAI's API
     */
    Optional<OpenAiUpstream> openAiUpstream(ModelDeployment deployment);
}
