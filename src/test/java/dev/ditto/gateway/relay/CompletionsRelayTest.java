package dev.ditto.gateway.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionChoice;
import com.openai.models.completions.CompletionCreateParams;
import dev.ditto.control.Outcome;
import dev.ditto.testing.CapturedRequest;
import dev.ditto.testing.ClientAnswer;
import dev.ditto.testing.FakeUpstream;
import dev.ditto.testing.Fixtures;
import dev.ditto.testing.Framing;
import dev.ditto.testing.GatewayServer;
import dev.ditto.testing.RawSse;
import dev.ditto.testing.Reply;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code POST /v1/completions}: forwarded as it is to a legacy-completions OpenAI deployment, and
 * translated (one user message) for an Anthropic one; read by openai-java and as raw bytes.
 */
class CompletionsRelayTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHUNKS = "openai-completion/openai-completion-text.chunks.txt";
    private static final String ANTHROPIC_TEXT = "Hello! I'm doing well, thanks for asking. How are you doing today? "
            + "Is there anything I can help you with?";

    private FakeUpstream upstream;
    private GatewayServer gateway;
    private OpenAIClient client;
    /** openai-java's stream chunks are Completions whose finish_reason it requires, so it cannot validate real streams. */
    private OpenAIClient streamingClient;

    @BeforeEach
    void start() throws Exception {
        upstream = FakeUpstream.start();
        gateway = GatewayServer.start("""
                model_list:
                  - model_name: instruct
                    litellm_params: {model: text-completion-openai/gpt-3.5-turbo-instruct, api_base: "%1$s/openai/v1", api_key: sk-o}
                  - model_name: claude
                    litellm_params: {model: anthropic/claude-sonnet-4-5, api_base: "%1$s/anthropic/v1", api_key: sk-a}
                """.formatted(upstream.baseUri()));
        client = OpenAIOkHttpClient.builder().baseUrl(gateway.baseUri() + "/v1").apiKey("sk-client").maxRetries(0)
                .responseValidation(true).build();
        streamingClient = OpenAIOkHttpClient.builder().baseUrl(gateway.baseUri() + "/v1").apiKey("sk-client")
                .maxRetries(0).build();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        streamingClient.close();
        gateway.close();
        upstream.close();
    }

    private static CompletionCreateParams params(String model) {
        return CompletionCreateParams.builder().model(model).prompt("Invent a holiday").maxTokens(16L).build();
    }

    private HttpResponse<byte[]> post(String body) throws Exception {
        return gateway.client().send(HttpRequest.newBuilder(gateway.uri("/completions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String streamedText(List<Completion> chunks) {
        StringBuilder text = new StringBuilder();
        chunks.forEach(chunk -> chunk.choices().forEach(choice -> text.append(choice.text())));
        return text.toString();
    }

    private List<Completion> stream(CompletionCreateParams params) {
        List<Completion> chunks = new ArrayList<>();
        try (StreamResponse<Completion> stream = streamingClient.completions().createStreaming(params)) {
            stream.stream().forEach(chunks::add);
        }
        return chunks;
    }

    @Test
    void passthroughRelaysTheUpstreamsCompletion() throws Exception {
        upstream.on("POST", "/openai/v1/completions").enqueue(Reply.fixture("openai-completion/openai-completion-text.json"));
        JsonNode recorded = JSON.readTree(Fixtures.text("openai-completion/openai-completion-text.json"));

        Completion completion = client.completions().create(params("instruct"));

        assertThat(completion.id()).isEqualTo(recorded.path("id").asText());
        assertThat(completion.choices().get(0).text()).isEqualTo(recorded.at("/choices/0/text").asText());
        CapturedRequest sent = upstream.awaitRequest(1, TIMEOUT);
        assertThat(sent.path()).isEqualTo("/openai/v1/completions");
        assertThat(sent.bodyJson().path("model").asText()).isEqualTo("gpt-3.5-turbo-instruct");
        assertThat(sent.bodyJson().path("prompt").asText()).isEqualTo("Invent a holiday");
        assertThat(gateway.awaitRecorded(1, TIMEOUT).get(0).outcome().usage().output().total()).isEqualTo(16);
    }

    @Test
    void passthroughStreamLeavesOutOnlyTheUsageChunkTheClientDidNotAskFor() throws Exception {
        upstream.on("POST", "/openai/v1/completions").enqueue(Reply.fixture(CHUNKS));
        List<String> payloads = Fixtures.payloads(CHUNKS);
        String body = "{\"model\":\"instruct\",\"prompt\":[\"Invent a holiday\"],\"max_tokens\":16,\"stream\":true}";

        HttpResponse<byte[]> response = post(body);

        assertThat(new String(RawSse.withoutKeepAlives(response.body()), StandardCharsets.UTF_8))
                .isEqualTo(String.join("", Framing.DATA_THEN_DONE.frame(payloads.subList(0, payloads.size() - 1))));
        ObjectNode expected = (ObjectNode) JSON.readTree(body);
        expected.put("model", "gpt-3.5-turbo-instruct").putObject("stream_options").put("include_usage", true);
        assertThat(upstream.awaitRequest(1, TIMEOUT).bodyJson()).isEqualTo(expected);
        Outcome outcome = gateway.awaitRecorded(1, TIMEOUT).get(0).outcome();
        assertThat(outcome.usage().input().total()).isEqualTo(14);
        assertThat(outcome.usage().output().total()).isEqualTo(16);
    }

    @Test
    void passthroughStreamReadByOpenAiJava() {
        upstream.on("POST", "/openai/v1/completions").enqueue(Reply.fixture(CHUNKS));
        StringBuilder expected = new StringBuilder();
        for (String payload : Fixtures.payloads(CHUNKS)) {
            expected.append(ClientAnswer.parse(payload).at("/choices/0/text").asText(""));
        }

        assertThat(streamedText(stream(params("instruct")))).isEqualTo(expected.toString());
    }

    @Test
    void translatedCompletionFromAnthropic() throws Exception {
        upstream.on("POST", "/anthropic/v1/messages").enqueue(Reply.fixture("anthropic-messages/anthropic-text.json"));

        Completion completion = client.completions().create(params("claude"));

        assertThat(completion.choices()).singleElement().satisfies(choice -> {
            assertThat(choice.text()).isEqualTo(ANTHROPIC_TEXT);
            assertThat(choice.finishReason()).isEqualTo(CompletionChoice.FinishReason.STOP);
        });
        assertThat(completion.model()).isEqualTo("claude");
        assertThat(completion.usage()).hasValueSatisfying(usage -> {
            assertThat(usage.promptTokens()).isEqualTo(12);
            assertThat(usage.completionTokens()).isEqualTo(29);
        });
        JsonNode sent = upstream.awaitRequest(1, TIMEOUT).bodyJson();
        assertThat(sent.at("/messages/0/role").asText()).isEqualTo("user");
        assertThat(sent.at("/messages/0/content").toString()).contains("Invent a holiday");
        assertThat(sent.path("max_tokens").asInt()).isEqualTo(16);
    }

    @Test
    void translatedStreamFromAnthropic() throws Exception {
        upstream.on("POST", "/anthropic/v1/messages").enqueue(Reply.fixture("anthropic-messages/anthropic-text.chunks.txt"));

        List<Completion> chunks = stream(params("claude").toBuilder()
                .streamOptions(ChatCompletionStreamOptions.builder()
                        .includeUsage(true).build()).build());

        StringBuilder expected = new StringBuilder();
        for (String payload : Fixtures.payloads("anthropic-messages/anthropic-text.chunks.txt")) {
            expected.append(ClientAnswer.parse(payload).at("/delta/text").asText(""));
        }
        assertThat(streamedText(chunks)).isEqualTo(expected.toString());
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.model()).isEqualTo("claude"));
        assertThat(chunks.get(chunks.size() - 1).usage()).hasValueSatisfying(usage ->
                assertThat(usage.completionTokens()).isEqualTo(30));
        assertThat(gateway.awaitRecorded(1, TIMEOUT).get(0).outcome().usage().output().total()).isEqualTo(30);
    }

    @Test
    void translatedRawStreamEndsWithDone() throws Exception {
        upstream.on("POST", "/anthropic/v1/messages").enqueue(Reply.fixture("anthropic-messages/anthropic-text.chunks.txt"));

        HttpResponse<byte[]> response = post("{\"model\":\"claude\",\"prompt\":\"hi\",\"stream\":true}");

        String events = new String(RawSse.withoutKeepAlives(response.body()), StandardCharsets.UTF_8);
        assertThat(response.headers().firstValue(Answers.PROVIDER_HEADER)).contains("anthropic");
        assertThat(events).contains("\"object\":\"text_completion\"").doesNotContain("\"usage\":{")
                .endsWith("data: [DONE]\n\n");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"model":"claude","prompt":"hi","n":2}                   | n
            {"model":"claude","prompt":["a","b"]}                    | prompt
            {"model":"claude","prompt":[1,2,3]}                      | prompt
            {"model":"claude","prompt":"hi","echo":true}             | echo
            {"model":"claude","prompt":"hi","frobnicate":1}          | frobnicate
            {"model":"claude"}                                       | prompt
            {"model":"claude","prompt":"hi","stream_options":{}}     | stream_options
            """)
    void badRequestsNameTheParameter(String body, String param) throws Exception {
        HttpResponse<byte[]> response = post(body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).at("/error/param").asText()).isEqualTo(param);
        assertThat(upstream.requestCount()).isZero();
    }
}
