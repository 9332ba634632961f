package dev.ditto.provider.openai;

import dev.ditto.sdk.http.HttpTransport;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Azure OpenAI: the OpenAI adapter addressing deployments instead of models, at
 * {@code {api_base}/openai/deployments/{deployment}/chat/completions?api-version=...} (and
 * {@code /embeddings}, {@code /completions}), authenticated with the {@code api-key} header.
 *
 * <p>A model id here is the deployment name (LiteLLM's {@code azure/<deployment>}). Models read
 * {@code providerOptions} under {@code openai} and then {@code azure}. Azure's request id arrives
 * in {@code apim-request-id}, which the error mapping reads. Instances are immutable and
 * thread-safe.
 *
 * <pre>{@code
 * AzureOpenAiProvider azure = AzureOpenAiProvider.builder()
 *         .baseUrl(URI.create("https://my-resource.openai.azure.com"))
 *         .apiKey(System.getenv("AZURE_API_KEY"))
 *         .apiVersion("2024-10-21")
 *         .build();
 * LanguageModel chat = azure.languageModel("my-gpt-4o-deployment");
 * }</pre>
 */
public final class AzureOpenAiProvider implements AutoCloseable {

    /** The provider name Azure models report. */
    public static final String NAME = "azure";

    /** The API version used when none is set: the latest generally available one. */
    public static final String DEFAULT_API_VERSION = "2024-10-21";

    private final OpenAiClient client;
    private final boolean ownsTransport;
    private final OpenAiUpstream upstream;

    private AzureOpenAiProvider(OpenAiClient client, boolean ownsTransport, String base, String apiVersion) {
        this.client = client;
        this.ownsTransport = ownsTransport;
        // Account-wide paths (files, batches) live under /openai on the resource, with the api-version.
        this.upstream = new OpenAiUpstream(client, (path, query) -> URI.create(base + "/openai" + path + apiVersion
                + (query == null || query.isEmpty() ? "" : "&" + query)));
    }

    /**
     * Returns where raw requests to this resource go, for a gateway that forwards requests as
     * they are: model-scoped paths map to the deployment's URL. It shares this provider's transport.
     *
     * @return the upstream
     */
    public OpenAiUpstream upstream() {
        return upstream;
    }

    /**
     * Returns a builder; the base URL is required.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a chat model served by a deployment.
     *
     * @param deployment the deployment name
     * @return the model
     * @throws IllegalArgumentException if {@code deployment} is blank
     */
    public OpenAiChatLanguageModel languageModel(String deployment) {
        return new OpenAiChatLanguageModel(client, OpenAiProvider.requireModelId(deployment));
    }

    /**
     * Returns a legacy text-completion model served by a deployment.
     *
     * @param deployment the deployment name
     * @return the model
     * @throws IllegalArgumentException if {@code deployment} is blank
     */
    public OpenAiCompletionLanguageModel completionModel(String deployment) {
        return new OpenAiCompletionLanguageModel(client, OpenAiProvider.requireModelId(deployment));
    }

    /**
     * Returns an embedding model served by a deployment.
     *
     * @param deployment the deployment name
     * @return the model
     * @throws IllegalArgumentException if {@code deployment} is blank
     */
    public OpenAiEmbeddingModel embeddingModel(String deployment) {
        return new OpenAiEmbeddingModel(client, OpenAiProvider.requireModelId(deployment));
    }

    @Override
    public String toString() {
        return "AzureOpenAiProvider[" + client.endpoint().uri("{deployment}", OpenAiClient.CHAT_PATH) + "]";
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

    /** Collects an Azure provider's settings. Setters validate at once. Not thread-safe. */
    public static final class Builder {

        private @Nullable URI baseUrl;
        private @Nullable String apiKey;
        private String apiVersion = DEFAULT_API_VERSION;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private @Nullable HttpTransport transport;
        private OpenAiChatDialect dialect = OpenAiChatDialect.openAi();

        private Builder() {
        }

        /**
         * Sets the resource's endpoint (LiteLLM's {@code api_base}).
         *
         * @param value such as {@code https://my-resource.openai.azure.com}
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is not an absolute http(s) URL
         */
        public Builder baseUrl(URI value) {
            OpenAiProvider.requireHttpUrl(value, "baseUrl");
            this.baseUrl = value;
            return this;
        }

        /**
         * Sets the key sent in the {@code api-key} header.
         *
         * @param value the key, or {@code null} when a header set with {@link #headers} authenticates
         *     (an Entra ID bearer token)
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
         * Sets the {@code api-version} query parameter.
         *
         * @param value such as {@code 2024-10-21} or {@code 2025-01-01-preview}
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is blank
         */
        public Builder apiVersion(String value) {
            if (value.isBlank()) {
                throw new IllegalArgumentException("apiVersion must not be blank");
            }
            this.apiVersion = value;
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
         * Sets the transport; configure it with {@link OpenAiErrorMapper}.
         *
         * @param value the transport, or {@code null} for a transport of the provider's own, closed by {@link #close()}
         * @return this builder
         */
        public Builder transport(@Nullable HttpTransport value) {
            this.transport = value;
            return this;
        }

        /**
         * Sets the dialect, for API versions that lack newer fields.
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
         * @throws IllegalStateException if no base URL was set
         */
        public AzureOpenAiProvider build() {
            if (baseUrl == null) {
                throw new IllegalStateException("Azure OpenAI needs the resource's baseUrl (api_base)");
            }
            Map<String, String> all = new LinkedHashMap<>();
            if (apiKey != null) {
                all.put("api-key", apiKey);
            }
            headers.forEach((key, value) -> all.put(key.toLowerCase(Locale.ROOT), value));
            String base = OpenAiProvider.withoutTrailingSlash(baseUrl);
            String query = "?api-version=" + URLEncoder.encode(apiVersion, StandardCharsets.UTF_8);
            OpenAiClient.Endpoint endpoint = (deployment, path) -> URI.create(base + "/openai/deployments/"
                    + URLEncoder.encode(deployment, StandardCharsets.UTF_8).replace("+", "%20") + path + query);
            return new AzureOpenAiProvider(new OpenAiClient(NAME, endpoint, all,
                    transport == null ? DefaultTransport.create() : transport, dialect, List.of(OpenAiProvider.NAME, NAME)),
                    transport == null, base, query);
        }
    }
}
