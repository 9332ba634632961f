package dev.ditto.sdk;

import dev.ditto.sdk.message.ProviderMetadata;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The embeddings of an {@link EmbeddingRequest}, one per input in input order, with usage.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class EmbeddingResult {

    private final List<Embedding> embeddings;
    private final Usage usage;
    private final List<Warning> warnings;
    private final ProviderMetadata providerMetadata;
    private final @Nullable String modelId;

    private EmbeddingResult(Builder b, List<Embedding> sorted) {
        this.embeddings = List.copyOf(sorted);
        this.usage = b.usage;
        this.warnings = List.copyOf(b.warnings);
        this.providerMetadata = b.providerMetadata;
        this.modelId = b.modelId;
    }

    /**
     * Returns a builder with no embeddings and empty usage.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the embeddings in input order.
     *
     * @return the embeddings, unmodifiable
     */
    public List<Embedding> embeddings() {
        return embeddings;
    }

    /**
     * Returns the token usage; only input counts apply to embeddings.
     *
     * @return the usage
     */
    public Usage usage() {
        return usage;
    }

    /**
     * Returns what the adapter dropped or approximated.
     *
     * @return the warnings, unmodifiable
     */
    public List<Warning> warnings() {
        return warnings;
    }

    /**
     * Returns provider-specific values about the response.
     *
     * @return the metadata
     */
    public ProviderMetadata providerMetadata() {
        return providerMetadata;
    }

    /**
     * Returns the model that answered.
     *
     * @return the model id, or {@code null} when the provider did not say
     */
    public @Nullable String modelId() {
        return modelId;
    }

    @Override
    public String toString() {
        return "EmbeddingResult[embeddings=" + embeddings.size() + ", usage=" + usage + ", modelId=" + modelId + "]";
    }

    /** Collects a result's values. Not thread-safe. */
    public static final class Builder {

        private final List<Embedding> embeddings = new ArrayList<>();
        private Usage usage = Usage.empty();
        private final List<Warning> warnings = new ArrayList<>();
        private ProviderMetadata providerMetadata = ProviderMetadata.empty();
        private @Nullable String modelId;

        private Builder() {
        }

        /**
         * Adds an embedding; order does not matter, the index does.
         *
         * @param embedding the embedding
         * @return this builder
         */
        public Builder addEmbedding(Embedding embedding) {
            embeddings.add(Objects.requireNonNull(embedding, "embedding"));
            return this;
        }

        /**
         * Sets the token usage.
         *
         * @param value the usage
         * @return this builder
         */
        public Builder usage(Usage value) {
            this.usage = Objects.requireNonNull(value, "usage");
            return this;
        }

        /**
         * Appends a warning.
         *
         * @param warning what was dropped or approximated
         * @return this builder
         */
        public Builder addWarning(Warning warning) {
            warnings.add(Objects.requireNonNull(warning, "warning"));
            return this;
        }

        /**
         * Sets provider-specific values about the response.
         *
         * @param value the metadata
         * @return this builder
         */
        public Builder providerMetadata(ProviderMetadata value) {
            this.providerMetadata = Objects.requireNonNull(value, "providerMetadata");
            return this;
        }

        /**
         * Sets the model that answered.
         *
         * @param value the model id, or {@code null}
         * @return this builder
         */
        public Builder modelId(@Nullable String value) {
            this.modelId = value;
            return this;
        }

        /**
         * Builds the result, ordering the embeddings by input index.
         *
         * @return the result
         * @throws IllegalStateException if the indexes are not exactly 0 to n-1 (a missing or
         *     repeated input)
         */
        public EmbeddingResult build() {
            List<Embedding> sorted = new ArrayList<>(embeddings);
            sorted.sort(Comparator.comparingInt(Embedding::index));
            for (int i = 0; i < sorted.size(); i++) {
                if (sorted.get(i).index() != i) {
                    throw new IllegalStateException("embedding indexes must be 0.." + (sorted.size() - 1)
                            + " but were " + sorted.stream().map(Embedding::index).toList());
                }
            }
            return new EmbeddingResult(this, sorted);
        }
    }
}
