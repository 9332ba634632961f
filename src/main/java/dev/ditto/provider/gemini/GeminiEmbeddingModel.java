package dev.ditto.provider.gemini;

import dev.ditto.sdk.EmbeddingModel;
import dev.ditto.sdk.EmbeddingRequest;
import dev.ditto.sdk.EmbeddingResult;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.SdkException;
import dev.ditto.sdk.Usage;
import dev.ditto.sdk.http.TransportRequest;
import dev.ditto.sdk.http.TransportResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A Gemini embedding model called through {@code batchEmbedContents}. Requests with more than
 * {@value GeminiEmbeddingMapper#MAX_BATCH} texts are split into several calls, sent concurrently,
 * and the vectors come back in input order.
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
        List<CompletableFuture<TransportResponse>> sent = new ArrayList<>();
        List<CompletableFuture<GeminiEmbeddingMapper.Batch>> batches = new ArrayList<>();
        try {
            settings = GeminiEmbeddingMapper.settings(request, details);
            List<String> inputs = request.inputs();
            for (int offset = 0; offset < inputs.size(); offset += GeminiEmbeddingMapper.MAX_BATCH) {
                List<String> texts = inputs.subList(offset, Math.min(inputs.size(), offset + GeminiEmbeddingMapper.MAX_BATCH));
                String json = GeminiWire.JSON.writeValueAsString(GeminiEmbeddingMapper.body(modelId, texts, settings));
                TransportRequest call = provider.request(modelId, "batchEmbedContents", false, json);
                CompletableFuture<TransportResponse> exchange = provider.transport().send(call);
                int first = offset;
                sent.add(exchange);
                batches.add(exchange.thenApply(response ->
                        GeminiEmbeddingMapper.read(response.bodyStream(), first, texts.size(), details)));
            }
        } catch (SdkException e) {
            sent.forEach(exchange -> exchange.cancel(true));
            return CompletableFuture.failedFuture(e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            sent.forEach(exchange -> exchange.cancel(true));
            return CompletableFuture.failedFuture(new IllegalStateException("could not write the request", e));
        }
        CompletableFuture<EmbeddingResult> result = new CompletableFuture<>();
        CompletableFuture.allOf(batches.toArray(CompletableFuture[]::new)).whenComplete((ignored, failure) -> {
            if (failure != null) {
                result.completeExceptionally(provider.refine(failure));
            } else {
                result.complete(combine(batches, settings));
            }
        });
        // A failed batch or a cancelled result ends the other exchanges.
        result.whenComplete((value, failure) -> sent.forEach(exchange -> exchange.cancel(true)));
        return result;
    }

    private EmbeddingResult combine(List<CompletableFuture<GeminiEmbeddingMapper.Batch>> batches,
            GeminiEmbeddingMapper.Settings settings) {
        EmbeddingResult.Builder result = EmbeddingResult.builder().modelId(modelId);
        Long tokens = 0L;
        for (CompletableFuture<GeminiEmbeddingMapper.Batch> batch : batches) {
            GeminiEmbeddingMapper.Batch done = batch.join();
            done.embeddings().forEach(result::addEmbedding);
            tokens = tokens == null || done.promptTokens() == null ? null : tokens + done.promptTokens();
        }
        settings.warnings().forEach(result::addWarning);
        return result.usage(tokens == null ? Usage.empty() : Usage.builder().inputTokens(tokens).build()).build();
    }

    @Override
    public String toString() {
        return "GeminiEmbeddingModel[" + modelId + "]";
    }
}
