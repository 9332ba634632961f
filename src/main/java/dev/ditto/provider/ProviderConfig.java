package dev.ditto.provider;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How to reach one provider account: what a LiteLLM {@code litellm_params} entry says besides
 * the model. Deployments with equal configs share one provider, and so one HTTP client.
 *
 * @param provider the LiteLLM provider prefix, such as {@code openai} or {@code together_ai}
 * @param apiBase the endpoint, or null for the provider's default
 * @param apiKey the credential, or null to take it from the provider's usual environment variable
 * @param apiVersion Azure's {@code api-version} or Anthropic's {@code anthropic-version}
 * @param organization the OpenAI organization id
 * @param headers extra headers sent with every request
 */
public record ProviderConfig(
        String provider,
        @Nullable URI apiBase,
        @Nullable String apiKey,
        @Nullable String apiVersion,
        @Nullable String organization,
        Map<String, String> headers) {

    /** Validates and copies. */
    public ProviderConfig {
        Objects.requireNonNull(provider, "provider");
        headers = Map.copyOf(headers);
    }

    /**
     * Returns the config of a provider with every setting at its default.
     *
     * @param provider the provider prefix
     * @return the config
     */
    public static ProviderConfig of(String provider) {
        return new ProviderConfig(provider, null, null, null, null, Map.of());
    }

    @Override
    public String toString() {
        return "ProviderConfig[provider=" + provider + ", apiBase=" + apiBase + ", apiKey="
                + (apiKey == null ? "null" : "<masked>") + ", apiVersion=" + apiVersion + "]";
    }
}
