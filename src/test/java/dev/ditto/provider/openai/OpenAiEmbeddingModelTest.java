package dev.ditto.provider.openai;

import org.junit.jupiter.api.AfterAll;
import dev.ditto.sdk.http.HttpTransport;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.sdk.EmbeddingRequest;
import dev.ditto.sdk.EmbeddingResult;
import dev.ditto.testing.FakeUpstream;
import dev.ditto.testing.Fixtures;
import dev.ditto.testing.Reply;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /embeddings}: the recorded response, the request body, and base64 vectors. */
class OpenAiEmbeddingModelTest {

    private static final HttpTransport TRANSPORT = OpenAiTesting.transport();

    @AfterAll
    static void closeTransport() {
        TRANSPORT.close();
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    private FakeUpstream upstream;
    private OpenAiEmbeddingModel model;

    @BeforeEach
    void start() {
        upstream = FakeUpstream.start();
        model = OpenAiProvider.builder().apiKey("sk-test").baseUrl(upstream.uri("/v1")).transport(TRANSPORT).build()
                .embeddingModel("text-embedding-3-small");
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    @Test
    void decodesTheRecordedEmbeddings() throws Exception {
        upstream.on("POST", "/v1/embeddings").enqueue(Reply.fixture("openai-embedding/openai-embedding.json"));
        JsonNode recorded = JSON.readTree(Fixtures.text("openai-embedding/openai-embedding.json"));

        EmbeddingResult result = model.embed(EmbeddingRequest.builder().inputs(List.of("sunny day", "rainy day"))
                .dimensions(5).user("u-1").providerOptions("openai", JSON.createObjectNode().put("extra", 1)).build());

        assertThat(result.embeddings()).hasSize(recorded.get("data").size());
        for (JsonNode item : recorded.get("data")) {
            float[] vector = result.embeddings().get(item.get("index").asInt()).vector();
            assertThat(vector).hasSize(item.get("embedding").size());
            for (int i = 0; i < vector.length; i++) {
                assertThat(vector[i]).isEqualTo((float) item.get("embedding").get(i).asDouble());
            }
        }
        assertThat(result.usage().input().total()).isEqualTo(recorded.at("/usage/prompt_tokens").asLong());
        assertThat(result.usage().totalTokens()).isEqualTo(recorded.at("/usage/total_tokens").asLong());
        assertThat(result.modelId()).isEqualTo(recorded.get("model").asText());
        JsonNode body = upstream.awaitRequest(1, TIMEOUT).bodyJson();
        assertThat(body).isEqualTo(JSON.readTree("{\"model\":\"text-embedding-3-small\",\"input\":[\"sunny day\",\"rainy day\"],"
                + "\"dimensions\":5,\"user\":\"u-1\",\"encoding_format\":\"float\",\"extra\":1}"));
    }

    @Test
    void decodesBase64VectorsAndOutOfOrderIndexes() {
        ByteBuffer bytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(0.5f).putFloat(-2f);
        String base64 = Base64.getEncoder().encodeToString(bytes.array());
        upstream.on("POST", "/v1/embeddings").enqueue(Reply.json("{\"data\":[{\"index\":1,\"embedding\":[3.0]},"
                + "{\"index\":0,\"embedding\":\"" + base64 + "\"}],\"model\":\"m\"}"));

        EmbeddingResult result = model.embed(List.of("a", "b"));

        assertThat(result.embeddings().get(0).vector()).containsExactly(0.5f, -2f);
        assertThat(result.embeddings().get(1).vector()).containsExactly(3.0f);
    }
}
