package dev.ditto.provider.openai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The request and response bodies of {@code POST /embeddings}. */
final class EmbeddingWire {

    private EmbeddingWire() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Request(String model, List<String> input, @Nullable Integer dimensions, @Nullable String user,
            @JsonProperty("encoding_format") String encodingFormat) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Response(@Nullable List<Item> data, @Nullable String model, @Nullable JsonNode usage) {
    }

    /** One vector: a JSON array of floats, or base64 little-endian floats when asked for. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Item(int index, JsonNode embedding) {
    }
}
