package dev.ditto.gateway.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import dev.ditto.control.Outcome;
import dev.ditto.testing.ClientAnswer;
import dev.ditto.testing.FakeUpstream;
import dev.ditto.testing.Fixtures;
import dev.ditto.testing.GatewayServer;
import dev.ditto.testing.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * openai-java, pointed at the gateway with nothing changed but the base URL, on every JSON route
 * that an OpenAI deployment serves by passthrough: Chat (whole and streamed), embeddings and
 * Responses (whole and streamed). The client parses the upstream's own bytes, so these show that
 * nothing the gateway adds or leaves out breaks the official client.
 */
class PassthroughClientsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String CHAT_CHUNKS = "openai-chat/openai-text.chunks.txt";
    private static final String RESPONSES = "openai-responses/openai-web-search-tool.1";

    private FakeUpstream upstream;
    private GatewayServer gateway;
    private OpenAIClient client;

    @BeforeEach
    void start() throws Exception {
        upstream = FakeUpstream.start();
        gateway = GatewayServer.start("""
                model_list:
                  - {model_name: gpt, litellm_params: {model: openai/gpt-4.1-nano, api_base: "%1$s/openai/v1", api_key: sk-o}}
                  - {model_name: small, litellm_params: {model: openai/text-embedding-3-small, api_base: "%1$s/openai/v1", api_key: sk-o}}
                """.formatted(upstream.baseUri()));
        client = OpenAIOkHttpClient.builder().baseUrl(gateway.baseUri() + "/v1").apiKey("sk-client").maxRetries(0).build();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        gateway.close();
        upstream.close();
    }

    private static ChatCompletionCreateParams.Builder chat() {
        return ChatCompletionCreateParams.builder().model("gpt").addUserMessage("Invent a holiday");
    }

    @Test
    void chatCompletion() {
        upstream.on("POST", "/openai/v1/chat/completions").enqueue(Reply.fixture("openai-chat/openai-text.json"));
        JsonNode recorded = ClientAnswer.parse(Fixtures.text("openai-chat/openai-text.json"));

        ChatCompletion completion = client.chat().completions().create(chat().build());

        assertThat(completion.id()).isEqualTo(recorded.path("id").asText());
        assertThat(completion.model()).isEqualTo(recorded.path("model").asText());
        assertThat(completion.choices().get(0).message().content()).contains(recorded.at("/choices/0/message/content").asText());
        assertThat(upstream.awaitRequest(1, TIMEOUT).bodyJson().path("model").asText()).isEqualTo("gpt-4.1-nano");
    }

    @Test
    void chatStreamWithAndWithoutUsage() {
        upstream.on("POST", "/openai/v1/chat/completions").enqueue(Reply.fixture(CHAT_CHUNKS), Reply.fixture(CHAT_CHUNKS));
        StringBuilder expected = new StringBuilder();
        for (String payload : Fixtures.payloads(CHAT_CHUNKS)) {
            expected.append(ClientAnswer.parse(payload).at("/choices/0/delta/content").asText(""));
        }

        ChatCompletion withUsage = accumulate(chat().streamOptions(ChatCompletionStreamOptions.builder()
                .includeUsage(true).build()).build());
        ChatCompletion withoutUsage = accumulate(chat().build());

        assertThat(withUsage.choices().get(0).message().content()).contains(expected.toString());
        assertThat(withUsage.usage()).hasValueSatisfying(usage -> assertThat(usage.completionTokens()).isEqualTo(300));
        assertThat(withoutUsage.choices().get(0).message().content()).contains(expected.toString());
        assertThat(withoutUsage.usage()).isEmpty();
        assertThat(gateway.awaitRecorded(2, TIMEOUT)).allSatisfy(record ->
                assertThat(record.outcome().usage().output().total()).isEqualTo(300));
    }

    private ChatCompletion accumulate(ChatCompletionCreateParams params) {
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
            stream.stream().forEach(accumulator::accumulate);
        }
        return accumulator.chatCompletion();
    }

    @Test
    void embeddings() {
        upstream.on("POST", "/openai/v1/embeddings").enqueue(Reply.fixture("openai-embedding/openai-embedding.json"));
        JsonNode recorded = ClientAnswer.parse(Fixtures.text("openai-embedding/openai-embedding.json"));

        CreateEmbeddingResponse response = client.embeddings().create(EmbeddingCreateParams.builder()
                .model("small").inputOfArrayOfStrings(List.of("sunny day at the beach", "rainy day in the city")).build());

        assertThat(response.data()).hasSize(recorded.path("data").size());
        assertThat(response.data().get(1).embedding().get(0)).isEqualTo((float) recorded.at("/data/1/embedding/0").asDouble());
        JsonNode sent = upstream.awaitRequest(1, TIMEOUT).bodyJson();
        assertThat(sent.path("model").asText()).isEqualTo("text-embedding-3-small");
        assertThat(sent.path("encoding_format").asText()).isEqualTo("base64");
        assertThat(gateway.awaitRecorded(1, TIMEOUT).get(0).outcome().usage().input().total())
                .isEqualTo(recorded.at("/usage/prompt_tokens").asLong());
    }

    @Test
    void responses() {
        upstream.on("POST", "/openai/v1/responses").enqueue(Reply.fixture(RESPONSES + ".json"));
        JsonNode recorded = ClientAnswer.parse(Fixtures.text(RESPONSES + ".json"));

        Response response = client.responses().create(ResponseCreateParams.builder().model("gpt").input("hello").build());

        assertThat(response.id()).isEqualTo(recorded.path("id").asText());
        assertThat(response.output()).hasSize(recorded.path("output").size());
        Outcome outcome = gateway.awaitRecorded(1, TIMEOUT).get(0).outcome();
        assertThat(outcome.usage().input().total()).isEqualTo(recorded.at("/usage/input_tokens").asLong());
        assertThat(outcome.usage().output().reasoning()).isEqualTo(recorded.at("/usage/output_tokens_details/reasoning_tokens").asLong());
    }

    @Test
    void responsesStream() {
        upstream.on("POST", "/openai/v1/responses").enqueue(Reply.fixture(RESPONSES + ".chunks.txt"));
        List<String> payloads = Fixtures.payloads(RESPONSES + ".chunks.txt");
        JsonNode completed = ClientAnswer.parse(payloads.get(payloads.size() - 1));

        List<ResponseStreamEvent> events = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(
                ResponseCreateParams.builder().model("gpt").input("hello").build())) {
            stream.stream().forEach(events::add);
        }

        assertThat(events).hasSize(payloads.size());
        assertThat(ClientAnswer.terminal(events).id()).isEqualTo(completed.at("/response/id").asText());
        assertThat(completed.path("type").asText()).isEqualTo("response.completed");
        assertThat(upstream.awaitRequest(1, TIMEOUT).bodyJson().has("stream_options")).isFalse();
        Outcome outcome = gateway.awaitRecorded(1, TIMEOUT).get(0).outcome();
        assertThat(outcome.usage().output().total()).isEqualTo(completed.at("/response/usage/output_tokens").asLong());
    }
}
