package dev.ditto.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.LanguageModelResult;
import dev.ditto.sdk.RateLimitedException;
import dev.ditto.sdk.SdkException;
import dev.ditto.sdk.StreamPart;
import dev.ditto.sdk.Usage;
import dev.ditto.sdk.http.ErrorResponse;
import dev.ditto.sdk.message.ContentPart;
import dev.ditto.sdk.message.ProviderMetadata;
import dev.ditto.sdk.message.ToolCallPart;
import dev.ditto.testing.FakeUpstream;
import dev.ditto.testing.Fixtures;
import dev.ditto.testing.Reply;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every recorded Gemini answer under {@code fixtures/recorded/google-gemini}, decoded and checked
 * against facts read from the file itself ({@link FixtureFacts}); the streamed ones also go over
 * real HTTP through the fake upstream and must form a well-formed part sequence.
 */
class GeminiFixturesTest {

    private static final String FOLDER = "google-gemini";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ErrorDetails DETAILS = ErrorDetails.of("gemini", "test-model");

    private static FakeUpstream upstream;

    @BeforeAll
    static void startUpstream() {
        upstream = FakeUpstream.start();
    }

    @AfterAll
    static void stopUpstream() {
        upstream.close();
    }

    static Stream<String> streamedFixtures() throws IOException {
        return files().filter(name -> name.endsWith(".chunks.txt"));
    }

    static Stream<String> jsonFixtures() throws IOException {
        return files().filter(name -> name.endsWith(".json"));
    }

    private static Stream<String> files() throws IOException {
        try (Stream<Path> list = Files.list(Fixtures.dir().resolve(FOLDER))) {
            return list.map(path -> path.getFileName().toString()).sorted().toList().stream();
        }
    }

    @Test
    void coversEveryFileOfTheFolder() throws IOException {
        List<String> covered = Stream.concat(streamedFixtures(), jsonFixtures()).toList();
        assertThat(covered).containsExactlyInAnyOrderElementsOf(files().toList()).hasSizeGreaterThanOrEqualTo(10);
    }

    @ParameterizedTest
    @MethodSource("streamedFixtures")
    void decodesTheStreamedFixtureAsRecorded(String name) {
        List<String> payloads = Fixtures.payloads(FOLDER + "/" + name);
        FixtureFacts facts = FixtureFacts.ofChunks(payloads);

        List<StreamPart> parts = Streams.decode(payloads);

        StreamGrammar.assertWellFormed(parts);
        StreamPart.StreamStart start = (StreamPart.StreamStart) parts.get(0);
        assertThat(start.responseId()).isEqualTo(facts.responseId());
        assertThat(start.modelId()).isEqualTo(facts.modelVersion());
        assertThat(Streams.text(parts)).isEqualTo(facts.text());
        assertThat(Streams.reasoning(parts)).isEqualTo(facts.reasoning());
        List<StreamPart.ToolCall> calls = Streams.only(parts, StreamPart.ToolCall.class);
        assertThat(calls).extracting(StreamPart.ToolCall::toolName)
                .containsExactlyElementsOf(facts.calls().stream().map(FixtureFacts.Call::name).toList());
        for (int i = 0; i < calls.size(); i++) {
            assertThat(parse(calls.get(i).input())).as("arguments of call " + i).isEqualTo(facts.calls().get(i).args());
        }
        assertThat(calls).extracting(StreamPart.ToolCall::toolCallId).doesNotHaveDuplicates()
                .allSatisfy(id -> assertThat(id).startsWith("call_"));
        StreamPart.Finish finish = (StreamPart.Finish) Streams.last(parts);
        assertThat(finish.finishReason()).isEqualTo(facts.unifiedFinishReason());
        assertThat(finish.rawFinishReason()).isEqualTo(facts.finishReason());
        assertUsage(finish.usage(), facts);
        assertThat(signatures(parts)).containsExactlyInAnyOrderElementsOf(facts.signatures());
    }

    @ParameterizedTest
    @MethodSource("streamedFixtures")
    void everyStreamedFixtureIsWellFormedOverHttp(String name) {
        String model = "m-" + name.replace('.', '-');
        upstream.on("POST", "/v1beta/models/" + model + ":streamGenerateContent")
                .enqueue(Reply.fixture(FOLDER + "/" + name));
        List<StreamPart> parts;
        try (GeminiProvider provider = GeminiProvider.builder().apiKey("test-key").baseUrl(upstream.uri("/v1beta")).build()) {
            parts = Streams.collect(provider.languageModel(model).stream("Hi"));
        }

        StreamGrammar.assertWellFormed(parts);
        List<StreamPart> direct = Streams.decode(Fixtures.payloads(FOLDER + "/" + name));
        assertThat(parts).as("the same parts over HTTP as decoded directly").isEqualTo(direct);
    }

    @ParameterizedTest
    @MethodSource("jsonFixtures")
    void decodesTheJsonFixtureAsRecorded(String name) throws IOException {
        String body = Fixtures.text(FOLDER + "/" + name);
        JsonNode root = JSON.readTree(body);
        if (root.has("error")) {
            assertErrorFixture(root, body);
            return;
        }
        FixtureFacts facts = FixtureFacts.ofResponse(body);

        LanguageModelResult result = GeminiResponseMapper.toResult(
                new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), List.of(), DETAILS);

        assertThat(result.text()).isEqualTo(facts.text());
        assertThat(result.reasoningText()).isEqualTo(facts.reasoning());
        assertThat(result.responseId()).isEqualTo(facts.responseId());
        assertThat(result.modelId()).isEqualTo(facts.modelVersion());
        assertThat(result.toolCalls()).extracting(ToolCallPart::toolName)
                .containsExactlyElementsOf(facts.calls().stream().map(FixtureFacts.Call::name).toList());
        for (int i = 0; i < result.toolCalls().size(); i++) {
            assertThat(parse(result.toolCalls().get(i).arguments())).isEqualTo(facts.calls().get(i).args());
        }
        assertThat(result.finishReason()).isEqualTo(facts.unifiedFinishReason());
        assertThat(result.rawFinishReason()).isEqualTo(facts.finishReason());
        assertUsage(result.usage(), facts);
        List<String> signatures = result.content().stream().map(ContentPart::providerMetadata)
                .flatMap(meta -> meta.string("gemini", "thoughtSignature").stream()).toList();
        assertThat(signatures).containsExactlyInAnyOrderElementsOf(facts.signatures());
    }

    private static void assertErrorFixture(JsonNode root, String body) {
        JsonNode error = root.get("error");
        SdkException mapped = GeminiErrorMapper.ofDefaults().map(new ErrorResponse(error.get("code").asInt(),
                HttpHeaders.of(Map.of(), (a, b) -> true), body, false, "gemini", "test-model"));
        assertThat(mapped.status()).isEqualTo(error.get("code").asInt());
        assertThat(mapped.getMessage()).contains(error.get("message").asText());
        if ("RESOURCE_EXHAUSTED".equals(error.get("status").asText())) {
            assertThat(mapped).isInstanceOf(RateLimitedException.class);
            assertThat(mapped.isRetryable()).isTrue();
        }
        Duration expectedDelay = null;
        for (JsonNode detail : error.path("details")) {
            if (detail.path("@type").asText().endsWith("google.rpc.RetryInfo")) {
                String delay = detail.get("retryDelay").asText();
                BigDecimal seconds = new BigDecimal(delay.substring(0, delay.length() - 1));
                expectedDelay = Duration.ofMillis(seconds.multiply(BigDecimal.valueOf(1000)).longValueExact());
            }
        }
        assertThat(mapped.retryAfter()).isEqualTo(expectedDelay);
    }

    private static void assertUsage(Usage usage, FixtureFacts facts) {
        assertThat(usage.input().total()).isEqualTo(facts.inputTokens());
        assertThat(usage.input().cacheRead()).isEqualTo(facts.usage().path("cachedContentTokenCount").asLong(0));
        assertThat(usage.output().total()).isEqualTo(facts.outputTokens());
        assertThat(usage.output().reasoning()).isEqualTo(facts.usage().path("thoughtsTokenCount").asLong());
        assertThat(usage.output().text()).isEqualTo(facts.usage().path("candidatesTokenCount").asLong());
        assertThat(usage.totalTokens()).isEqualTo(facts.usage().path("totalTokenCount").asLong());
        assertThat(usage.raw()).isEqualTo(facts.usage());
    }

    private static List<String> signatures(List<StreamPart> parts) {
        List<ProviderMetadata> metadata = new ArrayList<>();
        for (StreamPart part : parts) {
            if (part instanceof StreamPart.ToolCall call) {
                metadata.add(call.providerMetadata());
            } else if (part instanceof StreamPart.TextEnd end) {
                metadata.add(end.providerMetadata());
            } else if (part instanceof StreamPart.ReasoningEnd end) {
                metadata.add(end.providerMetadata());
            }
        }
        return metadata.stream().flatMap(meta -> meta.string("gemini", "thoughtSignature").stream()).toList();
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
