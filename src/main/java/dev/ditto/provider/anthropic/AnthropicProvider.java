package dev.ditto.provider.anthropic;

import dev.ditto.sdk.http.HttpTransport;
import dev.ditto.sdk.http.HttpTransportConfig;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The Anthropic provider: its configuration (key, base URL, API version, headers, transport) and
 * the factory of its models.
 *
 * <p>Immutable and thread-safe; the models it makes share its transport.
 *
 * <pre>{@code
 * AnthropicProvider anthropic = AnthropicProvider.builder()
 *         .apiKey(System.getenv("ANTHROPIC_API_KEY"))
 *         .build();
 * LanguageModel claude = anthropic.languageModel("claude-sonnet-4-5");
 * System.out.println(claude.generate("Say hello").text());
 * }</pre>
 */
public final class AnthropicProvider implements AutoCloseable {

    /** The provider name, also the key of Anthropic's provider options and metadata. */
    public static final String NAME = PartMapper.PROVIDER;
    /** The official API base URL; models post to {@code <base>/messages}. */
    public static final URI DEFAULT_BASE_URL = URI.create("https://api.anthropic.com/v1");
    /** The {@code anthropic-version} sent unless another is configured. */
    public static final String DEFAULT_VERSION = "2023-06-01";
    /** The {@code max_tokens} sent when a request sets no output limit (Anthropic requires one). */
    public static final int DEFAULT_MAX_TOKENS = 4096;
    /** The environment variable read when no API key is configured. */
    public static final String API_KEY_ENV = "ANTHROPIC_API_KEY";

    static final String API_KEY_HEADER = "x-api-key";
    static final String VERSION_HEADER = "anthropic-version";
    static final String BETA_HEADER = "anthropic-beta";

    private final String apiKey;
    private final URI baseUrl;
    private final String version;
    private final Map<String, String> headers;
    private final int defaultMaxTokens;
    private final HttpTransport transport;
    private final boolean ownsTransport;

    private AnthropicProvider(Builder b, String apiKey, HttpTransport transport) {
        this.apiKey = apiKey;
        this.baseUrl = b.baseUrl;
        this.version = b.version;
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
        this.defaultMaxTokens = b.defaultMaxTokens;
        this.transport = transport;
        this.ownsTransport = b.transport == null;
    }

    /**
     * Returns a builder holding the defaults: the official base URL, API version
     * {@value #DEFAULT_VERSION}, the key from {@value #API_KEY_ENV}, and a transport of the
     * provider's own (closed by {@link #close()}) that maps errors with {@link AnthropicErrorMapper}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the model with the given id.
     *
     * @param modelId the model id, such as {@code claude-sonnet-4-5}
     * @return the model
     * @throws IllegalArgumentException if {@code modelId} is blank
     */
    public AnthropicLanguageModel languageModel(String modelId) {
        Objects.requireNonNull(modelId, "modelId");
        if (modelId.isBlank()) {
            throw new IllegalArgumentException("modelId must not be blank");
        }
        return new AnthropicLanguageModel(this, modelId);
    }

    URI messagesUri() {
        return endpoint("/messages");
    }

    URI countTokensUri() {
        return endpoint("/messages/count_tokens");
    }

    private URI endpoint(String path) {
        String base = baseUrl.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    }

    String apiKey() {
        return apiKey;
    }

    String version() {
        return version;
    }

    Map<String, String> headers() {
        return headers;
    }

    int defaultMaxTokens() {
        return defaultMaxTokens;
    }

    HttpTransport transport() {
        return transport;
    }

    @Override
    public String toString() {
        return "AnthropicProvider[baseUrl=" + baseUrl + ", version=" + version + ", apiKey=<masked>]";
    }

    /**
     * Closes the transport this provider created for itself; a transport given to the builder
     * belongs to the caller and is left open. Models made by this provider stop working.
     */
    @Override
    public void close() {
        if (ownsTransport) {
            transport.close();
        }
    }

    /** Collects a provider's settings; setters validate at once. Not thread-safe. */
    public static final class Builder {

        private @Nullable String apiKey;
        private URI baseUrl = DEFAULT_BASE_URL;
        private String version = DEFAULT_VERSION;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private int defaultMaxTokens = DEFAULT_MAX_TOKENS;
        private @Nullable HttpTransport transport;

        private Builder() {
        }

        /**
         * Sets the API key, sent as {@code x-api-key}.
         *
         * @param value the key
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is blank
         */
        public Builder apiKey(String value) {
            if (Objects.requireNonNull(value, "apiKey").isBlank()) {
                throw new IllegalArgumentException("apiKey must not be blank");
            }
            this.apiKey = value;
            return this;
        }

        /**
         * Sets the base URL, up to and including the version path, such as
         * {@code https://api.anthropic.com/v1} or a proxy's.
         *
         * @param value the absolute http(s) URL
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is not an absolute http(s) URL
         */
        public Builder baseUrl(URI value) {
            String scheme = Objects.requireNonNull(value, "baseUrl").getScheme();
            if (!value.isAbsolute() || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
                throw new IllegalArgumentException("baseUrl must be an absolute http(s) URL but was '" + value + "'");
            }
            this.baseUrl = value;
            return this;
        }

        /**
         * Sets the {@code anthropic-version} header.
         *
         * @param value the version, such as {@code 2023-06-01}
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is blank
         */
        public Builder anthropicVersion(String value) {
            if (Objects.requireNonNull(value, "anthropicVersion").isBlank()) {
                throw new IllegalArgumentException("anthropicVersion must not be blank");
            }
            this.version = value;
            return this;
        }

        /**
         * Adds headers sent with every request, such as {@code anthropic-beta}; they win over the
         * defaults, except that {@code anthropic-beta} values are combined with those a request needs.
         *
         * @param values header names and values
         * @return this builder
         */
        public Builder headers(Map<String, String> values) {
            values.forEach(this::header);
            return this;
        }

        /**
         * Adds one header sent with every request.
         *
         * @param name the header name
         * @param value the value
         * @return this builder
         */
        public Builder header(String name, String value) {
            headers.put(Objects.requireNonNull(name, "name").toLowerCase(Locale.ROOT), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Sets the {@code max_tokens} sent when a request has no output limit.
         *
         * @param value the limit, at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is less than 1
         */
        public Builder defaultMaxTokens(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("defaultMaxTokens must be at least 1 but was " + value);
            }
            this.defaultMaxTokens = value;
            return this;
        }

        /**
         * Sets the transport. Configure it with {@link AnthropicErrorMapper#ofDefaults()} to get
         * Anthropic's error types; the caller closes it.
         *
         * @param value the transport
         * @return this builder
         */
        public Builder transport(HttpTransport value) {
            this.transport = Objects.requireNonNull(value, "transport");
            return this;
        }

        /**
         * Builds the provider.
         *
         * @return the provider
         * @throws IllegalStateException if no API key was set, none is in {@value #API_KEY_ENV},
         *     and no {@code x-api-key} or {@code authorization} header was given
         */
        public AnthropicProvider build() {
            String key = apiKey != null ? apiKey : System.getenv(API_KEY_ENV);
            if ((key == null || key.isBlank()) && !headers.containsKey(API_KEY_HEADER) && !headers.containsKey("authorization")) {
                throw new IllegalStateException("no Anthropic API key: set apiKey(...), the " + API_KEY_ENV
                        + " environment variable, or an x-api-key or authorization header");
            }
            // A transport of its own rather than a static shared one: a static one could never be
            // closed, and its threads would outlive an undeployed WAR.
            return new AnthropicProvider(this, key == null ? "" : key, transport != null ? transport
                    : HttpTransport.of(HttpTransportConfig.builder().errorMapper(AnthropicErrorMapper.ofDefaults()).build()));
        }
    }
}
