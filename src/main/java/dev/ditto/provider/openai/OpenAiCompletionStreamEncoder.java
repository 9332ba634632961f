package dev.ditto.provider.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.StreamPart;
import dev.ditto.sdk.http.SseEvent;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Turns one unified stream into legacy {@code text_completion} chunks as OpenAI sends them: one
 * chunk per text delta ({@code choices[0].text}), a last chunk with the mapped
 * {@code finish_reason}, the usage chunk with {@code choices: []} only when the client asked for
 * it, and {@link #end()} with {@code data: [DONE]}. Reasoning and tool parts have no wire form
 * here and are skipped. An error part becomes the {@code {"error":{...}}} event and the stream
 * ends without {@code [DONE]}, as does a stream that stops with neither a finish nor an error.
 *
 * <p>One instance encodes one stream; not thread-safe.
 */
public final class OpenAiCompletionStreamEncoder {

    private static final String OBJECT = "text_completion";

    private final String model;
    private final boolean includeUsage;
    private final Supplier<String> ids;
    private final long created;
    private @Nullable String id;
    private final ChatStreamEnding ending = new ChatStreamEnding();

    OpenAiCompletionStreamEncoder(String model, boolean includeUsage, Supplier<String> ids, long created) {
        this.model = model;
        this.includeUsage = includeUsage;
        this.ids = ids;
        this.created = created;
    }

    /**
     * Encodes one part.
     *
     * @param part the next part of the stream
     * @return the events to send, in order; empty for parts with no wire form
     */
    public List<SseEvent> encode(StreamPart part) {
        if (!ending.isOpen()) {
            return List.of();
        }
        if (part instanceof StreamPart.StreamStart start) {
            id = id == null ? start.responseId() : id;
            return List.of();
        }
        if (part instanceof StreamPart.Error error) {
            return List.of(ending.fail(error.error()));
        }
        if (part instanceof StreamPart.TextDelta text && !text.delta().isEmpty()) {
            return List.of(chunk(text.delta(), null));
        }
        if (part instanceof StreamPart.Finish finish) {
            ending.finished();
            SseEvent last = chunk("", ChatFinishReasons.toWire(finish.finishReason()));
            if (!includeUsage) {
                return List.of(last);
            }
            ObjectNode usage = header(id(), created, model);
            usage.putArray("choices");
            usage.set("usage", ChatUsage.toWire(finish.usage()));
            return List.of(last, SseEvent.of(WireJson.write(usage)));
        }
        return List.of();
    }

    /**
     * Ends the stream.
     *
     * @return {@code data: [DONE]} after a finish part; nothing after an error part; an error event
     *     when the stream stopped without either
     */
    public List<SseEvent> end() {
        return ending.end();
    }

    private String id() {
        if (id == null) {
            id = ids.get();
        }
        return id;
    }

    private SseEvent chunk(String text, @Nullable String finishReason) {
        ObjectNode chunk = header(id(), created, model);
        chunk.putArray("choices").add(choice(text, finishReason));
        if (includeUsage) {
            chunk.putNull("usage");
        }
        return SseEvent.of(WireJson.write(chunk));
    }

    static ObjectNode header(String id, long created, String model) {
        return WireJson.MAPPER.createObjectNode()
                .put("id", id)
                .put("object", OBJECT)
                .put("created", created)
                .put("model", model);
    }

    static ObjectNode choice(String text, @Nullable String finishReason) {
        ObjectNode choice = WireJson.MAPPER.createObjectNode().put("text", text).put("index", 0);
        choice.putNull("logprobs");
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return choice;
    }
}
