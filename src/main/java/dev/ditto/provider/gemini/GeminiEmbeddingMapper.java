package dev.ditto.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ditto.provider.gemini.GeminiOptions.JsonType;
import dev.ditto.provider.gemini.GeminiWire.BatchEmbedRequest;
import dev.ditto.provider.gemini.GeminiWire.BatchEmbedResponse;
import dev.ditto.provider.gemini.GeminiWire.Content;
import dev.ditto.provider.gemini.GeminiWire.ContentEmbedding;
import dev.ditto.provider.gemini.GeminiWire.EmbedContentRequest;
import dev.ditto.provider.gemini.GeminiWire.Part;
import dev.ditto.sdk.Embedding;
import dev.ditto.sdk.EmbeddingRequest;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.UnexpectedResponseException;
import dev.ditto.sdk.Warning;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Maps embedding requests to {@code batchEmbedContents} bodies (one {@code requests} entry per
 * text) and their answers back to embeddings. Provider options under {@code "gemini"}:
 * {@code taskType}, {@code title} and {@code outputDimensionality} (the request's
 * {@code dimensions} wins). Stateless and thread-safe.
 */
final class GeminiEmbeddingMapper {

    /** Google accepts at most this many requests in one batch call. */
    static final int MAX_BATCH = 100;

    static final Map<String, JsonType> OPTIONS = Map.of("taskType", JsonType.STRING, "title", JsonType.STRING,
            "outputDimensionality", JsonType.INTEGER);

    private GeminiEmbeddingMapper() {
    }

    /** The settings shared by every batch of one request. */
    record Settings(@Nullable String taskType, @Nullable String title, @Nullable Integer dimensions,
            List<Warning> warnings) {
    }

    /**
     * Reads the settings of a request.
     *
     * @param request the request
     * @param details the caller, for exceptions
     * @return the settings and warnings
     */
    static Settings settings(EmbeddingRequest request, ErrorDetails details) {
        List<Warning> warnings = new ArrayList<>();
        GeminiOptions options = GeminiOptions.read(request::providerOptions, OPTIONS, warnings, details);
        if (request.user() != null) {
            warnings.add(Warning.unsupportedSetting("user", "Gemini has no end-user id; it was not sent"));
        }
        JsonNode optionDimensions = options.get("outputDimensionality");
        Integer dimensions = request.dimensions() != null ? request.dimensions()
                : optionDimensions == null ? null : optionDimensions.asInt();
        return new Settings(options.text("taskType"), options.text("title"), dimensions, List.copyOf(warnings));
    }

    /**
     * Returns the body for some texts.
     *
     * @param modelId the model
     * @param texts the texts of one batch
     * @param settings the request's settings
     * @return the body
     */
    static BatchEmbedRequest body(String modelId, List<String> texts, Settings settings) {
        String model = GeminiProvider.modelPath(modelId);
        List<EmbedContentRequest> requests = texts.stream()
                .map(text -> new EmbedContentRequest(model, new Content(null, List.of(Part.text(text, null))),
                        settings.taskType(), settings.title(), settings.dimensions()))
                .toList();
        return new BatchEmbedRequest(requests);
    }

    /**
     * Reads the answer for one batch.
     *
     * @param body the JSON body
     * @param offset the input index of the batch's first text
     * @param count the number of texts in the batch
     * @param details the caller, for exceptions
     * @return the embeddings with their input indexes, and the prompt tokens if Google counted them
     * @throws UnexpectedResponseException if the body is malformed or holds another number of vectors
     */
    static Batch read(InputStream body, int offset, int count, ErrorDetails details) {
        BatchEmbedResponse response;
        try {
            response = GeminiWire.JSON.readValue(body, BatchEmbedResponse.class);
        } catch (IOException e) {
            throw new UnexpectedResponseException("Gemini answered the embedding call with malformed JSON: "
                    + e.getMessage(), details, e);
        }
        List<ContentEmbedding> vectors = response == null || response.embeddings() == null ? List.of()
                : response.embeddings();
        if (vectors.size() != count) {
            throw new UnexpectedResponseException("Gemini returned " + vectors.size() + " embeddings for "
                    + count + " inputs", details);
        }
        List<Embedding> embeddings = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[] values = vectors.get(i).values();
            if (values == null || values.length == 0) {
                throw new UnexpectedResponseException("Gemini returned an empty embedding for input " + (offset + i),
                        details);
            }
            embeddings.add(Embedding.of(offset + i, values));
        }
        JsonNode usage = response.usageMetadata();
        Long tokens = usage != null && usage.has("promptTokenCount") ? usage.get("promptTokenCount").asLong() : null;
        return new Batch(embeddings, tokens);
    }

    /** The embeddings of one batch and its prompt token count, if reported. */
    record Batch(List<Embedding> embeddings, @Nullable Long promptTokens) {
    }
}
