package dev.ditto.sdk.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP request to a provider, plus the provider and model it concerns so that failures can
 * name them.
 *
 * <p>Instances are immutable and thread-safe, and may be sent more than once (retries).
 *
 * <pre>{@code
 * TransportRequest request = TransportRequest.builder(URI.create("https://api.openai.com/v1/chat/completions"))
 *         .header("authorization", "Bearer " + key)
 *         .jsonBody(json)
 *         .caller("openai", "gpt-4o")
 *         .build();
 * }</pre>
 */
public final class TransportRequest {

    /** Headers the JDK client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED_HEADERS =
            Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final String method;
    private final URI uri;
    private final Map<String, String> headers;
    private final byte @Nullable [] body;
    private final @Nullable String provider;
    private final @Nullable String model;

    private TransportRequest(Builder b) {
        this.method = b.method;
        this.uri = b.uri;
        this.headers = Collections.unmodifiableMap(new TreeMap<>(b.headers));
        this.body = b.body;
        this.provider = b.provider;
        this.model = b.model;
    }

    /**
     * Returns a builder for a {@code POST} without headers or body.
     *
     * @param uri the absolute http or https URL
     * @return a new builder
     * @throws IllegalArgumentException if {@code uri} is not an absolute http(s) URL
     */
    public static Builder builder(URI uri) {
        return new Builder(uri);
    }

    /**
     * Returns the HTTP method.
     *
     * @return the method, such as {@code POST}
     */
    public String method() {
        return method;
    }

    /**
     * Returns the target URL.
     *
     * @return the URL
     */
    public URI uri() {
        return uri;
    }

    /**
     * Returns the headers, with names in lower case.
     *
     * @return the headers, unmodifiable
     */
    public Map<String, String> headers() {
        return headers;
    }

    /**
     * Returns a copy of the body.
     *
     * @return the body bytes, or {@code null} for none
     */
    public byte @Nullable [] body() {
        return body == null ? null : body.clone();
    }

    byte @Nullable [] bodyView() {
        return body;
    }

    /**
     * Returns the provider called, for error details.
     *
     * @return the provider name, or {@code null}
     */
    public @Nullable String provider() {
        return provider;
    }

    /**
     * Returns the model called, for error details.
     *
     * @return the model id, or {@code null}
     */
    public @Nullable String model() {
        return model;
    }

    /**
     * Describes the request without headers or body, which may hold secrets.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return "TransportRequest[" + method + " " + uri + ", provider=" + provider + ", model=" + model + "]";
    }

    /** Collects a request's values; setters validate at once. Not thread-safe. */
    public static final class Builder {

        private String method = "POST";
        private final URI uri;
        private final Map<String, String> headers = new TreeMap<>();
        private byte @Nullable [] body;
        private @Nullable String provider;
        private @Nullable String model;

        private Builder(URI uri) {
            Objects.requireNonNull(uri, "uri");
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
                throw new IllegalArgumentException("uri must be an absolute http(s) URL but was '" + uri + "'");
            }
            this.uri = uri;
        }

        /**
         * Sets the HTTP method.
         *
         * @param value the method, such as {@code GET}
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is blank
         */
        public Builder method(String value) {
            if (value.isBlank()) {
                throw new IllegalArgumentException("method must not be blank");
            }
            this.method = value.toUpperCase(Locale.ROOT);
            return this;
        }

        /**
         * Sets a header, replacing an earlier value of the same name (names ignore case).
         *
         * @param name the header name
         * @param value the value
         * @return this builder
         * @throws IllegalArgumentException if the JDK client sets that header itself
         */
        public Builder header(String name, String value) {
            String key = name.toLowerCase(Locale.ROOT);
            if (RESTRICTED_HEADERS.contains(key)) {
                throw new IllegalArgumentException("header '" + name + "' is set by the HTTP client and cannot be given");
            }
            headers.put(key, Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Sets the body bytes.
         *
         * @param value the body, copied, or {@code null} for none
         * @return this builder
         */
        public Builder body(byte @Nullable [] value) {
            this.body = value == null ? null : value.clone();
            return this;
        }

        /**
         * Sets a JSON body and the {@code content-type: application/json} header.
         *
         * @param json the JSON text
         * @return this builder
         */
        public Builder jsonBody(String json) {
            header("content-type", "application/json");
            this.body = json.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        /**
         * Names the provider and model the request concerns, for error details.
         *
         * @param providerName the provider name, or {@code null}
         * @param modelId the model id, or {@code null}
         * @return this builder
         */
        public Builder caller(@Nullable String providerName, @Nullable String modelId) {
            this.provider = providerName;
            this.model = modelId;
            return this;
        }

        /**
         * Builds the request.
         *
         * @return the request
         */
        public TransportRequest build() {
            return new TransportRequest(this);
        }
    }
}
