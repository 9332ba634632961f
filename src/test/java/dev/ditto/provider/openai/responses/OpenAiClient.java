package dev.ditto.provider.openai.responses;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.ObjectMappers;
import com.openai.core.http.StreamResponse;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import dev.ditto.sdk.http.SseEvent;
import dev.ditto.testing.FakeUpstream;
import dev.ditto.testing.Framing;
import dev.ditto.testing.Reply;
import java.util.ArrayList;
import java.util.List;

/** The real openai-java client reading what the edge codec wrote, served by a {@link FakeUpstream}. */
final class OpenAiClient implements AutoCloseable {

    private final FakeUpstream upstream = FakeUpstream.start();
    private final OpenAIClient client = OpenAIOkHttpClient.builder()
            .baseUrl(upstream.uri("/v1").toString())
            .apiKey("sk-test")
            .maxRetries(0)
            .responseValidation(true)
            .build();

    private static ResponseCreateParams params() {
        return ResponseCreateParams.builder().model("gpt-5-mini").input("hi").build();
    }

    /** Serves the events and reads them with {@code responses().createStreaming(...)}. */
    List<ResponseStreamEvent> stream(List<SseEvent> events) {
        upstream.on("POST", "/v1/responses").enqueue(Reply.sse(Framing.RAW, wire(events).toArray(String[]::new)));
        List<ResponseStreamEvent> read = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(params())) {
            stream.stream().forEach(read::add);
        }
        return read;
    }

    /** Serves the JSON and reads it with {@code responses().create(...)}. */
    Response create(String json) {
        upstream.on("POST", "/v1/responses").enqueue(Reply.json(json));
        return client.responses().create(params());
    }

    /** Returns an output item's wire {@code type}. */
    static String type(com.openai.models.responses.ResponseOutputItem item) {
        return ObjectMappers.jsonMapper().valueToTree(item).path("type").asText();
    }

    /** Frames events as they go on the wire: {@code event:} and {@code data:} lines, a blank line. */
    static List<String> wire(List<SseEvent> events) {
        return events.stream().map(e -> "event: " + e.event() + "\ndata: " + e.data() + "\n\n").toList();
    }

    @Override
    public void close() {
        client.close();
        upstream.close();
    }
}
