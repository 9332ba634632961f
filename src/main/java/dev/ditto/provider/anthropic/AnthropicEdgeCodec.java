package dev.ditto.provider.anthropic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.AuthenticationException;
import dev.ditto.sdk.ContentFilteredException;
import dev.ditto.sdk.InvalidRequestException;
import dev.ditto.sdk.LanguageModelRequest;
import dev.ditto.sdk.LanguageModelResult;
import dev.ditto.sdk.ModelNotFoundException;
import dev.ditto.sdk.PermissionDeniedException;
import dev.ditto.sdk.ProviderOverloadedException;
import dev.ditto.sdk.QuotaExceededException;
import dev.ditto.sdk.RateLimitedException;
import dev.ditto.sdk.SdkException;
import dev.ditto.sdk.UpstreamTimeoutException;
import dev.ditto.sdk.Warning;
import dev.ditto.sdk.http.SseEvent;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Speaks Anthropic's Messages API at the gateway's edge: decodes a client's {@code POST
 * /v1/messages} (and {@code /v1/messages/count_tokens}) body into a provider-neutral request,
 * and encodes results, streams and errors the way Anthropic would answer.
 *
 * <p>Every documented request parameter is accepted; those without a provider-neutral name
 * ({@code service_tier}, {@code container}, {@code mcp_servers}, ...) travel in the {@code
 * anthropic} provider options, so they reach Anthropic unchanged and are ignored elsewhere.
 * Unknown parameters are rejected. Stop reasons and usage follow WIRE-FORMATS.md.
 *
 * <p>Stateless and thread-safe; stream encoders are per response.
 *
 * <pre>{@code
 * AnthropicEdgeCodec codec = AnthropicEdgeCodec.ofDefaults();
 * AnthropicEdgeCodec.DecodedRequest in = codec.decodeRequest(body);
 * if (!in.stream()) {
 *     ObjectNode json = codec.encodeResult(model.generate(in.request()), in.model());
 * }
 * }</pre>
 */
public final class AnthropicEdgeCodec {

    private static final AnthropicEdgeCodec DEFAULT = new AnthropicEdgeCodec();

    private AnthropicEdgeCodec() {
    }

    /**
     * Returns the codec.
     *
     * @return the shared instance
     */
    public static AnthropicEdgeCodec ofDefaults() {
        return DEFAULT;
    }

    /**
     * A decoded client request.
     *
     * @param request the provider-neutral request
     * @param model the model the client asked for, as given
     * @param stream whether the client asked for server-sent events
     * @param warnings what had no provider-neutral form and was left out (such as a {@code
     *     search_result} block inside a tool result)
     */
    public record DecodedRequest(LanguageModelRequest request, String model, boolean stream, List<Warning> warnings) {

        /**
         * Validates the fields and copies the warnings.
         *
         * @param request the provider-neutral request
         * @param model the model the client asked for, as given
         * @param stream whether the client asked for server-sent events
         * @param warnings what had no provider-neutral form and was left out
         */
        public DecodedRequest {
            Objects.requireNonNull(request, "request");
            Objects.requireNonNull(model, "model");
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * An error as Anthropic sends it.
     *
     * @param status the HTTP status
     * @param body {@code {"type":"error","error":{"type":...,"message":...}}}
     * @param retryAfter the wait to send as {@code retry-after}, or {@code null}
     */
    public record EncodedError(int status, ObjectNode body, @Nullable Duration retryAfter) {

        /**
         * Copies the body.
         *
         * @param status the HTTP status
         * @param body the error body
         * @param retryAfter the wait to send as {@code retry-after}, or {@code null}
         */
        public EncodedError {
            body = body.deepCopy();
        }

        /**
         * Returns a copy of the body.
         *
         * @return the error body
         */
        @Override
        public ObjectNode body() {
            return body.deepCopy();
        }
    }

    /**
     * Decodes a {@code POST /v1/messages} body.
     *
     * @param body the JSON body
     * @return the request
     * @throws InvalidRequestException if a parameter is unknown, missing or invalid; the message
     *     starts with its path, such as {@code messages[2].content[0].type}
     */
    public DecodedRequest decodeRequest(ObjectNode body) {
        return decodeRequest(body, List.of());
    }

    /**
     * Decodes a {@code POST /v1/messages} body sent with {@code anthropic-beta} values, which
     * are kept for Anthropic in the provider options.
     *
     * @param body the JSON body
     * @param betas the values of the client's {@code anthropic-beta} header
     * @return the request
     * @throws InvalidRequestException if a parameter is unknown, missing or invalid
     */
    public DecodedRequest decodeRequest(ObjectNode body, List<String> betas) {
        return EdgeRequestMapper.decode(body, false, betas);
    }

    /**
     * Decodes a {@code POST /v1/messages/count_tokens} body (no {@code max_tokens}, no {@code stream}).
     *
     * @param body the JSON body
     * @return the request, with {@code stream} false
     * @throws InvalidRequestException if a parameter is unknown, missing or invalid
     */
    public DecodedRequest decodeCountTokensRequest(ObjectNode body) {
        return decodeCountTokensRequest(body, List.of());
    }

    /**
     * Decodes a {@code POST /v1/messages/count_tokens} body sent with {@code anthropic-beta}
     * values, which are kept for Anthropic in the provider options.
     *
     * @param body the JSON body
     * @param betas the values of the client's {@code anthropic-beta} header
     * @return the request, with {@code stream} false
     * @throws InvalidRequestException if a parameter is unknown, missing or invalid
     */
    public DecodedRequest decodeCountTokensRequest(ObjectNode body, List<String> betas) {
        return EdgeRequestMapper.decode(body, true, betas);
    }

    /**
     * Encodes the answer of {@code count_tokens}.
     *
     * @param inputTokens the prompt size
     * @return {@code {"input_tokens": n}}
     */
    public ObjectNode encodeCountTokens(long inputTokens) {
        return AnthropicJson.object().put("input_tokens", inputTokens);
    }

    /**
     * Encodes a result as a {@code message}.
     *
     * @param result the result
     * @param model the model name to report, usually the one the client asked for
     * @return the message JSON
     */
    public ObjectNode encodeResult(LanguageModelResult result, String model) {
        return ResponseMapper.toMessage(result, model).toJson();
    }

    /**
     * Returns a stream encoder for one response.
     *
     * @param model the model name to report
     * @return a new encoder
     */
    public AnthropicStreamEncoder newStreamEncoder(String model) {
        return new AnthropicStreamEncoder(model);
    }

    /**
     * Encodes a failure as Anthropic's error answer.
     *
     * @param error the failure
     * @return the status, body and retry-after
     */
    public EncodedError encodeError(SdkException error) {
        Kind kind = kind(error);
        return new EncodedError(kind.status, body(kind.type, message(error)), error.retryAfter());
    }

    /**
     * Encodes a failure as the {@code error} event of a stream already under way.
     *
     * @param error the failure
     * @return the event
     */
    public SseEvent encodeStreamError(SdkException error) {
        return streamErrorEvent(error);
    }

    static SseEvent streamErrorEvent(SdkException error) {
        return streamErrorEvent(kind(error).type, message(error));
    }

    static SseEvent streamErrorEvent(String type, String message) {
        return AnthropicStreamEncoder.event(new WireEvent.Error(type, message));
    }

    private static ObjectNode body(String type, String message) {
        return new WireEvent.Error(type, message).toJson();
    }

    /** Anthropic's error types and statuses (platform.claude.com, "Errors"). */
    private enum Kind {
        INVALID_REQUEST(400, AnthropicErrorMapper.INVALID_REQUEST_ERROR),
        REQUEST_TOO_LARGE(413, "request_too_large"),
        AUTHENTICATION(401, "authentication_error"),
        BILLING(402, "billing_error"),
        PERMISSION(403, "permission_error"),
        NOT_FOUND(404, "not_found_error"),
        RATE_LIMIT(429, "rate_limit_error"),
        API(500, "api_error"),
        TIMEOUT(504, "timeout_error"),
        OVERLOADED(529, AnthropicErrorMapper.OVERLOADED_ERROR);

        final int status;
        final String type;

        Kind(int status, String type) {
            this.status = status;
            this.type = type;
        }
    }

    private static Kind kind(SdkException error) {
        if (error instanceof InvalidRequestException || error instanceof ContentFilteredException) {
            return Integer.valueOf(413).equals(error.status()) ? Kind.REQUEST_TOO_LARGE : Kind.INVALID_REQUEST;
        } else if (error instanceof AuthenticationException) {
            return Kind.AUTHENTICATION;
        } else if (error instanceof QuotaExceededException) {
            return Kind.BILLING;
        } else if (error instanceof PermissionDeniedException) {
            return Kind.PERMISSION;
        } else if (error instanceof ModelNotFoundException) {
            return Kind.NOT_FOUND;
        } else if (error instanceof RateLimitedException) {
            return Kind.RATE_LIMIT;
        } else if (error instanceof UpstreamTimeoutException) {
            return Kind.TIMEOUT;
        } else if (error instanceof ProviderOverloadedException) {
            return Kind.OVERLOADED;
        }
        return Kind.API;
    }

    /** The exception's message without the details summary, which names upstream internals. */
    private static String message(SdkException error) {
        String message = Objects.requireNonNullElse(error.getMessage(), error.getClass().getSimpleName());
        String suffix = " (" + error.details().summary() + ")";
        return message.endsWith(suffix) ? message.substring(0, message.length() - suffix.length()) : message;
    }
}
