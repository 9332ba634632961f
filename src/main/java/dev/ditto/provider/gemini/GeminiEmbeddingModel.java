package dev.ditto.provider.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ditto.sdk.EmbeddingModel;
import dev.ditto.sdk.EmbeddingRequest;
import dev.ditto.sdk.EmbeddingResult;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.SdkException;
import dev.ditto.sdk.UnexpectedResponseException;
import dev.ditto.sdk.Usage;
import dev.ditto.sdk.http.TransportRequest;
import dev.ditto.sdk.http.TransportResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A Gemini embedding model called through {@code batchEmbedContents}. Requests with more than
 * {@value GeminiEmbeddingMapper#MAX_BATCH} texts are split into calls made one after the other
 * (parallel calls would only meet the per-minute quota sooner); the vectors come back in input
 * order.
 *
 * <p>Thread-safe; get instances from {@link GeminiProvider#embeddingModel(String)}.
 *
 * <pre>{@code
 * EmbeddingModel model = gemini.embeddingModel("gemini-embedding-001");
 * float[] vector = model.embed("a sentence").vector();
 * }</pre>
 */
public final class GeminiEmbeddingModel implements EmbeddingModel {

    private final GeminiProvider provider;
    private final String modelId;

    GeminiEmbeddingModel(GeminiProvider provider, String modelId) {
        this.provider = provider;
        this.modelId = modelId;
    }

    @Override
    public String provider() {
        return GeminiProvider.NAME;
    }

    @Override
    public String modelId() {
        return modelId;
    }

    @Override
    public CompletableFuture<EmbeddingResult> embedAsync(EmbeddingRequest request) {
        ErrorDetails details = ErrorDetails.of(GeminiProvider.NAME, modelId);
        GeminiEmbeddingMapper.Settings settings;
        try {
            settings = GeminiEmbeddingMapper.settings(request, details);
        } catch (SdkException e) {
            return CompletableFuture.failedFuture(e);
        }
        Batches batches = new Batches(request.inputs(), settings, details);
        batches.next(0);
        return batches.result;
    }

    @Override
    public String toString() {
        return "GeminiEmbeddingModel[" + modelId + "]";
    }

    /** The calls of one request, made in sequence; cancelling the result ends the call in flight. */
    private final class Batches {

        private final List<String> inputs;
        private final GeminiEmbeddingMapper.Settings settings;
        private final ErrorDetails details;
        private final List<GeminiEmbeddingMapper.Batch> done = new ArrayList<>();
        private final AtomicReference<CompletableFuture<TransportResponse>> inFlight = new AtomicReference<>();
        private final CompletableFuture<EmbeddingResult> result = new CompletableFuture<>();

        private Batches(List<String> inputs, GeminiEmbeddingMapper.Settings settings, ErrorDetails details) {
            this.inputs = inputs;
            this.settings = settings;
            this.details = details;
            result.whenComplete((value, failure) -> {
                CompletableFuture<TransportResponse> exchange = inFlight.get();
                if (exchange != null) {
                    exchange.cancel(true);
                }
            });
        }

        private void next(int offset) {
            if (result.isDone()) {
                return;
            }
            if (offset >= inputs.size()) {
                result.complete(combine());
                return;
            }
            List<String> texts = inputs.subList(offset, Math.min(inputs.size(), offset + GeminiEmbeddingMapper.MAX_BATCH));
            CompletableFuture<TransportResponse> exchange;
            try {
                exchange = provider.transport().send(call(texts));
            } catch (SdkException e) {
                result.completeExceptionally(e);
                return;
            }
            inFlight.set(exchange);
            if (result.isDone()) {
                exchange.cancel(true);
                return;
            }
            exchange.whenComplete((response, failure) -> {
                if (failure != null) {
                    result.completeExceptionally(provider.refine(failure));
                    return;
                }
                try {
                    done.add(GeminiEmbeddingMapper.read(response.bodyStream(), offset, texts.size(), details));
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                    return;
                }
                next(offset + texts.size());
            });
        }

        private TransportRequest call(List<String> texts) {
            try {
                String json = GeminiWire.JSON.writeValueAsString(GeminiEmbeddingMapper.body(modelId, texts, settings));
                return provider.request(modelId, "batchEmbedContents", false, json);
            } catch (JsonProcessingException e) {
                throw new UnexpectedResponseException("could not write the Gemini request: " + e.getMessage(), details, e);
            }
        }

        private EmbeddingResult combine() {
            EmbeddingResult.Builder combined = EmbeddingResult.builder().modelId(modelId);
            Long tokens = 0L;
            for (GeminiEmbeddingMapper.Batch batch : done) {
                batch.embeddings().forEach(combined::addEmbedding);
                tokens = tokens == null || batch.promptTokens() == null ? null : tokens + batch.promptTokens();
            }
            settings.warnings().forEach(combined::addWarning);
            return combined.usage(tokens == null ? Usage.empty() : Usage.builder().inputTokens(tokens).build()).build();
        }
    }
}
