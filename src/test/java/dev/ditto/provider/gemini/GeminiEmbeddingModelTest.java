package dev.ditto.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.EmbeddingRequest;
import dev.ditto.sdk.EmbeddingResult;
import dev.ditto.sdk.Embedding;
import dev.ditto.sdk.RateLimitedException;
import dev.ditto.sdk.UnexpectedResponseException;
import dev.ditto.sdk.Warning;
import dev.ditto.testing.CapturedRequest;
import dev.ditto.testing.FakeUpstream;
import dev.ditto.testing.Fixtures;
import dev.ditto.testing.Reply;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code batchEmbedContents} over real HTTP against the fake upstream. */
class GeminiEmbeddingModelTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = "gemini-embedding-001";
    private static final String PATH = "/v1beta/models/" + MODEL + ":batchEmbedContents";

    private FakeUpstream upstream;
    private GeminiProvider provider;
    private GeminiEmbeddingModel model;

    @BeforeEach
    void start() {
        upstream = FakeUpstream.start();
        provider = GeminiProvider.builder().apiKey("test-key").baseUrl(upstream.uri("/v1beta")).build();
        model = provider.embeddingModel(MODEL);
    }

    @AfterEach
    void stop() {
        provider.close();
        upstream.close();
    }

    private static String vectors(int count, float first) {
        return "{\"embeddings\":[" + String.join(",", IntStream.range(0, count)
                .mapToObj(i -> "{\"values\":[" + (first + i) + ",0.5]}").toList()) + "]}";
    }

    @Test
    void embedsTextsAndSendsTheBatchRequest() throws Exception {
        upstream.on("POST", PATH).enqueue(Reply.json(vectors(2, 1)));
        EmbeddingRequest request = EmbeddingRequest.builder().inputs(List.of("first", "second")).dimensions(2)
                .providerOptions("gemini", (ObjectNode) JSON.readTree("{\"taskType\":\"RETRIEVAL_DOCUMENT\",\"colour\":1}"))
                .build();

        EmbeddingResult result = model.embed(request);

        CapturedRequest sent = upstream.awaitRequest(1, Streams.TIMEOUT);
        assertThat(sent.header("x-goog-api-key")).hasValue("test-key");
        JsonNode requests = sent.bodyJson().get("requests");
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1)).isEqualTo(JSON.readTree("{\"model\":\"models/" + MODEL + "\",\"content\":{\"parts\":"
                + "[{\"text\":\"second\"}]},\"taskType\":\"RETRIEVAL_DOCUMENT\",\"outputDimensionality\":2}"));
        assertThat(result.embeddings()).extracting(Embedding::index).containsExactly(0, 1);
        assertThat(result.embeddings().get(1).vector()).containsExactly(2f, 0.5f);
        assertThat(result.warnings()).extracting(Warning::setting).containsExactly("providerOptions.gemini.colour");
        assertThat(result.modelId()).isEqualTo(MODEL);
    }

    @Test
    void splitsMoreThanOneHundredTextsIntoSuccessiveCalls() {
        upstream.on("POST", PATH).enqueue(Reply.json(vectors(100, 0)), Reply.json(vectors(50, 100)));
        List<String> texts = IntStream.range(0, 150).mapToObj(i -> "text " + i).toList();

        EmbeddingResult result = model.embed(texts);

        assertThat(upstream.awaitRequest(1, Streams.TIMEOUT).bodyJson().get("requests")).hasSize(100);
        JsonNode second = upstream.awaitRequest(2, Streams.TIMEOUT).bodyJson().get("requests");
        assertThat(second).hasSize(50);
        assertThat(second.at("/0/content/parts/0/text").asText()).isEqualTo("text 100");
        assertThat(result.embeddings()).hasSize(150);
        assertThat(result.embeddings().get(149).get(0)).isEqualTo(149f);
    }

    @Test
    void failsOnErrorsAndOnAMissingVector() {
        upstream.on("POST", PATH).enqueue(Reply.json(429, Fixtures.text("google-gemini/google-429-retry-info.json")),
                Reply.json(vectors(1, 0)));

        assertThatThrownBy(() -> model.embed(List.of("a"))).isInstanceOfSatisfying(RateLimitedException.class,
                e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(34_400)));
        assertThatThrownBy(() -> model.embed(List.of("a", "b"))).isInstanceOf(UnexpectedResponseException.class)
                .hasMessageContaining("1 embeddings for 2 inputs");
    }
}
