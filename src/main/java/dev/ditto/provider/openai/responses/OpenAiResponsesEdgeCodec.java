package dev.ditto.provider.openai.responses;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.LanguageModelRequest;
import dev.ditto.sdk.LanguageModelResult;
import dev.ditto.sdk.SdkException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The gateway's edge for the OpenAI Responses API: decodes {@code POST /v1/responses} bodies into
 * unified requests, and encodes unified results, streams and errors in the Responses format.
 *
 * <p>Decoding accepts every documented request parameter. Those with a unified name are mapped
 * ({@code input}, {@code instructions}, {@code tools}, {@code tool_choice}, {@code text.format},
 * {@code reasoning.effort}, {@code temperature}, {@code top_p}, {@code max_output_tokens},
 * {@code parallel_tool_calls}, {@code user}, {@code metadata}); the Responses-only ones
 * ({@code store}, {@code previous_response_id}, {@code include}, {@code reasoning.summary},
 * {@code text.verbosity}, {@code service_tier}, ...) travel in the {@code openai} provider options
 * under their wire names, which the Responses adapter sends on and other adapters report as
 * warnings. An unknown or invalid parameter is rejected with an
 * {@link dev.ditto.sdk.InvalidRequestException} whose message names it.
 *
 * <p>Finish reasons and usage follow WIRE-FORMATS.md: {@code LENGTH} and {@code CONTENT_FILTER}
 * become {@code status: "incomplete"} with {@code incomplete_details.reason}, {@code ERROR}
 * becomes {@code failed}, everything else {@code completed}.
 *
 * <p>Stateless and thread-safe.
 *
 * <pre>{@code
 * OpenAiResponsesEdgeCodec codec = OpenAiResponsesEdgeCodec.ofDefaults();
 * OpenAiResponsesEdgeCodec.DecodedRequest decoded = codec.decodeRequest(body);
 * if (!decoded.stream()) {
 *     ObjectNode json = codec.encodeResult(model.generate(decoded.request()), decoded.model());
 * }
 * }</pre>
 */
public final class OpenAiResponsesEdgeCodec {

    private final Clock clock;

    private OpenAiResponsesEdgeCodec(Clock clock) {
        this.clock = clock;
    }

    /**
     * Returns a codec that stamps responses with the system clock.
     *
     * @return the codec
     */
    public static OpenAiResponsesEdgeCodec ofDefaults() {
        return new OpenAiResponsesEdgeCodec(Clock.systemUTC());
    }

    /**
     * Returns a codec that stamps responses ({@code created_at}) with the given clock.
     *
     * @param clock the wall clock
     * @return the codec
     */
    public static OpenAiResponsesEdgeCodec of(Clock clock) {
        return new OpenAiResponsesEdgeCodec(Objects.requireNonNull(clock, "clock"));
    }

    /**
     * A decoded Responses request.
     *
     * @param request the unified request
     * @param model the model the caller asked for
     * @param stream whether the caller asked for a stream
     * @param includeObfuscation {@code stream_options.include_obfuscation}, {@code true} by default
     */
    public record DecodedRequest(LanguageModelRequest request, String model, boolean stream, boolean includeObfuscation) {

        /**
         * Validates the fields.
         *
         * @param request the unified request
         * @param model the model the caller asked for
         * @param stream whether the caller asked for a stream
         * @param includeObfuscation {@code stream_options.include_obfuscation}, {@code true} by default
         */
        public DecodedRequest {
            Objects.requireNonNull(request, "request");
            Objects.requireNonNull(model, "model");
        }
    }

    /**
     * An error answer in OpenAI's format.
     *
     * @param status the HTTP status to answer with
     * @param body {@code {"error":{"message","type","param","code"}}}, copied on the way in and out
     * @param retryAfter the wait to advertise in {@code retry-after}, or {@code null}
     */
    public record EncodedError(int status, ObjectNode body, @Nullable Duration retryAfter) {

        /**
         * Validates and copies the fields.
         *
         * @param status the HTTP status to answer with
         * @param body {@code {"error":{"message","type","param","code"}}}, copied on the way in and out
         * @param retryAfter the wait to advertise in {@code retry-after}, or {@code null}
         */
        public EncodedError {
            body = body.deepCopy();
        }

        /**
         * Returns a copy of the body.
         *
         * @return the error JSON
         */
        @Override
        public ObjectNode body() {
            return body.deepCopy();
        }
    }

    /**
     * Decodes a request body.
     *
     * @param body the {@code POST /v1/responses} JSON
     * @return the unified request, model and stream settings
     * @throws dev.ditto.sdk.InvalidRequestException if a parameter is unknown, missing or invalid;
     *     the message names it, and {@link #encodeError(SdkException)} puts it in {@code param}
     */
    public DecodedRequest decodeRequest(ObjectNode body) {
        return ResponsesRequestDecoder.decode(Objects.requireNonNull(body, "body"));
    }

    /**
     * Encodes a complete result as an {@code object: "response"}.
     *
     * @param result the result
     * @param model the model name to report, normally the one the caller asked for
     * @return the response JSON
     */
    public ObjectNode encodeResult(LanguageModelResult result, String model) {
        String id = result.responseId() != null && result.responseId().startsWith("resp_")
                ? result.responseId() : Json.newId("resp_");
        Instant created = result.createdAt() != null ? result.createdAt() : clock.instant();
        ResponsesStatus status = ResponsesStatus.of(result.finishReason());
        ObjectNode response = ResponsesOutputEncoder.response(id, model, created.getEpochSecond(), status.status());
        response.set("output", ResponsesOutputEncoder.items(result.content()));
        ResponsesOutputEncoder.finish(response, status, result.usage(),
                "the model stopped with " + result.rawFinishReason());
        return response;
    }

    /**
     * Returns an encoder for one stream.
     *
     * @param model the model name to report, normally the one the caller asked for
     * @return a new encoder; not thread-safe
     */
    public OpenAiResponsesStreamEncoder newStreamEncoder(String model) {
        return new OpenAiResponsesStreamEncoder(Objects.requireNonNull(model, "model"), clock.instant().getEpochSecond());
    }

    /**
     * Encodes an error as OpenAI's error answer. Inside a stream, the encoder's {@code error} event
     * carries the same object.
     *
     * @param error the failure
     * @return the status, body and retry-after
     */
    public EncodedError encodeError(SdkException error) {
        ResponsesErrorEncoder shape = ResponsesErrorEncoder.of(error);
        ObjectNode body = Json.object();
        body.set("error", shape.error(error.getMessage()));
        return new EncodedError(shape.status(), body, error.retryAfter());
    }
}
