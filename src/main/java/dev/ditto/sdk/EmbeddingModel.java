package dev.ditto.sdk;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * An embedding model at one provider: turns texts into vectors.
 *
 * <p>Implementations are thread-safe and share their provider configuration's HTTP client.
 *
 * <pre>{@code
 * EmbeddingResult result = model.embed(List.of("first text", "second text"));
 * float[] first = result.embeddings().get(0).vector();
 * }</pre>
 */
public interface EmbeddingModel {

    /**
     * Returns the provider this model is served by.
     *
     * @return the provider name
     */
    String provider();

    /**
     * Returns the model id sent to the provider, such as {@code text-embedding-3-small}.
     *
     * @return the model id
     */
    String modelId();

    /**
     * Embeds the request's inputs without blocking the calling thread. Cancelling the future
     * cancels the HTTP exchange.
     *
     * @param request the request
     * @return a future completed with one embedding per input, or exceptionally with an
     *     {@link SdkException}
     */
    CompletableFuture<EmbeddingResult> embedAsync(EmbeddingRequest request);

    /**
     * Embeds the request's inputs, blocking until the vectors arrive.
     *
     * @param request the request
     * @return one embedding per input, in input order
     * @throws SdkException if the call fails
     * @throws RequestInterruptedException if the thread is interrupted while waiting
     */
    default EmbeddingResult embed(EmbeddingRequest request) {
        return Futures.join(embedAsync(request), provider(), modelId());
    }

    /**
     * Embeds texts with default settings, blocking until the vectors arrive.
     *
     * @param inputs the texts, at least one
     * @return one embedding per input, in input order
     * @throws SdkException if the call fails
     */
    default EmbeddingResult embed(List<String> inputs) {
        return embed(EmbeddingRequest.of(inputs));
    }

    /**
     * Embeds one text with default settings, blocking until the vector arrives.
     *
     * @param input the text
     * @return the embedding
     * @throws SdkException if the call fails
     */
    default Embedding embed(String input) {
        return embed(List.of(input)).embeddings().get(0);
    }
}
