package dev.ditto.provider.openai;

import dev.ditto.sdk.http.HttpTransport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ditto.sdk.InvalidRequestException;
import dev.ditto.sdk.LanguageModelRequest;
import dev.ditto.sdk.LanguageModelResult;
import dev.ditto.testing.ChatFixtureFacts;
import dev.ditto.testing.CollectedStream;
import dev.ditto.testing.FakeUpstream;
import dev.ditto.testing.Fixtures;
import dev.ditto.testing.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every recorded OpenAI Chat response, served over real HTTP by the fake upstream, decodes to
 * what the recording says (text, tool calls, finish reason, usage, ids), compared with facts read
 * from the raw JSON independently of the adapter.
 */
class OpenAiChatFixturesTest {

    private static final HttpTransport TRANSPORT = OpenAiTesting.transport();

    @AfterAll
    static void closeTransport() {
        TRANSPORT.close();
    }

    private static final String FOLDER = "openai-chat";
    private static FakeUpstream upstream;
    private static OpenAiProvider openai;

    @BeforeAll
    static void start() {
        upstream = FakeUpstream.start();
        openai = OpenAiProvider.builder().apiKey("sk-test").baseUrl(upstream.uri("/v1")).transport(TRANSPORT).build();
    }

    @AfterAll
    static void stop() {
        upstream.close();
    }

    static Stream<String> fixtures() throws IOException {
        try (Stream<Path> files = Files.list(Fixtures.dir().resolve(FOLDER))) {
            List<String> names = files.map(path -> FOLDER + "/" + path.getFileName())
                    .filter(name -> name.endsWith(".json") || name.endsWith(".chunks.txt")).sorted().toList();
            return names.stream();
        }
    }

    @Test
    void everyFixtureOfTheFolderIsCovered() throws IOException {
        assertThat(fixtures().toList()).contains("openai-chat/openai-text.chunks.txt", "openai-chat/openai-text.json",
                "openai-chat/reasoning-model-legacy-parameter-error.json");
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void decodesTheRecording(String fixture) {
        upstream.reset();
        LanguageModelRequest request = LanguageModelRequest.of("Invent a new holiday and describe its traditions.");
        if (fixture.endsWith(".chunks.txt")) {
            upstream.on("POST", "/v1/chat/completions").enqueue(Reply.fixture(fixture));
            CollectedStream parts = CollectedStream.of(openai.languageModel("gpt-4.1-nano").stream(request));
            ChatFixtureFacts.ofStream(Fixtures.payloads(fixture)).assertMatches(parts, false);
        } else if (Fixtures.text(fixture).contains("\"error\"")) {
            upstream.on("POST", "/v1/chat/completions").enqueue(Reply.json(400, Fixtures.text(fixture)));
            assertThatThrownBy(() -> openai.languageModel("o3-mini").generate(request))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("max_tokens")
                    .satisfies(e -> assertThat(((InvalidRequestException) e).status()).isEqualTo(400));
        } else {
            upstream.on("POST", "/v1/chat/completions").enqueue(Reply.fixture(fixture));
            LanguageModelResult result = openai.languageModel("gpt-4.1-nano").generate(request);
            ChatFixtureFacts.ofCompletion(Fixtures.text(fixture)).assertMatches(result, false);
        }
    }
}
