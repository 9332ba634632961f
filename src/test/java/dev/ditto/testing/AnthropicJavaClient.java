package dev.ditto.testing;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import dev.ditto.sdk.http.SseEvent;
import java.util.List;

/**
 * The real anthropic-java client reading what an edge codec wrote: each call serves the given
 * events or JSON from its own {@link FakeUpstream} and reads them back with {@code
 * messages().createStreaming(...)} and the client's {@link MessageAccumulator}, or with {@code
 * messages().create(...)}, so the client library, not our own decoder, judges the wire format.
 *
 * <p>Not thread-safe; one call at a time. Close it to stop the client and server.
 *
 * <pre>{@code
 * try (AnthropicJavaClient client = new AnthropicJavaClient()) {
 *     Message message = client.stream(encoderEvents);
 * }
 * }</pre>
 */
public final class AnthropicJavaClient implements AutoCloseable {

    private static final String MESSAGES = "/v1/messages";
    private static final MessageCreateParams PARAMS = MessageCreateParams.builder()
            .model("claude-sonnet-4-5").maxTokens(1000).addUserMessage("Hello").build();

    private final FakeUpstream upstream = FakeUpstream.start();
    private final AnthropicClient client = AnthropicOkHttpClient.builder()
            .baseUrl(upstream.baseUri().toString())
            .apiKey("test-key")
            .maxRetries(0)
            .build();

    /**
     * Serves Messages events and reads them with {@code messages().createStreaming(...)} and the
     * client's accumulator.
     *
     * @param events the events, {@code event:} names included
     * @return the message the accumulator assembled
     * @throws com.anthropic.errors.AnthropicException if the client rejects the stream or finds an error in it
     */
    public Message stream(List<SseEvent> events) {
        upstream.on("POST", MESSAGES).enqueue(Reply.sse(events));
        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(PARAMS)) {
            stream.stream().forEach(accumulator::accumulate);
        }
        return accumulator.message();
    }

    /**
     * Serves a {@code message} body and reads it with {@code messages().create(...)}.
     *
     * @param json the body
     * @return the message
     */
    public Message create(String json) {
        upstream.on("POST", MESSAGES).enqueue(Reply.json(json));
        return client.messages().create(PARAMS);
    }

    @Override
    public void close() {
        client.close();
        upstream.close();
    }
}
