package dev.ditto.gateway.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.Embedding;
import dev.ditto.sdk.EmbeddingRequest;
import dev.ditto.sdk.EmbeddingResult;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.InvalidParameterException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * OpenAI's embeddings wire format at the gateway's edge: {@code POST /v1/embeddings} requests to
 * the SDK's {@link EmbeddingRequest}, results back to {@code {"object":"list","data":[...]}},
 * as floats or, when asked, as base64 of little-endian float32 (what the OpenAI clients request
 * by default).
 */
final class EmbeddingsCodec {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KNOWN = Set.of("model", "input", "encoding_format", "dimensions", "user");

    /**
     * A decoded request.
     *
     * @param request the SDK request
     * @param model the model name the client asked for
     * @param base64 whether vectors go back as base64
     */
    record Decoded(EmbeddingRequest request, String model, boolean base64) {}

    private EmbeddingsCodec() {}

    static Decoded decode(ObjectNode body) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KNOWN.contains(name)) {
                throw invalid("Unrecognized request argument supplied: " + name, name, "unknown_parameter");
            }
        }
        JsonNode model = body.path("model");
        if (!model.isTextual() || model.asText().isBlank()) {
            throw invalid("'model' is required and must be a string.", "model", "missing_required_parameter");
        }
        EmbeddingRequest.Builder request = EmbeddingRequest.builder().inputs(inputs(body.path("input")));
        JsonNode dimensions = body.path("dimensions");
        if (!dimensions.isMissingNode() && !dimensions.isNull()) {
            if (!dimensions.isIntegralNumber() || dimensions.asInt() < 1) {
                throw invalid("'dimensions' must be a positive integer.", "dimensions", "invalid_value");
            }
            request.dimensions(dimensions.asInt());
        }
        if (body.path("user").isTextual()) {
            request.user(body.path("user").asText());
        }
        String format = body.path("encoding_format").asText("float");
        if (!format.equals("float") && !format.equals("base64")) {
            throw invalid("'encoding_format' must be 'float' or 'base64'.", "encoding_format", "invalid_value");
        }
        return new Decoded(request.build(), model.asText(), format.equals("base64"));
    }

    private static List<String> inputs(JsonNode input) {
        if (input.isTextual()) {
            return List.of(input.asText());
        }
        if (!input.isArray() || input.isEmpty()) {
            throw invalid("'input' must be a string or a non-empty array of strings.", "input", "invalid_value");
        }
        List<String> texts = new ArrayList<>(input.size());
        for (JsonNode item : input) {
            if (!item.isTextual()) {
                // Token arrays only mean something to the tokenizer of one model: not translatable.
                throw invalid("'input' must be text; token arrays are not supported by this gateway.", "input",
                        "invalid_value");
            }
            texts.add(item.asText());
        }
        return texts;
    }

    static ObjectNode encode(EmbeddingResult result, String model, boolean base64) {
        ObjectNode list = JSON.createObjectNode().put("object", "list");
        ArrayNode data = list.putArray("data");
        for (Embedding embedding : result.embeddings()) {
            ObjectNode item = data.addObject().put("object", "embedding").put("index", embedding.index());
            if (base64) {
                item.put("embedding", base64(embedding));
            } else {
                ArrayNode vector = item.putArray("embedding");
                for (int i = 0; i < embedding.dimensions(); i++) {
                    vector.add(embedding.get(i));
                }
            }
        }
        list.put("model", model);
        long input = result.usage().input().total() == null ? 0 : result.usage().input().total();
        list.putObject("usage").put("prompt_tokens", input).put("total_tokens", input);
        return list;
    }

    private static String base64(Embedding embedding) {
        ByteBuffer bytes = ByteBuffer.allocate(embedding.dimensions() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < embedding.dimensions(); i++) {
            bytes.putFloat(embedding.get(i));
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    private static InvalidParameterException invalid(String message, String param, String code) {
        return new InvalidParameterException(message, param, code, ErrorDetails.empty());
    }
}
