package dev.ditto.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How to reach one deployment: LiteLLM's {@code litellm_params}, with {@code model} split into
 * the provider and the provider's own model id.
 *
 * @param provider the provider prefix, such as {@code openai} (see {@link ProviderNames})
 * @param model the provider's model id, such as {@code gpt-4o}, or the Azure deployment name
 * @param apiBase the endpoint, when not the provider's default
 * @param apiKey the provider credential
 * @param apiVersion the API version (Azure {@code api-version}, Anthropic {@code anthropic-version})
 * @param organization the OpenAI organization id
 * @param rpm requests per minute this deployment may take (routing weight and limit)
 * @param tpm tokens per minute this deployment may take (routing weight and limit)
 * @param weight relative share for weighted shuffle routing
 * @param timeout the whole-request timeout
 * @param streamTimeout the timeout for streaming requests: the wait for the first event
 * @param connectTimeout the wait for the upstream connection ({@code ditto_connect_timeout}, Ditto's own)
 * @param idleTimeout the longest gap between two events of a stream ({@code ditto_idle_timeout}, Ditto's own)
 * @param maxRetries retries against this deployment before falling back
 * @param maxParallelRequests concurrent requests this deployment may take
 * @param extraHeaders headers sent with every upstream request
 * @param inputCostPerToken USD per input token, overriding the price table
 * @param outputCostPerToken USD per output token, overriding the price table
 * @param tags routing tags
 * @param order priority for order-based routing (1 first)
 * @param dittoMode passthrough or translation for OpenAI routes ({@code ditto_mode}, Ditto's own)
 */
public record LitellmParams(
        String provider,
        String model,
        @Nullable URI apiBase,
        @Nullable Secret apiKey,
        @Nullable String apiVersion,
        @Nullable String organization,
        @Nullable Integer rpm,
        @Nullable Integer tpm,
        @Nullable Integer weight,
        @Nullable Duration timeout,
        @Nullable Duration streamTimeout,
        @Nullable Duration connectTimeout,
        @Nullable Duration idleTimeout,
        @Nullable Integer maxRetries,
        @Nullable Integer maxParallelRequests,
        Map<String, String> extraHeaders,
        @Nullable Double inputCostPerToken,
        @Nullable Double outputCostPerToken,
        List<String> tags,
        @Nullable Integer order,
        RelayMode dittoMode) {

    /** Copies the collections so the record stays immutable. */
    public LitellmParams {
        extraHeaders = Map.copyOf(extraHeaders);
        tags = List.copyOf(tags);
    }

    /**
     * Returns a copy with another provider model id, as a wildcard deployment serving one name.
     *
     * @param modelId the provider's model id
     * @return the copy
     */
    public LitellmParams withModel(String modelId) {
        return new LitellmParams(provider, modelId, apiBase, apiKey, apiVersion, organization, rpm, tpm, weight,
                timeout, streamTimeout, connectTimeout, idleTimeout, maxRetries, maxParallelRequests, extraHeaders,
                inputCostPerToken, outputCostPerToken, tags, order, dittoMode);
    }

    /**
     * Returns the model as LiteLLM writes it.
     *
     * @return {@code provider/model}
     */
    public String qualifiedModel() {
        return provider + "/" + model;
    }
}
