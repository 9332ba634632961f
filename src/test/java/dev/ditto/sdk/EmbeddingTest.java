package dev.ditto.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class EmbeddingTest {

    @Test
    void copiesTheVectorSoTheEmbeddingStaysImmutable() {
        float[] vector = {1f, 2f};
        Embedding embedding = Embedding.of(0, vector);

        vector[0] = 9f;
        embedding.vector()[1] = 9f;

        assertThat(embedding.vector()).containsExactly(1f, 2f);
        assertThat(embedding.dimensions()).isEqualTo(2);
    }

    @Test
    void resultOrdersEmbeddingsByInputIndex() {
        EmbeddingResult result = EmbeddingResult.builder()
                .addEmbedding(Embedding.of(1, new float[] {1f})).addEmbedding(Embedding.of(0, new float[] {0f})).build();

        assertThat(result.embeddings()).extracting(Embedding::index).containsExactly(0, 1);
    }

    @Test
    void resultRejectsAMissingOrRepeatedIndex() {
        EmbeddingResult.Builder builder = EmbeddingResult.builder()
                .addEmbedding(Embedding.of(0, new float[] {0f})).addEmbedding(Embedding.of(2, new float[] {2f}));

        assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class)
                .hasMessage("embedding indexes must be 0..1 but were [0, 2]");
    }

    @Test
    void requestRejectsEmptyInputsQuotingTheIndex() {
        assertThatThrownBy(() -> EmbeddingRequest.of(List.of("a", "")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("input 1 of 2 is empty");
        assertThatThrownBy(() -> EmbeddingRequest.builder().build())
                .isInstanceOf(IllegalStateException.class).hasMessage("an embedding request needs at least one input");
        assertThatThrownBy(() -> EmbeddingRequest.builder().dimensions(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("dimensions must be at least 1 but was 0");
    }

    @Test
    void requestToBuilderRoundTrips() {
        EmbeddingRequest request = EmbeddingRequest.builder().inputs(List.of("a")).dimensions(256).user("u").build();

        assertThat(request.toBuilder().build()).isEqualTo(request);
    }
}
