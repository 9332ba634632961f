package dev.ditto.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.Embedding;
import dev.ditto.sdk.EmbeddingModel;
import dev.ditto.sdk.EmbeddingRequest;
import dev.ditto.sdk.EmbeddingResult;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.UnexpectedResponseException;
import dev.ditto.sdk.Usage;
import dev.ditto.sdk.Warning;
import dev.ditto.sdk.http.TransportRequest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * An embedding model behind {@code POST /embeddings} (OpenAI, Azure deployments and compatible
 * servers). Vectors are requested as floats; {@code dimensions} and {@code user} are sent, and the
 * provider's options under its name are copied into the body.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * <pre>{@code
 * EmbeddingModel model = OpenAiProvider.builder().apiKey(key).build().embeddingModel("text-embedding-3-small");
 * EmbeddingResult result = model.embed(List.of("sunny day", "rainy day"));
 * }</pre>
 */
public final class OpenAiEmbeddingModel implements EmbeddingModel {

    private final OpenAiClient client;
    private final String modelId;

    OpenAiEmbeddingModel(OpenAiClient client, String modelId) {
        this.client = client;
        this.modelId = modelId;
    }

    @Override
    public String provider() {
        return client.provider();
    }

    @Override
    public String modelId() {
        return modelId;
    }

    @Override
    public CompletableFuture<EmbeddingResult> embedAsync(EmbeddingRequest request) {
        List<Warning> warnings = new ArrayList<>();
        ObjectNode body = WireJson.tree(new EmbeddingWire.Request(modelId, request.inputs(), request.dimensions(),
                request.user(), "float"));
        client.mergeOptions(body, request::providerOptions, warnings);
        ErrorDetails details = client.details(modelId);
        TransportRequest http = client.post(modelId, OpenAiClient.EMBEDDINGS_PATH, body);
        return AsyncCalls.map(client.transport().send(http), response -> result(
                WireJson.read(response.bodyStream(), EmbeddingWire.Response.class, details), warnings, details));
    }

    private static EmbeddingResult result(EmbeddingWire.Response response, List<Warning> warnings, ErrorDetails details) {
        EmbeddingResult.Builder result = EmbeddingResult.builder().modelId(response.model());
        if (response.data() == null) {
            throw new UnexpectedResponseException("the embeddings response has no data", details);
        }
        for (EmbeddingWire.Item item : response.data()) {
            result.addEmbedding(Embedding.of(item.index(), vector(item.embedding(), details)));
        }
        JsonNode usage = response.usage();
        if (usage != null && usage.isObject()) {
            result.usage(Usage.builder().inputTokens(WireJson.count(usage, "prompt_tokens"))
                    .totalTokens(WireJson.count(usage, "total_tokens")).raw(usage).build());
        }
        warnings.forEach(result::addWarning);
        try {
            return result.build();
        } catch (IllegalStateException e) {
            throw new UnexpectedResponseException(e.getMessage(), details, e);
        }
    }

    private static float[] vector(JsonNode embedding, ErrorDetails details) {
        if (embedding.isTextual()) {
            ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(embedding.asText())).order(ByteOrder.LITTLE_ENDIAN);
            float[] vector = new float[bytes.remaining() / Float.BYTES];
            bytes.asFloatBuffer().get(vector);
            return vector;
        }
        if (!embedding.isArray() || embedding.isEmpty()) {
            throw new UnexpectedResponseException("an embedding is not a non-empty array of numbers", details);
        }
        float[] vector = new float[embedding.size()];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = (float) embedding.get(i).asDouble();
        }
        return vector;
    }

    @Override
    public String toString() {
        return "OpenAiEmbeddingModel[provider=" + client.provider() + ", model=" + modelId + "]";
    }
}
