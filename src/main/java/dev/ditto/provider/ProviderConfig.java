package dev.ditto.provider;

import java.net.URI;
import java.time.Duration;
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
 * @param timeout the whole-request timeout (LiteLLM's {@code timeout}); null for the transport default
 * @param streamTimeout the time a stream may take to its first event (LiteLLM's {@code stream_timeout});
 *     null for the transport default
 * @param connectTimeout the wait for the connection ({@code ditto_connect_timeout}); null for the smaller of
 *     10 s and the first-event timeout
 * @param idleTimeout the longest gap between two events of a stream ({@code ditto_idle_timeout}); null for the
 *     transport default
 */
public record ProviderConfig(
        String provider,
        @Nullable URI apiBase,
        @Nullable String apiKey,
        @Nullable String apiVersion,
        @Nullable String organization,
        Map<String, String> headers,
        @Nullable Duration timeout,
        @Nullable Duration streamTimeout,
        @Nullable Duration connectTimeout,
        @Nullable Duration idleTimeout) {

    /** Validates and copies. */
    public ProviderConfig {
        Objects.requireNonNull(provider, "provider");
        headers = Map.copyOf(headers);
    }

    /**
     * Creates a config with the transport's default timeouts.
     *
     * @param provider the provider prefix
     * @param apiBase the endpoint, or null for the default
     * @param apiKey the credential, or null for the provider's environment variable
     * @param apiVersion the API version, or null
     * @param organization the OpenAI organization, or null
     * @param headers extra headers
     */
    public ProviderConfig(String provider, @Nullable URI apiBase, @Nullable String apiKey, @Nullable String apiVersion,
            @Nullable String organization, Map<String, String> headers) {
        this(provider, apiBase, apiKey, apiVersion, organization, headers, null, null, null, null);
    }

    /**
     * Tells whether the config asks for timeouts of its own, which need a transport of their own.
     *
     * @return true when a timeout is set
     */
    public boolean hasTimeouts() {
        return timeout != null || streamTimeout != null || connectTimeout != null || idleTimeout != null;
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
                + (apiKey == null ? "null" : "<masked>") + ", apiVersion=" + apiVersion + ", timeout=" + timeout
                + ", streamTimeout=" + streamTimeout + ", connectTimeout=" + connectTimeout + ", idleTimeout="
                + idleTimeout + "]";
    }
}
