package dev.ditto.provider.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.InvalidParameterException;
import dev.ditto.sdk.LanguageModelResult;
import dev.ditto.sdk.SdkException;
import dev.ditto.sdk.http.SseEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The gateway's OpenAI Chat Completions edge: decodes a client's request into the unified model,
 * and encodes unified results, streams and errors the way OpenAI would answer, whichever provider
 * actually served the call.
 *
 * <ul>
 *   <li>{@link #decodeRequest}: every documented request field is accepted (those without a
 *       unified name travel in {@code providerOptions("openai")}); unknown fields, wrong types,
 *       invalid values and {@code n} other than 1 are rejected with an
 *       {@link InvalidParameterException} naming the parameter;</li>
 *   <li>{@link #encodeResult}: a {@code chat.completion} body;</li>
 *   <li>{@link #newStreamEncoder}: {@code chat.completion.chunk} events, the usage chunk only
 *       when the client asked for it, then {@code data: [DONE]};</li>
 *   <li>{@link #encodeError}: status plus {@code {"error":{...}}}, which is also the in-stream
 *       error event.</li>
 * </ul>
 *
 * <p>Finish reasons and usage are mapped as WIRE-FORMATS.md says. Instances are immutable and
 * thread-safe.
 *
 * <pre>{@code
 * OpenAiChatEdgeCodec codec = OpenAiChatEdgeCodec.ofDefaults();
 * OpenAiChatEdgeRequest in = codec.decodeRequest(body);
 * if (!in.stream()) {
 *     ObjectNode json = codec.encodeResult(model.generate(in.request()), in.model());
 * } else {
 *     OpenAiChatStreamEncoder encoder = codec.newStreamEncoder(in.model(), in.includeUsage());
 *     // for each part: write encoder.encode(part); at the end: write encoder.end()
 * }
 * }</pre>
 */
public final class OpenAiChatEdgeCodec {

    private static final OpenAiChatEdgeCodec DEFAULT =
            new OpenAiChatEdgeCodec(Clock.systemUTC(), () -> "chatcmpl-" + ToolCallIds.generate().substring(5));

    private final Clock clock;
    private final Supplier<String> ids;

    private OpenAiChatEdgeCodec(Clock clock, Supplier<String> ids) {
        this.clock = clock;
        this.ids = ids;
    }

    /**
     * Returns the codec with the system clock and random {@code chatcmpl-...} ids.
     *
     * @return the shared codec
     */
    public static OpenAiChatEdgeCodec ofDefaults() {
        return DEFAULT;
    }

    /**
     * Returns a codec with its own clock (for {@code created}) and id source (for responses the
     * upstream gave no id).
     *
     * @param clock the wall clock
     * @param ids makes response ids, such as {@code chatcmpl-...}
     * @return a new codec
     */
    public static OpenAiChatEdgeCodec of(Clock clock, Supplier<String> ids) {
        return new OpenAiChatEdgeCodec(Objects.requireNonNull(clock, "clock"), Objects.requireNonNull(ids, "ids"));
    }

    /**
     * An error answer: the HTTP status, the {@code {"error":{...}}} body, and the wait to send as
     * {@code retry-after}.
     *
     * @param status the HTTP status
     * @param body the error envelope
     * @param retryAfter the wait the upstream asked for, or {@code null}
     */
    public record EncodedError(int status, ObjectNode body, @Nullable Duration retryAfter) {

        /**
         * Validates the fields.
         *
         * @param status the HTTP status
         * @param body the error envelope
         * @param retryAfter the wait the upstream asked for, or {@code null}
         */
        public EncodedError {
            Objects.requireNonNull(body, "body");
        }

        /**
         * Returns a copy of the error envelope.
         *
         * @return the body
         */
        @Override
        public ObjectNode body() {
            return body.deepCopy();
        }
    }

    /**
     * Decodes a client's request body.
     *
     * @param body the parsed JSON body
     * @return the unified request with the model name and streaming choices
     * @throws InvalidParameterException if a field is unknown, mistyped or invalid; its
     *     {@link InvalidParameterException#param()} names the field
     */
    public OpenAiChatEdgeRequest decodeRequest(ObjectNode body) {
        return ChatRequestDecoder.decode(Objects.requireNonNull(body, "body"));
    }

    /**
     * Encodes a result as a {@code chat.completion} body.
     *
     * @param result the result
     * @param model the model name to report, usually the one the client asked for
     * @return the body
     */
    public ObjectNode encodeResult(LanguageModelResult result, String model) {
        String id = result.responseId() == null ? ids.get() : result.responseId();
        long created = result.createdAt() == null ? clock.instant().getEpochSecond() : result.createdAt().getEpochSecond();
        return ChatResultEncoder.encode(result, id, created, Objects.requireNonNull(model, "model"));
    }

    /**
     * Returns an encoder for one streamed answer.
     *
     * @param model the model name to report in every chunk
     * @param includeUsage whether to send the final usage chunk ({@code choices: []})
     * @return a new encoder, for one stream only
     */
    public OpenAiChatStreamEncoder newStreamEncoder(String model, boolean includeUsage) {
        return new OpenAiChatStreamEncoder(Objects.requireNonNull(model, "model"), includeUsage, ids,
                clock.instant().getEpochSecond());
    }

    /**
     * Encodes a failure as OpenAI would answer it.
     *
     * @param error the failure
     * @return status, body and retry-after
     */
    public EncodedError encodeError(SdkException error) {
        return ChatErrorEncoder.encode(Objects.requireNonNull(error, "error"));
    }

    /**
     * Encodes a failure as the {@code data: {"error":{...}}} event that ends a stream that has
     * already started.
     *
     * @param error the failure
     * @return the event
     */
    public SseEvent encodeStreamError(SdkException error) {
        return SseEvent.of(WireJson.write(encodeError(error).body()));
    }
}
