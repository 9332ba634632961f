package dev.ditto.provider.openai;

import org.junit.jupiter.api.AfterAll;
import dev.ditto.sdk.http.HttpTransport;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ditto.sdk.ProviderUnavailableException;
import dev.ditto.sdk.RateLimitedException;
import dev.ditto.sdk.StreamInterruptedException;
import dev.ditto.sdk.StreamPart;
import dev.ditto.sdk.UnexpectedResponseException;
import dev.ditto.testing.CollectedStream;
import dev.ditto.testing.FakeUpstream;
import dev.ditto.testing.Fixtures;
import dev.ditto.testing.Framing;
import dev.ditto.testing.Reply;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Streams that go wrong end with an error part: never a hang, never a silent cut. */
class OpenAiChatStreamFailureTest {

    private static final HttpTransport TRANSPORT = OpenAiTesting.transport();

    @AfterAll
    static void closeTransport() {
        TRANSPORT.close();
    }

    private static final String FIXTURE = "openai-chat/openai-text.chunks.txt";
    private FakeUpstream upstream;
    private OpenAiChatLanguageModel model;

    @BeforeEach
    void start() {
        upstream = FakeUpstream.start();
        model = OpenAiProvider.builder().apiKey("sk-test").baseUrl(upstream.uri("/v1")).transport(TRANSPORT).build()
                .languageModel("gpt-4.1-nano");
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    @Test
    void aConnectionCutMidStreamEndsWithARetryableError() {
        upstream.on("POST", "/v1/chat/completions").enqueue(Reply.fixture(FIXTURE).toBuilder().cutAfterEvents(5).build());

        CollectedStream parts = CollectedStream.of(model.stream("Hi"));

        assertThat(parts.error().error()).isInstanceOf(StreamInterruptedException.class);
        assertThat(parts.error().error().isRetryable()).isTrue();
        assertThat(parts.text()).isNotEmpty();
        assertThat(parts.ofType(StreamPart.Finish.class)).isEmpty();
    }

    @Test
    void aBodyThatEndsCleanlyBeforeDoneIsNotMistakenForACompleteAnswer() {
        List<String> payloads = Fixtures.payloads(FIXTURE);
        upstream.on("POST", "/v1/chat/completions").enqueue(
                Reply.sse(Framing.DATA_ONLY, payloads.subList(0, 10).toArray(String[]::new)));

        CollectedStream parts = CollectedStream.of(model.stream("Hi"));

        assertThat(parts.error().error()).isInstanceOf(StreamInterruptedException.class)
                .hasMessageContaining("before data: [DONE]");
        assertThat(parts.error().error().model()).isEqualTo("gpt-4.1-nano");
    }

    @Test
    void aMalformedEventEndsTheStreamAfterThePartsBeforeIt() {
        List<String> payloads = Fixtures.payloads(FIXTURE);
        upstream.on("POST", "/v1/chat/completions").enqueue(
                Reply.sse(Framing.DATA_THEN_DONE, payloads.get(0), payloads.get(1), "{\"choices\":[{\"delta\":"));

        CollectedStream parts = CollectedStream.of(model.stream("Hi"));

        assertThat(parts.parts().get(0)).isInstanceOf(StreamPart.StreamStart.class);
        assertThat(parts.text()).isEqualTo("**");
        assertThat(parts.error().error()).isInstanceOf(UnexpectedResponseException.class)
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void anErrorChunkInsideTheStreamBecomesTheErrorPart() {
        List<String> payloads = Fixtures.payloads(FIXTURE);
        upstream.on("POST", "/v1/chat/completions").enqueue(Reply.sse(Framing.DATA_THEN_DONE, payloads.get(0),
                payloads.get(1), "{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\","
                        + "\"param\":null,\"code\":null}}"));

        CollectedStream parts = CollectedStream.of(model.stream("Hi"));

        assertThat(parts.error().error()).isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("The server had an error");
    }

    @Test
    void anHttpErrorBeforeTheStreamKeepsStatusAndRetryAfter() {
        upstream.on("POST", "/v1/chat/completions").enqueue(Reply.json(429,
                "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"param\":null,"
                        + "\"code\":\"rate_limit_exceeded\"}}").toBuilder()
                .header("retry-after-ms", "250").header("x-request-id", "req_9").build());

        CollectedStream parts = CollectedStream.of(model.stream("Hi"));

        assertThat(parts.parts()).hasSize(1);
        assertThat(parts.error().error()).isInstanceOf(RateLimitedException.class);
        assertThat(parts.error().error().retryAfter()).isEqualTo(Duration.ofMillis(250));
        assertThat(parts.error().error().upstreamRequestId()).isEqualTo("req_9");
    }
}
