package dev.ditto.provider.openaicompatible;

import dev.ditto.provider.openai.OpenAiChatDialect;
import dev.ditto.provider.openai.OpenAiChatLanguageModel;
import dev.ditto.provider.openai.OpenAiCompletionLanguageModel;
import dev.ditto.provider.openai.OpenAiEmbeddingModel;
import dev.ditto.provider.openai.OpenAiErrorMapper;
import dev.ditto.provider.openai.OpenAiProvider;
import dev.ditto.provider.openai.OpenAiUpstream;
import dev.ditto.sdk.http.HttpTransport;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An OpenAI-compatible vendor (DeepSeek, Mistral, Groq, xAI, OpenRouter, Together, Fireworks,
 * vLLM, Ollama, LM Studio, or any other server given a {@link OpenAiCompatibleProfile#generic}
 * profile): the OpenAI adapter at the vendor's base URL, speaking the vendor's dialect, reporting
 * the vendor's name.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * <pre>{@code
 * OpenAiCompatibleProvider deepseek = OpenAiCompatibleProvider.builder(OpenAiCompatibleProfile.DEEPSEEK)
 *         .apiKey(System.getenv("DEEPSEEK_API_KEY"))
 *         .build();
 * LanguageModelResult result = deepseek.languageModel("deepseek-reasoner").generate("How many r in strawberry?");
 * result.reasoningText();   // the model's reasoning_content
 *
 * OpenAiCompatibleProvider vllm = OpenAiCompatibleProvider.builder(OpenAiCompatibleProfile.VLLM)
 *         .baseUrl(URI.create("http://gpu-box:8000/v1"))
 *         .build();
 * }</pre>
 */
public final class OpenAiCompatibleProvider implements AutoCloseable {

    private final OpenAiCompatibleProfile profile;
    private final OpenAiProvider openAi;

    private OpenAiCompatibleProvider(OpenAiCompatibleProfile profile, OpenAiProvider openAi) {
        this.profile = profile;
        this.openAi = openAi;
    }

    /**
     * Returns a builder for a vendor.
     *
     * @param profile the vendor's profile, such as {@link OpenAiCompatibleProfile#GROQ}
     * @return a new builder
     */
    public static Builder builder(OpenAiCompatibleProfile profile) {
        return new Builder(Objects.requireNonNull(profile, "profile"));
    }

    /**
     * Returns the profile this provider was built with.
     *
     * @return the profile
     */
    public OpenAiCompatibleProfile profile() {
        return profile;
    }

    /**
     * Returns a chat model.
     *
     * @param modelId the vendor's model id, such as {@code deepseek-chat}
     * @return the model
     * @throws IllegalArgumentException if {@code modelId} is blank
     */
    public OpenAiChatLanguageModel languageModel(String modelId) {
        return openAi.languageModel(modelId);
    }

    /**
     * Returns a text-completion model, for vendors that keep {@code /completions}.
     *
     * @param modelId the vendor's model id
     * @return the model
     * @throws IllegalArgumentException if {@code modelId} is blank
     */
    public OpenAiCompletionLanguageModel completionModel(String modelId) {
        return openAi.completionModel(modelId);
    }

    /**
     * Returns an embedding model, for vendors with {@code /embeddings}.
     *
     * @param modelId the vendor's model id, such as {@code mistral-embed}
     * @return the model
     * @throws IllegalArgumentException if {@code modelId} is blank
     */
    public OpenAiEmbeddingModel embeddingModel(String modelId) {
        return openAi.embeddingModel(modelId);
    }

    /**
     * Returns where raw requests to this server go, for a gateway that forwards requests as they
     * are; it shares this provider's transport.
     *
     * @return the upstream
     */
    public OpenAiUpstream upstream() {
        return openAi.upstream();
    }

    @Override
    public String toString() {
        return "OpenAiCompatibleProvider[" + profile.name() + "]";
    }

    /**
     * Closes the transport this provider created for itself; a transport given to the builder
     * belongs to the caller and is left open.
     */
    @Override
    public void close() {
        openAi.close();
    }

    /** Collects a vendor provider's settings. Setters validate at once. Not thread-safe. */
    public static final class Builder {

        private OpenAiCompatibleProfile profile;
        private @Nullable URI baseUrl;
        private @Nullable String apiKey;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private @Nullable HttpTransport transport;

        private Builder(OpenAiCompatibleProfile profile) {
            this.profile = profile;
            this.baseUrl = profile.defaultBaseUrl();
        }

        /**
         * Sets the base URL, replacing the profile's default.
         *
         * @param value an absolute http(s) URL such as {@code http://localhost:8000/v1}
         * @return this builder
         */
        public Builder baseUrl(URI value) {
            this.baseUrl = Objects.requireNonNull(value, "baseUrl");
            return this;
        }

        /**
         * Sets the key sent as {@code Authorization: Bearer <key>}.
         *
         * @param value the key, or {@code null} for servers without auth
         * @return this builder
         */
        public Builder apiKey(@Nullable String value) {
            this.apiKey = value;
            return this;
        }

        /**
         * Adds headers sent with every request (OpenRouter's {@code HTTP-Referer}, for example).
         *
         * @param values header names and values
         * @return this builder
         */
        public Builder headers(Map<String, String> values) {
            headers.putAll(values);
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
         * Replaces the profile's dialect, for a deployment that differs from the vendor's default.
         *
         * @param value the dialect
         * @return this builder
         */
        public Builder dialect(OpenAiChatDialect value) {
            this.profile = profile.withDialect(value);
            return this;
        }

        /**
         * Builds the provider.
         *
         * @return the provider
         * @throws IllegalStateException if neither the profile nor the builder gave a base URL
         * @throws IllegalArgumentException if a setting is invalid (a blank key, a non-http URL)
         */
        public OpenAiCompatibleProvider build() {
            if (baseUrl == null) {
                throw new IllegalStateException("provider '" + profile.name() + "' has no default base URL; set baseUrl");
            }
            OpenAiProvider openAi = OpenAiProvider.builder()
                    .name(profile.name())
                    .baseUrl(baseUrl)
                    .apiKey(apiKey)
                    .headers(headers)
                    .transport(transport)
                    .dialect(profile.dialect())
                    .build();
            return new OpenAiCompatibleProvider(profile, openAi);
        }
    }
}
