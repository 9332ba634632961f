package dev.ditto.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ditto.sdk.AuthenticationException;
import dev.ditto.sdk.ContentFilteredException;
import dev.ditto.sdk.ContextWindowExceededException;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.InvalidRequestException;
import dev.ditto.sdk.ModelNotFoundException;
import dev.ditto.sdk.PermissionDeniedException;
import dev.ditto.sdk.ProviderOverloadedException;
import dev.ditto.sdk.ProviderUnavailableException;
import dev.ditto.sdk.QuotaExceededException;
import dev.ditto.sdk.RateLimitedException;
import dev.ditto.sdk.SdkException;
import dev.ditto.sdk.http.ErrorResponse;
import dev.ditto.sdk.http.HttpStatusErrorMapper;
import dev.ditto.sdk.http.UpstreamErrorMapper;
import java.io.IOException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * Maps OpenAI's error answers, {@code {"error":{"message","type","param","code"}}}, to SDK
 * exceptions: the provider-neutral {@link HttpStatusErrorMapper} decides from status and headers
 * (including {@code retry-after-ms} and the {@code x-request-id} upstream request id), then
 * OpenAI's {@code code} and {@code type} refine the type ({@code context_length_exceeded},
 * {@code insufficient_quota}, {@code rate_limit_exceeded}, {@code model_not_found},
 * {@code content_filter}, ...) and the message names them.
 *
 * <p>Also maps the {@code {"error":{...}}} chunk that arrives inside a 200 stream, which has no
 * status, by code and type alone. Compatible servers that send {@code {"error":"text"}}
 * (Fireworks) or {@code {"message":...}} fall back to the status.
 *
 * <p>Stateless and thread-safe. Configure it on the transport of an OpenAI provider:
 *
 * <pre>{@code
 * HttpTransport transport = HttpTransport.of(HttpTransportConfig.builder()
 *         .errorMapper(OpenAiErrorMapper.ofDefaults())
 *         .build());
 * }</pre>
 */
public final class OpenAiErrorMapper implements UpstreamErrorMapper {

    private static final OpenAiErrorMapper DEFAULT = new OpenAiErrorMapper(HttpStatusErrorMapper.ofDefaults());

    private final HttpStatusErrorMapper generic;

    private OpenAiErrorMapper(HttpStatusErrorMapper generic) {
        this.generic = generic;
    }

    /**
     * Returns the mapper over {@link HttpStatusErrorMapper#ofDefaults()}.
     *
     * @return the shared mapper
     */
    public static OpenAiErrorMapper ofDefaults() {
        return DEFAULT;
    }

    /**
     * Returns a mapper over another status mapper (for a test clock).
     *
     * @param generic the provider-neutral mapper
     * @return a new mapper
     */
    public static OpenAiErrorMapper of(HttpStatusErrorMapper generic) {
        return new OpenAiErrorMapper(Objects.requireNonNull(generic, "generic"));
    }

    /** Builds the exception of one kind, as the other providers' mappers do: a constructor reference. */
    private interface Factory extends BiFunction<String, ErrorDetails, SdkException> {}

    /** The parts of OpenAI's error object; all optional. */
    private record OpenAiError(@Nullable String message, @Nullable String type, @Nullable String code,
            @Nullable String param) {

        String describe() {
            StringBuilder text = new StringBuilder();
            if (type != null || code != null) {
                text.append(type == null ? code : code == null ? type : type + "/" + code);
                text.append(param == null ? ": " : " (param " + param + "): ");
            }
            return text.append(message == null ? "(no message)" : message).toString();
        }
    }

    @Override
    public SdkException map(ErrorResponse response) {
        SdkException mapped = generic.map(response);
        Optional<OpenAiError> error = parse(response.body());
        if (error.isEmpty()) {
            return mapped;
        }
        Factory kind = specificKind(error.get());
        if (kind == null) {
            return mapped;
        }
        return kind.apply("HTTP " + response.status() + " " + error.get().describe(), mapped.details());
    }

    /**
     * Maps the error object of an in-stream {@code {"error":{...}}} chunk.
     *
     * @param error the value of the chunk's {@code error} field
     * @param details the provider, model and other context of the stream
     * @return the exception, {@link ProviderUnavailableException} when the error names no known
     *     code or type
     */
    public SdkException mapStreamError(JsonNode error, ErrorDetails details) {
        OpenAiError parsed = fromNode(error);
        Factory kind = specificKind(parsed);
        if (kind == null) {
            kind = generalKind(parsed.type());
        }
        ErrorDetails withBody = details.withBody(WireJson.write(error), false);
        return kind.apply("the stream reported an error: " + parsed.describe(), withBody);
    }

    /** Kinds that OpenAI codes name exactly, whatever the status. */
    private static @Nullable Factory specificKind(OpenAiError error) {
        String code = lower(error.code());
        String type = lower(error.type());
        if (code.equals("context_length_exceeded")) {
            return ContextWindowExceededException::new;
        }
        if (code.equals("insufficient_quota") || type.equals("insufficient_quota")) {
            return QuotaExceededException::new;
        }
        if (code.equals("rate_limit_exceeded") || type.equals("rate_limit_error")) {
            return RateLimitedException::new;
        }
        if (code.equals("model_not_found") || code.equals("deploymentnotfound")) {
            return ModelNotFoundException::new;
        }
        if (code.equals("content_filter") || code.equals("content_policy_violation")) {
            return ContentFilteredException::new;
        }
        if (code.equals("invalid_api_key") || type.equals("authentication_error")) {
            return AuthenticationException::new;
        }
        if (code.contains("overloaded") || type.contains("overloaded")) {
            return ProviderOverloadedException::new;
        }
        return null;
    }

    /** Kinds by type alone, for in-stream errors that have no status. */
    private static Factory generalKind(@Nullable String type) {
        return switch (lower(type)) {
            case "invalid_request_error" -> InvalidRequestException::new;
            case "permission_error", "permission_denied" -> PermissionDeniedException::new;
            default -> ProviderUnavailableException::new;
        };
    }

    private static Optional<OpenAiError> parse(String body) {
        if (body.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode root = WireJson.MAPPER.readTree(body);
            JsonNode error = root == null ? null : root.get("error");
            return error != null && error.isObject() ? Optional.of(fromNode(error)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static OpenAiError fromNode(JsonNode error) {
        if (error.isTextual()) {
            return new OpenAiError(error.asText(), null, null, null);
        }
        JsonNode code = error.get("code");
        String codeText = code == null || code.isNull() ? null : code.asText();
        return new OpenAiError(WireJson.text(error, "message"), WireJson.text(error, "type"), codeText,
                WireJson.text(error, "param"));
    }

    private static String lower(@Nullable String value) {
        return value == null ? "" : value.toLowerCase(Locale.ROOT);
    }
}
