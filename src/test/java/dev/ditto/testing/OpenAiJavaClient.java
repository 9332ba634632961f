package dev.ditto.testing;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.ObjectMappers;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseStreamEvent;
import dev.ditto.sdk.http.SseEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * The real openai-java client reading what an edge codec wrote: each call serves the given
 * events or JSON from its own {@link FakeUpstream} and reads them back with the client's own
 * parsing ({@code chat().completions()} with {@link ChatCompletionAccumulator}, {@code
 * responses()}), so the client library, not our own decoder, judges the wire format.
 *
 * <p>Response validation is on: a field the client's model requires but the encoding left out
 * fails the read. Not thread-safe; one call at a time. Close it to stop the client and server.
 *
 * <pre>{@code
 * try (OpenAiJavaClient client = new OpenAiJavaClient()) {
 *     ChatCompletion completion = client.chatStream(encoderEvents);
 * }
 * }</pre>
 */
public final class OpenAiJavaClient implements AutoCloseable {

    private static final String CHAT = "/v1/chat/completions";
    private static final String RESPONSES = "/v1/responses";

    private final FakeUpstream upstream = FakeUpstream.start();
    private final OpenAIClient client = OpenAIOkHttpClient.builder()
            .baseUrl(upstream.uri("/v1").toString())
            .apiKey("sk-test")
            .maxRetries(0)
            .responseValidation(true)
            .build();

    private static ChatCompletionCreateParams chatParams() {
        return ChatCompletionCreateParams.builder().model("alias").addUserMessage("hi").build();
    }

    private static ResponseCreateParams responseParams() {
        return ResponseCreateParams.builder().model("gpt-5-mini").input("hi").build();
    }

    /**
     * Serves {@code chat.completion.chunk} events and reads them with
     * {@code chat().completions().createStreaming(...)} and the client's accumulator.
     *
     * @param events the events, {@code data: [DONE]} included
     * @return the completion the accumulator assembled
     * @throws com.openai.errors.OpenAIException if the client rejects the stream or finds an error in it
     */
    public ChatCompletion chatStream(List<SseEvent> events) {
        upstream.on("POST", CHAT).enqueue(Reply.sse(events));
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(chatParams())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        return accumulator.chatCompletion();
    }

    /**
     * Serves a {@code chat.completion} body and reads it with {@code chat().completions().create(...)}.
     *
     * @param json the body
     * @return the completion
     */
    public ChatCompletion chatCreate(String json) {
        upstream.on("POST", CHAT).enqueue(Reply.json(json));
        return client.chat().completions().create(chatParams());
    }

    /**
     * Serves Responses events and reads them with {@code responses().createStreaming(...)}.
     *
     * @param events the events
     * @return every event the client parsed, in order
     * @throws com.openai.errors.OpenAIException if the client rejects the stream or finds an error in it
     */
    public List<ResponseStreamEvent> responsesStream(List<SseEvent> events) {
        upstream.on("POST", RESPONSES).enqueue(Reply.sse(events));
        List<ResponseStreamEvent> read = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(responseParams())) {
            stream.stream().forEach(read::add);
        }
        return read;
    }

    /**
     * Serves a Responses object and reads it with {@code responses().create(...)}.
     *
     * @param json the body
     * @return the response
     */
    public Response responsesCreate(String json) {
        upstream.on("POST", RESPONSES).enqueue(Reply.json(json));
        return client.responses().create(responseParams());
    }

    /**
     * Returns an output item's wire {@code type}.
     *
     * @param item the item
     * @return such as {@code message} or {@code function_call}
     */
    public static String type(ResponseOutputItem item) {
        return ObjectMappers.jsonMapper().valueToTree(item).path("type").asText();
    }

    @Override
    public void close() {
        client.close();
        upstream.close();
    }
}
