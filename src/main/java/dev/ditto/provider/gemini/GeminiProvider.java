package dev.ditto.provider.gemini;

import dev.ditto.sdk.SdkException;
import dev.ditto.sdk.http.HttpTransport;
import dev.ditto.sdk.http.HttpTransportConfig;
import dev.ditto.sdk.http.TransportRequest;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/**
 * Google Gemini through the Generative Language API (AI Studio): the configuration that its
 * language and embedding models share — API key, base URL, extra headers and HTTP transport.
 *
 * <p>Instances are immutable and thread-safe; build one per account and make models from it.
 * Without a {@linkplain Builder#transport transport} the provider creates its own, with default
 * timeouts and {@link GeminiErrorMapper}, shared by all its models and stopped by
 * {@link #close()}; a transport given to the builder belongs to the caller and is left open.
 *
 * <pre>{@code
 * try (GeminiProvider gemini = GeminiProvider.builder().apiKey(System.getenv("GEMINI_API_KEY")).build()) {
 *     LanguageModel flash = gemini.languageModel("gemini-2.5-flash");
 *     System.out.println(flash.generate("Capital of France?").text());
 *     EmbeddingModel embedder = gemini.embeddingModel("gemini-embedding-001");
 * }
 * }</pre>
 */
public final class GeminiProvider implements AutoCloseable {

    /** The provider name, also the key of its {@code providerOptions} and {@code ProviderMetadata}. */
    public static final String NAME = GeminiOptions.KEY;

    /** The official endpoint, with the API version. */
    public static final URI DEFAULT_BASE_URL = URI.create("https://generativelanguage.googleapis.com/v1beta");

    /** The header that carries the API key. */
    public static final String API_KEY_HEADER = "x-goog-api-key";

    private final URI baseUrl;
    private final Map<String, String> headers;
    private final HttpTransport transport;
    private final boolean ownsTransport;
    private final boolean refineErrors;

    private GeminiProvider(Builder b) {
        this.baseUrl = b.baseUrl;
        Map<String, String> all = new LinkedHashMap<>(b.headers);
        if (b.apiKey != null) {
            all.put(API_KEY_HEADER, b.apiKey);
        }
        this.headers = Map.copyOf(all);
        this.ownsTransport = b.transport == null;
        this.transport = b.transport != null ? b.transport
                : HttpTransport.of(HttpTransportConfig.builder().errorMapper(GeminiErrorMapper.ofDefaults()).build());
        this.refineErrors = !(transport.config().errorMapper() instanceof GeminiErrorMapper);
    }

    /**
     * Returns a builder with the official base URL and no transport (the provider makes its own).
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a language model, such as {@code gemini-2.5-flash}.
     *
     * @param modelId the model id, with or without the {@code models/} prefix (ids holding a
     *     slash, such as {@code tunedModels/x}, are used as the resource path)
     * @return the model
     * @throws IllegalArgumentException if the id is blank or holds whitespace
     */
    public GeminiLanguageModel languageModel(String modelId) {
        return new GeminiLanguageModel(this, requireModelId(modelId));
    }

    /**
     * Returns an embedding model, such as {@code gemini-embedding-001}.
     *
     * @param modelId the model id, with or without the {@code models/} prefix
     * @return the model
     * @throws IllegalArgumentException if the id is blank or holds whitespace
     */
    public GeminiEmbeddingModel embeddingModel(String modelId) {
        return new GeminiEmbeddingModel(this, requireModelId(modelId));
    }

    /**
     * Returns the base URL requests go to.
     *
     * @return the URL, such as {@link #DEFAULT_BASE_URL}
     */
    public URI baseUrl() {
        return baseUrl;
    }

    HttpTransport transport() {
        return transport;
    }

    /** Returns the resource path of a model: {@code models/<id>} unless the id already is a path. */
    static String modelPath(String modelId) {
        return modelId.contains("/") ? modelId : "models/" + modelId;
    }

    /**
     * Builds a request to a model method such as {@code generateContent}.
     *
     * @param modelId the model
     * @param method the method
     * @param sse whether to ask for server-sent events ({@code alt=sse})
     * @param json the body
     * @return the request
     */
    TransportRequest request(String modelId, String method, boolean sse, String json) {
        String base = baseUrl.toString().replaceAll("/+$", "");
        URI uri = URI.create(base + "/" + modelPath(modelId) + ":" + method + (sse ? "?alt=sse" : ""));
        TransportRequest.Builder request = TransportRequest.builder(uri).caller(NAME, modelId);
        headers.forEach(request::header);
        return request.jsonBody(json).build();
    }

    /**
     * Gives a failure the Gemini-specific type when the transport's own error mapper is another.
     *
     * @param failure what the transport reported
     * @return the refined failure
     */
    Throwable refine(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return cause instanceof SdkException sdk ? refine(sdk) : cause;
    }

    SdkException refine(SdkException failure) {
        return refineErrors ? GeminiErrorMapper.ofDefaults().refine(failure) : failure;
    }

    private static String requireModelId(String modelId) {
        Objects.requireNonNull(modelId, "modelId");
        if (modelId.isBlank() || !modelId.equals(modelId.strip()) || modelId.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("Gemini model id must be non-blank without whitespace but was '"
                    + modelId + "'");
        }
        return modelId;
    }

    /**
     * Stops the transport this provider created; a transport given to the builder stays open.
     * Calls in flight lose their timeouts. Idempotent.
     */
    @Override
    public void close() {
        if (ownsTransport) {
            transport.close();
        }
    }

    /** Describes the provider without its API key. */
    @Override
    public String toString() {
        return "GeminiProvider[baseUrl=" + baseUrl + ", headers=" + headers.keySet() + "]";
    }

    /** Collects a provider's settings; setters validate at once. Not thread-safe. */
    public static final class Builder {

        private @Nullable String apiKey;
        private URI baseUrl = DEFAULT_BASE_URL;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private @Nullable HttpTransport transport;

        private Builder() {
        }

        /**
         * Sets the API key, sent as {@value GeminiProvider#API_KEY_HEADER}.
         *
         * @param value the key
         * @return this builder
         * @throws IllegalArgumentException if the key is blank
         */
        public Builder apiKey(String value) {
            if (value.isBlank()) {
                throw new IllegalArgumentException("Gemini API key must not be blank");
            }
            this.apiKey = value;
            return this;
        }

        /**
         * Sets the base URL including the API version, for a proxy or a test server.
         *
         * @param value an absolute http(s) URL such as {@code https://proxy.example/v1beta}
         * @return this builder
         * @throws IllegalArgumentException if the URL is not absolute http(s)
         */
        public Builder baseUrl(URI value) {
            String scheme = value.getScheme() == null ? "" : value.getScheme().toLowerCase(Locale.ROOT);
            if (!value.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
                throw new IllegalArgumentException("Gemini base URL must be an absolute http(s) URL but was '"
                        + value + "'");
            }
            this.baseUrl = value;
            return this;
        }

        /**
         * Adds headers sent with every request, replacing earlier values of the same names.
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
            headers.put(name.toLowerCase(Locale.ROOT), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Sets the transport, to share one among providers or to tune timeouts. Give its
         * configuration {@link GeminiErrorMapper#ofDefaults()}; with another mapper the models
         * refine Google's errors themselves, but lose nothing except the mapper's own choices.
         *
         * @param value the transport; the provider does not close it
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
         * @throws IllegalStateException if there is neither an API key nor an authentication
         *     header ({@value GeminiProvider#API_KEY_HEADER} or {@code authorization})
         */
        public GeminiProvider build() {
            if (apiKey == null && !headers.containsKey(API_KEY_HEADER) && !headers.containsKey("authorization")) {
                throw new IllegalStateException("a Gemini provider needs an API key (apiKey(...)) or an "
                        + API_KEY_HEADER + " or authorization header");
            }
            return new GeminiProvider(this);
        }
    }
}
