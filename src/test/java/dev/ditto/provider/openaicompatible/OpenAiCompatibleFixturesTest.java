package dev.ditto.provider.openaicompatible;

import dev.ditto.provider.openai.OpenAiTesting;
import dev.ditto.sdk.http.HttpTransport;
import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every recorded response of the OpenAI-compatible vendors (DeepSeek, Groq, xAI, Mistral and the
 * openai-compatible captures), served over real HTTP through the vendor's profile, decodes to
 * what the recording says: text, reasoning in each vendor's field, tool calls, finish reason and
 * usage, compared with facts read from the raw JSON.
 */
class OpenAiCompatibleFixturesTest {

    private static final HttpTransport TRANSPORT = OpenAiTesting.transport();

    @AfterAll
    static void closeTransport() {
        TRANSPORT.close();
    }

    private static final List<String> FOLDERS = List.of("deepseek-chat", "groq-chat", "xai-chat", "mistral-chat",
            "openai-compatible-chat");
    private static FakeUpstream upstream;

    @BeforeAll
    static void start() {
        upstream = FakeUpstream.start();
    }

    @AfterAll
    static void stop() {
        upstream.close();
    }

    static Stream<String> fixtures() throws IOException {
        List<String> names = new ArrayList<>();
        for (String folder : FOLDERS) {
            try (Stream<Path> files = Files.list(Fixtures.dir().resolve(folder))) {
                files.map(path -> folder + "/" + path.getFileName())
                        .filter(name -> name.endsWith(".json") || name.endsWith(".chunks.txt") || name.endsWith(".sse"))
                        .sorted().forEach(names::add);
            }
        }
        return names.stream();
    }

    /** The vendor a recording came from, by its folder and name. */
    private static OpenAiCompatibleProfile profile(String fixture) {
        if (fixture.contains("xai")) {
            return OpenAiCompatibleProfile.XAI;
        }
        return switch (fixture.substring(0, fixture.indexOf('/'))) {
            case "deepseek-chat" -> OpenAiCompatibleProfile.DEEPSEEK;
            case "groq-chat" -> OpenAiCompatibleProfile.GROQ;
            case "mistral-chat" -> OpenAiCompatibleProfile.MISTRAL;
            default -> OpenAiCompatibleProfile.generic("fallback-gateway", null);
        };
    }

    @Test
    void coversEveryFileOfTheFolders() throws IOException {
        assertThat(fixtures().toList()).hasSize(18).contains("openai-compatible-chat/anthropic-fallback-tool-call.sse",
                "deepseek-chat/deepseek-reasoning.chunks.txt", "mistral-chat/mistral-tool-call.chunks.txt");
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void decodesTheRecording(String fixture) {
        upstream.reset();
        upstream.on("POST", "/v1/chat/completions").enqueue(Reply.fixture(fixture));
        OpenAiCompatibleProfile profile = profile(fixture);
        OpenAiCompatibleProvider provider = OpenAiCompatibleProvider.builder(profile).apiKey("key")
                .baseUrl(upstream.uri("/v1")).transport(TRANSPORT).build();
        LanguageModelRequest request = LanguageModelRequest.of("Say something.");
        // xAI counts reasoning tokens outside completion_tokens: 12 + 1 + 228 = 241 in xai-text.json.
        boolean reasoningOutside = fixture.contains("xai");

        if (fixture.endsWith(".json")) {
            LanguageModelResult result = provider.languageModel("model").generate(request);
            ChatFixtureFacts.ofCompletion(Fixtures.text(fixture)).assertMatches(result, reasoningOutside);
            assertThat(result.providerMetadata().providers()).containsExactly(profile.name());
        } else {
            CollectedStream parts = CollectedStream.of(provider.languageModel("model").stream(request));
            ChatFixtureFacts.ofStream(Fixtures.payloads(fixture)).assertMatches(parts, reasoningOutside);
        }
        assertThat(upstream.awaitRequest(1, CollectedStream.TIMEOUT).header("authorization")).hasValue("Bearer key");
    }
}
