package dev.ditto.provider.openai;

import org.junit.jupiter.api.AfterAll;
import dev.ditto.sdk.http.HttpTransport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.sdk.ContentFilteredException;
import dev.ditto.sdk.EmbeddingResult;
import dev.ditto.sdk.LanguageModelRequest;
import dev.ditto.sdk.LanguageModelResult;
import dev.ditto.sdk.message.Message;
import dev.ditto.testing.CapturedRequest;
import dev.ditto.testing.CollectedStream;
import dev.ditto.testing.FakeUpstream;
import dev.ditto.testing.Reply;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Azure OpenAI: deployment URLs with api-version, the api-key header, OpenAI's bodies. */
class AzureOpenAiProviderTest {

    private static final HttpTransport TRANSPORT = OpenAiTesting.transport();

    @AfterAll
    static void closeTransport() {
        TRANSPORT.close();
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    private FakeUpstream upstream;
    private AzureOpenAiProvider azure;

    @BeforeEach
    void start() {
        upstream = FakeUpstream.start();
        azure = AzureOpenAiProvider.builder().baseUrl(upstream.uri("/")).apiKey("azure-key")
                .apiVersion("2025-01-01-preview").transport(TRANSPORT).build();
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    @Test
    void chatGoesToTheDeploymentWithApiVersionAndApiKey() {
        upstream.on("POST", "/openai/deployments/my-gpt/chat/completions").enqueue(Reply.fixture("openai-chat/openai-text.json"));
        LanguageModelRequest request = LanguageModelRequest.builder().message(Message.user("Hi"))
                .providerOptions("openai", JSON.createObjectNode().put("logprobs", true))
                .providerOptions("azure", JSON.createObjectNode().put("data_sources", "x"))
                .build();

        LanguageModelResult result = azure.languageModel("my-gpt").generate(request);

        CapturedRequest sent = upstream.awaitRequest(1, TIMEOUT);
        assertThat(sent.path()).isEqualTo("/openai/deployments/my-gpt/chat/completions");
        assertThat(sent.query()).hasValue("api-version=2025-01-01-preview");
        assertThat(sent.header("api-key")).hasValue("azure-key");
        assertThat(sent.header("authorization")).isEmpty();
        assertThat(sent.bodyJson().get("model").asText()).isEqualTo("my-gpt");
        assertThat(sent.bodyJson().get("logprobs").asBoolean()).isTrue();
        assertThat(sent.bodyJson().get("data_sources").asText()).isEqualTo("x");
        assertThat(result.text()).startsWith("**Holiday Name:** Galaxy Day");
        assertThat(azure.languageModel("my-gpt").provider()).isEqualTo("azure");
    }

    @Test
    void streamsFromTheDeployment() {
        upstream.on("POST", "/openai/deployments/my-gpt/chat/completions")
                .enqueue(Reply.fixture("openai-chat/openai-text.chunks.txt"));

        CollectedStream parts = CollectedStream.of(azure.languageModel("my-gpt").stream("Hi"));

        assertThat(parts.finish().usage().output().total()).isEqualTo(300);
        assertThat(upstream.awaitRequest(1, TIMEOUT).bodyJson().at("/stream_options/include_usage").asBoolean()).isTrue();
    }

    @Test
    void embeddingsGoToTheDeployment() {
        upstream.on("POST", "/openai/deployments/embed/embeddings").enqueue(Reply.fixture("openai-embedding/openai-embedding.json"));

        EmbeddingResult result = azure.embeddingModel("embed").embed(List.of("a", "b"));

        CapturedRequest sent = upstream.awaitRequest(1, TIMEOUT);
        assertThat(sent.query()).hasValue("api-version=2025-01-01-preview");
        assertThat(sent.header("api-key")).hasValue("azure-key");
        assertThat(result.embeddings()).hasSize(2);
    }

    @Test
    void contentFilterRejectionsKeepAzuresRequestId() {
        upstream.on("POST", "/openai/deployments/my-gpt/chat/completions").enqueue(Reply.json(400,
                "{\"error\":{\"message\":\"The response was filtered due to the prompt triggering Azure OpenAI's content "
                        + "management policy.\",\"type\":null,\"param\":\"prompt\",\"code\":\"content_filter\",\"status\":400,"
                        + "\"innererror\":{\"code\":\"ResponsibleAIPolicyViolation\"}}}").toBuilder()
                .header("apim-request-id", "apim-1").build());

        assertThatThrownBy(() -> azure.languageModel("my-gpt").generate("bad"))
                .isInstanceOfSatisfying(ContentFilteredException.class, e -> {
                    assertThat(e.upstreamRequestId()).isEqualTo("apim-1");
                    assertThat(e.provider()).isEqualTo("azure");
                    assertThat(e.model()).isEqualTo("my-gpt");
                });
    }

    @Test
    void needsABaseUrl() {
        assertThatThrownBy(() -> AzureOpenAiProvider.builder().apiKey("k").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("api_base");
    }
}
