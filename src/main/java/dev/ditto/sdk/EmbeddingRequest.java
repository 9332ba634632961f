package dev.ditto.sdk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A provider-neutral request for embeddings of one or more texts.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * <pre>{@code
 * EmbeddingRequest request = EmbeddingRequest.builder()
 *         .inputs(List.of("first", "second"))
 *         .dimensions(256)
 *         .build();
 * }</pre>
 */
public final class EmbeddingRequest {

    private final List<String> inputs;
    private final @Nullable Integer dimensions;
    private final @Nullable String user;
    private final Map<String, ObjectNode> providerOptions;

    private EmbeddingRequest(Builder b) {
        this.inputs = List.copyOf(b.inputs);
        this.dimensions = b.dimensions;
        this.user = b.user;
        this.providerOptions = LanguageModelRequestBuilder.deepCopy(b.providerOptions);
    }

    /**
     * Returns a builder with nothing set.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a request for the texts with default settings.
     *
     * @param inputs the texts, at least one, none empty
     * @return the request
     * @throws IllegalArgumentException if {@code inputs} is empty or holds an empty text
     */
    public static EmbeddingRequest of(List<String> inputs) {
        return builder().inputs(inputs).build();
    }

    /**
     * Returns a builder holding this request's values.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder().inputs(inputs).dimensions(dimensions).user(user);
        b.providerOptions.putAll(providerOptions);
        return b;
    }

    /**
     * Returns the texts to embed.
     *
     * @return the texts, unmodifiable, at least one
     */
    public List<String> inputs() {
        return inputs;
    }

    /**
     * Returns the requested vector length, for models that can shorten their vectors.
     *
     * @return the dimensions, or {@code null} for the model's native length
     */
    public @Nullable Integer dimensions() {
        return dimensions;
    }

    /**
     * Returns the end-user id passed to the provider.
     *
     * @return the id, or {@code null}
     */
    public @Nullable String user() {
        return user;
    }

    /**
     * Returns a copy of one provider's options (for example Gemini's {@code taskType}).
     *
     * @param provider the provider name
     * @return the options, or empty when none were given
     */
    public Optional<ObjectNode> providerOptions(String provider) {
        ObjectNode options = providerOptions.get(provider);
        return options == null ? Optional.empty() : Optional.of(options.deepCopy());
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof EmbeddingRequest that && inputs.equals(that.inputs)
                && Objects.equals(dimensions, that.dimensions) && Objects.equals(user, that.user)
                && providerOptions.equals(that.providerOptions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(inputs, dimensions, user, providerOptions);
    }

    @Override
    public String toString() {
        return "EmbeddingRequest[inputs=" + inputs.size() + ", dimensions=" + dimensions + "]";
    }

    /** Collects an embedding request's values; setters validate at once. Not thread-safe. */
    public static final class Builder {

        private final List<String> inputs = new ArrayList<>();
        private @Nullable Integer dimensions;
        private @Nullable String user;
        private final Map<String, ObjectNode> providerOptions = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Replaces the texts to embed.
         *
         * @param values the texts, none empty
         * @return this builder
         * @throws IllegalArgumentException if a text is empty
         */
        public Builder inputs(List<String> values) {
            LanguageModelRequest.requireNonNullElements(values, "inputs");
            for (int i = 0; i < values.size(); i++) {
                if (values.get(i).isEmpty()) {
                    throw new IllegalArgumentException("input " + i + " of " + values.size() + " is empty");
                }
            }
            inputs.clear();
            inputs.addAll(values);
            return this;
        }

        /**
         * Sets the requested vector length.
         *
         * @param value the dimensions, at least 1, or {@code null}
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is less than 1
         */
        public Builder dimensions(@Nullable Integer value) {
            if (value != null && value < 1) {
                throw new IllegalArgumentException("dimensions must be at least 1 but was " + value);
            }
            this.dimensions = value;
            return this;
        }

        /**
         * Sets the end-user id.
         *
         * @param value the id, or {@code null}
         * @return this builder
         */
        public Builder user(@Nullable String value) {
            this.user = value;
            return this;
        }

        /**
         * Sets one provider's options.
         *
         * @param provider the provider name
         * @param options the options, copied
         * @return this builder
         */
        public Builder providerOptions(String provider, ObjectNode options) {
            providerOptions.put(Objects.requireNonNull(provider, "provider"), options.deepCopy());
            return this;
        }

        /**
         * Builds the request.
         *
         * @return the request
         * @throws IllegalStateException if there are no inputs
         */
        public EmbeddingRequest build() {
            if (inputs.isEmpty()) {
                throw new IllegalStateException("an embedding request needs at least one input");
            }
            return new EmbeddingRequest(this);
        }
    }
}
