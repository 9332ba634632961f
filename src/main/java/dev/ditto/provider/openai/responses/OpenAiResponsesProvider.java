package dev.ditto.provider.openai.responses;

import dev.ditto.sdk.http.HttpTransport;
import dev.ditto.sdk.http.HttpTransportConfig;
import dev.ditto.sdk.http.TransportRequest;
import dev.ditto.sdk.http.UpstreamErrorMapper;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The OpenAI Responses API ({@code POST /v1/responses}) as a provider: holds the key, base URL,
 * headers and HTTP transport that its models share.
 *
 * <p>Instances are immutable and thread-safe. Models made by one provider share its transport;
 * without an explicit {@link Builder#transport(HttpTransport)} the provider creates one of its
 * own, which maps errors with {@link #errorMapper()} and is closed by {@link #close()}.
 *
 * <pre>{@code
 * OpenAiResponsesProvider openai = OpenAiResponsesProvider.builder()
 *         .apiKey(System.getenv("OPENAI_API_KEY"))
 *         .build();
 * LanguageModel model = openai.languageModel("gpt-5-mini");
 * System.out.println(model.generate("Capital of France?").text());
 * }</pre>
 */
public final class OpenAiResponsesProvider implements AutoCloseable {

    /** The provider name models report and errors carry. */
    public static final String NAME = "openai";
    /** The official API base URL. */
    public static final URI DEFAULT_BASE_URL = URI.create("https://api.openai.com/v1");

    private static final String RESPONSES_PATH = "/responses";

    private final String apiKey;
    private final URI baseUrl;
    private final Map<String, String> headers;
    private final HttpTransport transport;
    private final boolean ownsTransport;

    private OpenAiResponsesProvider(Builder b, String apiKey) {
        this.apiKey = apiKey;
        this.baseUrl = b.baseUrl;
        this.headers = Map.copyOf(b.headers);
        // A transport of its own rather than a static shared one, which could never be closed
        // and whose threads would outlive an undeployed WAR.
        this.ownsTransport = b.transport == null;
        this.transport = b.transport != null ? b.transport
                : HttpTransport.of(HttpTransportConfig.builder().errorMapper(ResponsesErrorMapper.INSTANCE).build());
    }

    /**
     * Returns a builder with the official base URL, no extra headers and a transport of the provider's own.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the error mapper for OpenAI's error bodies, for callers that build their own
     * {@link HttpTransport} for this provider.
     *
     * @return the mapper; stateless and thread-safe
     */
    public static UpstreamErrorMapper errorMapper() {
        return ResponsesErrorMapper.INSTANCE;
    }

    /**
     * Returns a language model served through the Responses API.
     *
     * @param modelId the model id, such as {@code gpt-5-mini}
     * @return the model
     * @throws IllegalArgumentException if {@code modelId} is blank
     */
    public OpenAiResponsesLanguageModel languageModel(String modelId) {
        Objects.requireNonNull(modelId, "modelId");
        if (modelId.isBlank()) {
            throw new IllegalArgumentException("modelId must not be blank");
        }
        return new OpenAiResponsesLanguageModel(modelId, this);
    }

    /**
     * Returns the base URL requests go to.
     *
     * @return the base URL, such as {@code https://api.openai.com/v1}
     */
    public URI baseUrl() {
        return baseUrl;
    }

    HttpTransport transport() {
        return transport;
    }

    TransportRequest request(String modelId, String body, boolean stream) {
        TransportRequest.Builder request = TransportRequest.builder(URI.create(stripSlash(baseUrl.toString()) + RESPONSES_PATH))
                .header("authorization", "Bearer " + apiKey)
                .header("accept", stream ? "text/event-stream" : "application/json")
                .jsonBody(body)
                .caller(NAME, modelId);
        headers.forEach(request::header);
        return request.build();
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public String toString() {
        return "OpenAiResponsesProvider[baseUrl=" + baseUrl + ", headers=" + headers.keySet() + "]";
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
        private final Map<String, String> headers = new LinkedHashMap<>();
        private @Nullable HttpTransport transport;

        private Builder() {
        }

        /**
         * Sets the API key sent as {@code Authorization: Bearer}; when never set, {@link #build()}
         * reads the {@code OPENAI_API_KEY} environment variable.
         *
         * @param value the key
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is blank
         */
        public Builder apiKey(String value) {
            Objects.requireNonNull(value, "apiKey");
            if (value.isBlank()) {
                throw new IllegalArgumentException("apiKey must not be blank");
            }
            this.apiKey = value;
            return this;
        }

        /**
         * Sets the base URL; {@code /responses} is appended to it.
         *
         * @param value an absolute http(s) URL, such as {@code https://api.openai.com/v1}
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is not an absolute http(s) URL
         */
        public Builder baseUrl(URI value) {
            Objects.requireNonNull(value, "baseUrl");
            String scheme = value.getScheme() == null ? "" : value.getScheme().toLowerCase(Locale.ROOT);
            if (!value.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
                throw new IllegalArgumentException("baseUrl must be an absolute http(s) URL but was '" + value + "'");
            }
            this.baseUrl = value;
            return this;
        }

        /**
         * Adds headers sent with every request, such as {@code OpenAI-Organization}; they replace
         * earlier values of the same name.
         *
         * @param values header names to values
         * @return this builder
         * @throws IllegalArgumentException if a header is one the HTTP client sets itself
         */
        public Builder headers(Map<String, String> values) {
            values.forEach((name, value) -> {
                // Fails at once for headers the HTTP client sets itself, such as Host.
                TransportRequest.builder(DEFAULT_BASE_URL).header(name, Objects.requireNonNull(value, name));
                headers.put(name.toLowerCase(Locale.ROOT), value);
            });
            return this;
        }

        /**
         * Sets the transport; give it {@link OpenAiResponsesProvider#errorMapper()} so that errors are
         * typed by OpenAI's error codes.
         *
         * @param value the transport, owned by the caller
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
         * @throws IllegalStateException if no API key was set and {@code OPENAI_API_KEY} is unset
         */
        public OpenAiResponsesProvider build() {
            String key = apiKey != null ? apiKey : System.getenv("OPENAI_API_KEY");
            if (key == null || key.isBlank()) {
                throw new IllegalStateException("no API key: call apiKey(...) or set OPENAI_API_KEY");
            }
            return new OpenAiResponsesProvider(this, key);
        }
    }
}
