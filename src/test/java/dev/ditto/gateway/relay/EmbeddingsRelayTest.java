package dev.ditto.gateway.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.ditto.testing.CapturedRequest;
import dev.ditto.testing.FakeUpstream;
import dev.ditto.testing.Fixtures;
import dev.ditto.testing.GatewayServer;
import dev.ditto.testing.Reply;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** /v1/embeddings translated through the adapters, read by openai-java (which asks for base64 vectors). */
class EmbeddingsRelayTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private FakeUpstream upstream;
    private GatewayServer gateway;
    private OpenAIClient client;

    @BeforeEach
    void start() throws Exception {
        upstream = FakeUpstream.start();
        gateway = GatewayServer.start("""
                model_list:
                  - {model_name: small, litellm_params: {model: openai/text-embedding-3-small, api_base: "%1$s/openai/v1", api_key: sk-o, ditto_mode: translate}}
                  - {model_name: gecko, litellm_params: {model: gemini/gemini-embedding-001, api_base: "%1$s/gemini/v1beta", api_key: g-k}}
                """.formatted(upstream.baseUri()));
        client = OpenAIOkHttpClient.builder().baseUrl(gateway.baseUri() + "/v1").apiKey("sk-client").maxRetries(0).build();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        gateway.close();
        upstream.close();
    }

    @Test
    void openAiVectorsSurviveTheBase64RoundTrip() throws Exception {
        upstream.on("POST", "/openai/v1/embeddings").enqueue(Reply.fixture("openai-embedding/openai-embedding.json"));
        JsonNode recorded = JSON.readTree(Fixtures.text("openai-embedding/openai-embedding.json"));

        CreateEmbeddingResponse response = client.embeddings().create(EmbeddingCreateParams.builder()
                .model("small").inputOfArrayOfStrings(List.of("sunny day at the beach", "rainy day in the city")).build());

        assertThat(response.data()).hasSize(recorded.path("data").size());
        List<Float> first = response.data().get(0).embedding();
        JsonNode expected = recorded.at("/data/0/embedding");
        assertThat(first).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(first.get(i)).isEqualTo((float) expected.get(i).asDouble());
        }
        assertThat(response.usage().promptTokens()).isEqualTo(recorded.at("/usage/prompt_tokens").asLong());
        assertThat(upstream.awaitRequest(1, TIMEOUT).bodyJson().path("model").asText()).isEqualTo("text-embedding-3-small");
    }

    @Test
    void geminiEmbeddingsComeBackInOpenAiShape() throws Exception {
        upstream.onPrefix("POST", "/gemini/v1beta/models/").enqueue(Reply.json(
                "{\"embeddings\":[{\"values\":[0.25,-0.5,1.0]},{\"values\":[0.125,0.0,-1.0]}]}"));

        HttpResponse<String> response = gateway.postJson("/v1/embeddings",
                "{\"model\":\"gecko\",\"input\":[\"a\",\"b\"],\"encoding_format\":\"float\"}");

        JsonNode body = JSON.readTree(response.body());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue(Answers.PROVIDER_HEADER)).contains("gemini");
        assertThat(body.at("/data/1/index").asInt()).isEqualTo(1);
        assertThat(body.at("/data/0/embedding/1").asDouble()).isEqualTo(-0.5);
        assertThat(body.at("/data/1/embedding/2").asDouble()).isEqualTo(-1.0);
        CapturedRequest sent = upstream.awaitRequest(1, TIMEOUT);
        assertThat(sent.path()).endsWith(":batchEmbedContents");
        assertThat(sent.header("x-goog-api-key")).contains("g-k");
    }

    @Test
    void badRequestsNameTheParameter() throws Exception {
        HttpResponse<String> tokens = gateway.postJson("/v1/embeddings", "{\"model\":\"small\",\"input\":[[1,2,3]]}");
        HttpResponse<String> unknown = gateway.postJson("/v1/embeddings", "{\"model\":\"small\",\"input\":\"x\",\"foo\":1}");
        HttpResponse<String> noModel = gateway.postJson("/v1/embeddings", "{\"model\":\"nope\",\"input\":\"x\"}");

        assertThat(tokens.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(tokens.body()).at("/error/param").asText()).isEqualTo("input");
        assertThat(JSON.readTree(unknown.body()).at("/error/param").asText()).isEqualTo("foo");
        assertThat(noModel.statusCode()).isEqualTo(404);
        assertThat(upstream.requestCount()).isZero();
    }
}
