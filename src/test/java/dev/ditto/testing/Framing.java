package dev.ditto.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a provider frames its server-sent events on the wire, used to turn the payload-only lines
 * of a {@code *.chunks.txt} fixture (or payloads given in a test) back into real SSE.
 *
 * <p>A payload containing line breaks is split into one {@code data:} line per line, as the SSE
 * specification requires, so it arrives as the same payload.
 */
public enum Framing {

    /**
     * {@code event: <type>\ndata: <payload>\n\n}, where the event name is the payload's top-level
     * JSON {@code type} field; no end marker. Anthropic Messages, OpenAI Responses, Cohere v2 chat.
     */
    NAMED_EVENTS,

    /**
     * {@code data: <payload>\n\n} for each payload, then {@code data: [DONE]\n\n}. OpenAI Chat
     * Completions and the servers that copy it (DeepSeek, Groq, xAI, Mistral, legacy completions).
     */
    DATA_THEN_DONE,

    /** {@code data: <payload>\n\n} with no end marker; the stream ends with the body. Gemini. */
    DATA_ONLY,

    /** Payloads are complete, already framed events and are sent byte for byte. */
    RAW;

    /** The final event of a {@link #DATA_THEN_DONE} stream. */
    public static final String DONE_EVENT = "data: [DONE]\n\n";

    /**
     * Frames payloads as events in this format.
     *
     * @param payloads event payloads, usually one JSON object each
     * @return the framed events, one string per event, including a trailing {@link #DONE_EVENT}
     *     for {@link #DATA_THEN_DONE}
     * @throws IllegalArgumentException if this is {@link #NAMED_EVENTS} and a payload has no
     *     top-level string {@code type} field
     */
    public List<String> frame(List<String> payloads) {
        List<String> events = new ArrayList<>(payloads.size() + 1);
        for (String payload : payloads) {
            Objects.requireNonNull(payload, "payload");
            events.add(switch (this) {
                case NAMED_EVENTS -> "event: " + Fixtures.eventType(payload) + "\n" + data(payload);
                case DATA_THEN_DONE, DATA_ONLY -> data(payload);
                case RAW -> payload;
            });
        }
        if (this == DATA_THEN_DONE) {
            events.add(DONE_EVENT);
        }
        return List.copyOf(events);
    }

    /**
     * Returns the wire framing of a fixture folder under {@code recorded/}.
     *
     * @param folder the folder name, for example {@code anthropic-messages}
     * @return the framing its streams use
     * @throws IllegalArgumentException if the folder holds no streamed API
     */
    public static Framing forFolder(String folder) {
        return switch (folder) {
            case "anthropic-messages", "openai-responses", "cohere-chat" -> NAMED_EVENTS;
            case "openai-chat", "deepseek-chat", "groq-chat", "xai-chat", "mistral-chat",
                    "openai-compatible-chat", "openai-completion" -> DATA_THEN_DONE;
            case "google-gemini" -> DATA_ONLY;
            default -> throw new IllegalArgumentException(
                    "no stream framing known for fixture folder '" + folder + "'; pass a Framing explicitly");
        };
    }

    private static String data(String payload) {
        StringBuilder sb = new StringBuilder(payload.length() + 8);
        for (String line : payload.split("\r?\n", -1)) {
            sb.append("data: ").append(line).append('\n');
        }
        return sb.append('\n').toString();
    }
}
