package dev.ditto.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.testing.SseTestClient.SseEvent;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Recorded fixtures replayed by {@link FakeUpstream} arrive with the provider's real framing.
 * The expected values come from the fixture files read with plain file IO and from a separate
 * SSE parser, so a framing bug in the harness cannot confirm itself.
 */
class FakeUpstreamReplayTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeUpstream upstream = FakeUpstream.start();
    private final SseTestClient client = new SseTestClient();

    @AfterEach
    void closeUpstream() {
        upstream.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "anthropic-messages/anthropic-text.chunks.txt",
        "anthropic-messages/anthropic-tool-no-args.chunks.txt",
        "openai-responses/openai-web-search-tool.1.chunks.txt",
        "cohere-chat/cohere-text.chunks.txt",
        "cohere-chat/cohere-empty-tool-call.chunks.txt"})
    void namedEventFoldersGetOneEventLinePerPayloadNamedByItsType(String fixture) throws Exception {
        upstream.on("POST", "/stream").enqueue(Reply.fixture(fixture));
        List<String> lines = SseTestClient.fixtureLines(fixture);

        HttpResponse<String> response = client.post(upstream.uri("/stream"), "{}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
        List<SseEvent> events = SseTestClient.parse(response.body());
        assertThat(response.body().lines().filter(l -> l.startsWith("event: "))).hasSize(lines.size());
        assertThat(events).extracting(SseEvent::data).containsExactlyElementsOf(lines);
        for (SseEvent event : events) {
            assertThat(event.event()).isEqualTo(JSON.readTree(event.data()).get("type").asText());
        }
        assertThat(response.body()).doesNotContain("[DONE]");
    }

    @Test
    void namedEventsSurviveSyntheticMalformedPayloads() throws Exception {
        upstream.on("POST", "/stream").enqueue(Reply.fixture("openai-responses/parallel-tool-call-wrapper.1.chunks.txt"));

        List<SseEvent> events = SseTestClient.parse(client.post(upstream.uri("/stream"), "{}").body());

        assertThat(events).extracting(SseEvent::event).containsExactly(
                "response.created",
                "response.output_item.added",
                "response.function_call_arguments.delta",
                "response.function_call_arguments.done",
                "response.output_item.done",
                "response.completed");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "openai-chat/openai-text.chunks.txt",
        "deepseek-chat/deepseek-text.chunks.txt",
        "xai-chat/xai-text.chunks.txt",
        "mistral-chat/mistral-text.chunks.txt",
        "openai-compatible-chat/xai-text.chunks.txt",
        "openai-completion/openai-completion-text.chunks.txt"})
    void openAiChatStyleFoldersGetDataLinesEndingWithDone(String fixture) throws Exception {
        upstream.on("POST", "/v1/chat/completions").enqueue(Reply.fixture(fixture));
        List<String> expected = new ArrayList<>(SseTestClient.fixtureLines(fixture));
        expected.add("[DONE]");

        String body = client.post(upstream.uri("/v1/chat/completions"), "{}").body();

        assertThat(body).doesNotContain("event:").endsWith("data: [DONE]\n\n");
        assertThat(SseTestClient.parse(body)).extracting(SseEvent::data).containsExactlyElementsOf(expected);
    }

    @Test
    void geminiGetsDataLinesWithoutEndMarker() throws Exception {
        String fixture = "google-gemini/google-text.chunks.txt";
        upstream.onPattern("POST", "/v1beta/models/[^/]+:streamGenerateContent").enqueue(Reply.fixture(fixture));

        String body = client.post(upstream.uri("/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse"), "{}")
                .body();

        assertThat(body).doesNotContain("event:").doesNotContain("[DONE]");
        assertThat(SseTestClient.parse(body)).extracting(SseEvent::data)
                .containsExactlyElementsOf(SseTestClient.fixtureLines(fixture));
    }

    @Test
    void rawSseCaptureIsReplayedByteForByte() throws Exception {
        String fixture = "openai-compatible-chat/anthropic-fallback-tool-call.sse";
        upstream.on("POST", "/raw").enqueue(Reply.fixture(fixture));

        HttpResponse<byte[]> response = client.postForBytes(upstream.uri("/raw"), "{}");

        assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
        assertThat(response.body()).isEqualTo(SseTestClient.fixtureBytes(fixture));
    }

    @Test
    void jsonFixtureIsSentWithContentLength() throws Exception {
        String fixture = "anthropic-messages/anthropic-text.json";
        upstream.on("POST", "/v1/messages").enqueue(Reply.fixture(fixture));

        HttpResponse<byte[]> response = client.postForBytes(upstream.uri("/v1/messages"), "{}");

        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.headers().firstValueAsLong("content-length")).hasValue(SseTestClient.fixtureBytes(fixture).length);
        assertThat(response.body()).isEqualTo(SseTestClient.fixtureBytes(fixture));
    }

    @Test
    void explicitFramingOverridesFolderDefault() throws Exception {
        upstream.on("POST", "/chat").enqueue(Reply.fixture("openai-chat/openai-text.chunks.txt", Framing.DATA_ONLY));
        upstream.on("POST", "/gemini").enqueue(Reply.fixture("google-gemini/google-text.chunks.txt", Framing.DATA_THEN_DONE));

        assertThat(client.post(upstream.uri("/chat"), "{}").body()).doesNotContain("[DONE]");
        assertThat(client.post(upstream.uri("/gemini"), "{}").body()).endsWith("data: [DONE]\n\n");
    }

    @Test
    void literalPayloadsAreFramedExactly() throws Exception {
        upstream.on("POST", "/named").enqueue(Reply.sse(Framing.NAMED_EVENTS, "{\"type\":\"ping\"}", "{\"type\":\"message_stop\"}"));
        upstream.on("POST", "/done").enqueue(Reply.sse(Framing.DATA_THEN_DONE, "{\"a\":1}"));
        upstream.on("POST", "/raw").enqueue(Reply.sse(Framing.RAW, ": comment\n\n", "data: x\r\n\r\n"));

        assertThat(client.post(upstream.uri("/named"), "{}").body())
                .isEqualTo("event: ping\ndata: {\"type\":\"ping\"}\n\nevent: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
        assertThat(client.post(upstream.uri("/done"), "{}").body()).isEqualTo("data: {\"a\":1}\n\ndata: [DONE]\n\n");
        assertThat(client.post(upstream.uri("/raw"), "{}").body()).isEqualTo(": comment\n\ndata: x\r\n\r\n");
    }
}
