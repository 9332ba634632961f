package dev.ditto.provider.openai;

import dev.ditto.sdk.http.HttpTransport;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The OpenAI API, or any server that speaks it at another base URL: the factory of chat,
 * legacy-completion and embedding models that share one configuration and one transport.
 *
 * <p>Instances are immutable and thread-safe; models are cheap to create and may be cached or not.
 *
 * <pre>{@code
 * OpenAiProvider openai = OpenAiProvider.builder().apiKey(System.getenv("OPENAI_API_KEY")).build();
 * LanguageModel gpt = openai.languageModel("gpt-4.1-mini");
 * System.out.println(gpt.generate("Say hello").text());
 * float[] vector = openai.embeddingModel("text-embedding-3-small").embed("hello").vector();
 * }</pre>
 */
public final class OpenAiProvider implements AutoCloseable {

    /** The provider name of the official API. */
    public static final String NAME = "openai";

    /** The official API's base URL. */
    public static final URI DEFAULT_BASE_URL = URI.create("https://api.openai.com/v1");

    private final OpenAiClient client;
    private final boolean ownsTransport;
    private final OpenAiUpstream upstream;

    private OpenAiProvider(OpenAiClient client, boolean ownsTransport, String base) {
        this.client = client;
        this.ownsTransport = ownsTransport;
        this.upstream = new OpenAiUpstream(client, (path, query) ->
                URI.create(base + path + (query == null || query.isEmpty() ? "" : "?" + query)));
    }

    /**
     * Returns a builder for the official API at {@link #DEFAULT_BASE_URL} over a transport of its
     * own, closed by {@link #close()}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the provider name its models report.
     *
     * @return the name, {@value #NAME} unless the builder set another
     */
    public String name() {
        return client.provider();
    }

    /**
     * Returns a Chat Completions model ({@code POST /chat/completions}).
     *
     * @param modelId the model id, such as {@code gpt-4.1-mini}
     * @return the model
     * @throws IllegalArgumentException if {@code modelId} is blank
     */
    public OpenAiChatLanguageModel languageModel(String modelId) {
        return new OpenAiChatLanguageModel(client, requireModelId(modelId));
    }

    /**
     * Returns a legacy text-completion model ({@code POST /completions}).
     *
     * @param modelId the model id, such as {@code gpt-3.5-turbo-instruct}
     * @return the model
     * @throws IllegalArgumentException if {@code modelId} is blank
     */
    public OpenAiCompletionLanguageModel completionModel(String modelId) {
        return new OpenAiCompletionLanguageModel(client, requireModelId(modelId));
    }

    /**
     * Returns an embedding model ({@code POST /embeddings}).
     *
     * @param modelId the model id, such as {@code text-embedding-3-small}
     * @return the model
     * @throws IllegalArgumentException if {@code modelId} is blank
     */
    public OpenAiEmbeddingModel embeddingModel(String modelId) {
        return new OpenAiEmbeddingModel(client, requireModelId(modelId));
    }

    /**
     * Returns where raw requests to this account go, for a gateway that forwards requests as
     * they are; it shares this provider's transport.
     *
     * @return the upstream
     */
    public OpenAiUpstream upstream() {
        return upstream;
    }

    static String requireModelId(String modelId) {
        Objects.requireNonNull(modelId, "modelId");
        if (modelId.isBlank()) {
            throw new IllegalArgumentException("modelId must not be blank");
        }
        return modelId;
    }

    static String withoutTrailingSlash(URI uri) {
        String text = uri.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return text;
    }

    static void requireHttpUrl(URI uri, String name) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
            throw new IllegalArgumentException(name + " must be an absolute http(s) URL but was '" + uri + "'");
        }
    }

    @Override
    public String toString() {
        return "OpenAiProvider[name=" + client.provider() + ", dialect=" + client.dialect() + "]";
    }

    /**
     * Closes the transport this provider created for itself; a transport given to the builder
     * belongs to the caller and is left open. Models made by this provider stop working.
     */
    @Override
    public void close() {
        if (ownsTransport) {
            client.transport().close();
        }
    }

    /**
     * Collects a provider's settings; defaults are the official API, no key, a transport of the
     * provider's own and {@link OpenAiChatDialect#openAi()}. Setters validate at once. Not thread-safe.
     */
    public static final class Builder {

        private String name = NAME;
        private @Nullable String apiKey;
        private URI baseUrl = DEFAULT_BASE_URL;
        private @Nullable String organization;
        private @Nullable String project;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private @Nullable HttpTransport transport;
        private OpenAiChatDialect dialect = OpenAiChatDialect.openAi();

        private Builder() {
        }

        /**
         * Sets the provider name models report and whose {@code providerOptions} they copy into
         * the request body; OpenAI-compatible vendors set theirs, such as {@code deepseek}, so that
         * options meant for OpenAI alone never reach them.
         *
         * @param value the name
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is blank
         */
        public Builder name(String value) {
            if (value.isBlank()) {
                throw new IllegalArgumentException("provider name must not be blank");
            }
            this.name = value;
            return this;
        }

        /**
         * Sets the key sent as {@code Authorization: Bearer <key>}.
         *
         * @param value the key, or {@code null} for servers without auth (a local vLLM or Ollama)
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is blank
         */
        public Builder apiKey(@Nullable String value) {
            if (value != null && value.isBlank()) {
                throw new IllegalArgumentException("apiKey must not be blank; pass null for none");
            }
            this.apiKey = value;
            return this;
        }

        /**
         * Sets the base URL that API paths such as {@code /chat/completions} are appended to.
         *
         * @param value an absolute http(s) URL, such as {@code http://localhost:8000/v1}
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is not an absolute http(s) URL
         */
        public Builder baseUrl(URI value) {
            requireHttpUrl(value, "baseUrl");
            this.baseUrl = value;
            return this;
        }

        /**
         * Sets the {@code OpenAI-Organization} header.
         *
         * @param value the organization id, or {@code null}
         * @return this builder
         */
        public Builder organization(@Nullable String value) {
            this.organization = value;
            return this;
        }

        /**
         * Sets the {@code OpenAI-Project} header.
         *
         * @param value the project id, or {@code null}
         * @return this builder
         */
        public Builder project(@Nullable String value) {
            this.project = value;
            return this;
        }

        /**
         * Adds headers sent with every request; they win over the ones the provider sets.
         *
         * @param values header names and values
         * @return this builder
         */
        public Builder headers(Map<String, String> values) {
            values.forEach((key, value) -> headers.put(Objects.requireNonNull(key, "header name"),
                    Objects.requireNonNull(value, "header value")));
            return this;
        }

        /**
         * Sets the transport; configure it with {@link OpenAiErrorMapper} to keep OpenAI's error
         * codes.
         *
         * @param value the transport, or {@code null} for a transport of the provider's own, closed by {@link #close()}
         * @return this builder
         */
        public Builder transport(@Nullable HttpTransport value) {
            this.transport = value;
            return this;
        }

        /**
         * Sets how the server's Chat Completions API differs from OpenAI's.
         *
         * @param value the dialect
         * @return this builder
         */
        public Builder dialect(OpenAiChatDialect value) {
            this.dialect = Objects.requireNonNull(value, "dialect");
            return this;
        }

        /**
         * Builds the provider.
         *
         * @return the provider
         */
        public OpenAiProvider build() {
            Map<String, String> all = new LinkedHashMap<>();
            if (apiKey != null) {
                all.put("authorization", "Bearer " + apiKey);
            }
            if (organization != null) {
                all.put("openai-organization", organization);
            }
            if (project != null) {
                all.put("openai-project", project);
            }
            headers.forEach((key, value) -> all.put(key.toLowerCase(Locale.ROOT), value));
            String base = withoutTrailingSlash(baseUrl);
            OpenAiClient client = new OpenAiClient(name, (modelId, path) -> URI.create(base + path), all,
                    transport == null ? DefaultTransport.create() : transport, dialect, List.of(name));
            return new OpenAiProvider(client, transport == null, base);
        }
    }
}
