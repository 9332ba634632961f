package dev.ditto.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ditto.sdk.AuthenticationException;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.InvalidRequestException;
import dev.ditto.sdk.ModelNotFoundException;
import dev.ditto.sdk.PermissionDeniedException;
import dev.ditto.sdk.ProviderOverloadedException;
import dev.ditto.sdk.ProviderUnavailableException;
import dev.ditto.sdk.QuotaExceededException;
import dev.ditto.sdk.RateLimitedException;
import dev.ditto.sdk.SdkException;
import dev.ditto.sdk.UpstreamTimeoutException;
import dev.ditto.sdk.http.ErrorResponse;
import dev.ditto.sdk.http.HttpStatusErrorMapper;
import dev.ditto.sdk.http.UpstreamErrorMapper;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * Maps Anthropic's errors, {@code {"type":"error","error":{"type":"overloaded_error","message":
 * "Overloaded"}}} with the {@code request-id} and {@code retry-after} headers, to SDK exceptions.
 *
 * <p>The {@code error.type} decides the exception where it is known ({@code overloaded_error} is
 * a retryable {@link ProviderOverloadedException} whatever the status, {@code billing_error} a
 * {@link QuotaExceededException}); {@code invalid_request_error} and everything else go through
 * {@link HttpStatusErrorMapper}, which also reads the status, the retry-after and the request id.
 * The same table maps {@code error} events inside a stream. Immutable and thread-safe.
 *
 * <pre>{@code
 * HttpTransport transport = HttpTransport.of(HttpTransportConfig.builder()
 *         .errorMapper(AnthropicErrorMapper.ofDefaults())
 *         .build());
 * }</pre>
 */
public final class AnthropicErrorMapper implements UpstreamErrorMapper {

    /** The error type of a malformed request; the generic mapper refines it (context window, content filter). */
    public static final String INVALID_REQUEST_ERROR = "invalid_request_error";
    /** The error type of a temporarily overloaded API (HTTP 529). */
    public static final String OVERLOADED_ERROR = "overloaded_error";

    private static final Map<String, BiFunction<String, ErrorDetails, SdkException>> BY_TYPE = Map.of(
            "authentication_error", AuthenticationException::new,
            "permission_error", PermissionDeniedException::new,
            "not_found_error", ModelNotFoundException::new,
            "request_too_large", InvalidRequestException::new,
            "billing_error", QuotaExceededException::new,
            "rate_limit_error", RateLimitedException::new,
            "api_error", ProviderUnavailableException::new,
            OVERLOADED_ERROR, ProviderOverloadedException::new,
            "timeout_error", UpstreamTimeoutException::new);
    private static final AnthropicErrorMapper DEFAULT = new AnthropicErrorMapper(HttpStatusErrorMapper.ofDefaults());

    private final HttpStatusErrorMapper generic;

    private AnthropicErrorMapper(HttpStatusErrorMapper generic) {
        this.generic = generic;
    }

    /**
     * Returns the mapper that resolves HTTP-date {@code retry-after} values against the system clock.
     *
     * @return the shared mapper
     */
    public static AnthropicErrorMapper ofDefaults() {
        return DEFAULT;
    }

    /**
     * Returns a mapper delegating to the given generic mapper (to control its clock in tests).
     *
     * @param generic the provider-neutral mapper
     * @return a new mapper
     */
    public static AnthropicErrorMapper of(HttpStatusErrorMapper generic) {
        return new AnthropicErrorMapper(Objects.requireNonNull(generic, "generic"));
    }

    @Override
    public SdkException map(ErrorResponse response) {
        SdkException fallback = generic.map(response);
        JsonNode error = errorObject(response.body());
        String type = error == null ? null : error.path("type").asText(null);
        BiFunction<String, ErrorDetails, SdkException> factory = type == null ? null : BY_TYPE.get(type);
        if (factory == null) {
            return fallback;
        }
        String message = error.path("message").asText("(no message)");
        return factory.apply("HTTP " + response.status() + " " + type + ": " + message, fallback.details());
    }

    /**
     * Maps an {@code error} event that arrived inside a stream, whose HTTP status was 200.
     *
     * @param type the {@code error.type}, such as {@code overloaded_error}
     * @param message the {@code error.message}
     * @param details the provider and model of the call
     * @return the exception; an unknown type is a retryable {@link ProviderUnavailableException}
     */
    public static SdkException streamError(String type, String message, ErrorDetails details) {
        String text = "stream error " + type + ": " + message;
        if (type.equals(INVALID_REQUEST_ERROR)) {
            return new InvalidRequestException(text, details);
        }
        return BY_TYPE.getOrDefault(type, ProviderUnavailableException::new).apply(text, details);
    }

    private static @Nullable JsonNode errorObject(String body) {
        if (body.isBlank()) {
            return null;
        }
        try {
            JsonNode error = AnthropicJson.MAPPER.readTree(body).path("error");
            return error.isObject() ? error : null;
        } catch (java.io.IOException e) {
            return null; // not JSON, or cut at the 64 KiB cap: the status decides
        }
    }
}
