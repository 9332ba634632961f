package dev.ditto.provider.openai;

import org.junit.jupiter.api.AfterAll;
import dev.ditto.sdk.http.HttpTransport;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ditto.sdk.LanguageModelRequest;
import dev.ditto.sdk.LanguageModelResult;
import dev.ditto.sdk.Warning;
import dev.ditto.sdk.message.Message;
import dev.ditto.testing.ChatFixtureFacts;
import dev.ditto.testing.CollectedStream;
import dev.ditto.testing.FakeUpstream;
import dev.ditto.testing.Fixtures;
import dev.ditto.testing.Reply;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The legacy {@code POST /completions} API: both recordings, and the prompt it builds. */
class OpenAiCompletionLanguageModelTest {

    private static final HttpTransport TRANSPORT = OpenAiTesting.transport();

    @AfterAll
    static void closeTransport() {
        TRANSPORT.close();
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private FakeUpstream upstream;
    private OpenAiCompletionLanguageModel model;

    @BeforeEach
    void start() {
        upstream = FakeUpstream.start();
        model = OpenAiProvider.builder().apiKey("sk-test").baseUrl(upstream.uri("/v1")).transport(TRANSPORT).build()
                .completionModel("gpt-3.5-turbo-instruct");
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    @Test
    void decodesTheRecordedCompletion() {
        String fixture = "openai-completion/openai-completion-text.json";
        upstream.on("POST", "/v1/completions").enqueue(Reply.fixture(fixture));

        LanguageModelResult result = model.generate(LanguageModelRequest.builder()
                .message(Message.system("Be creative.")).message(Message.user("Invent a holiday."))
                .maxOutputTokens(16).topK(3).build());

        ChatFixtureFacts.ofCompletion(Fixtures.text(fixture)).assertMatches(result, false);
        JsonNode body = upstream.awaitRequest(1, TIMEOUT).bodyJson();
        assertThat(body.get("prompt").asText()).isEqualTo("Be creative.\n\nInvent a holiday.");
        assertThat(body.get("max_tokens").asInt()).isEqualTo(16);
        assertThat(result.warnings()).extracting(Warning::setting).containsExactly("topK");
    }

    @Test
    void decodesTheRecordedStream() {
        String fixture = "openai-completion/openai-completion-text.chunks.txt";
        upstream.on("POST", "/v1/completions").enqueue(Reply.fixture(fixture));

        CollectedStream parts = CollectedStream.of(model.stream(LanguageModelRequest.of(List.of(
                Message.user("Hi"), Message.assistant("Hello!"), Message.user("Invent a holiday.")))));

        ChatFixtureFacts.ofStream(Fixtures.payloads(fixture)).assertMatches(parts, false);
        JsonNode body = upstream.awaitRequest(1, TIMEOUT).bodyJson();
        assertThat(body.get("prompt").asText())
                .isEqualTo("user:\nHi\n\nassistant:\nHello!\n\nuser:\nInvent a holiday.\n\nassistant:\n");
        assertThat(body.at("/stream_options/include_usage").asBoolean()).isTrue();
    }
}
