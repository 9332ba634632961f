package dev.ditto.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ditto.sdk.AuthenticationException;
import dev.ditto.sdk.ContextWindowExceededException;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.InvalidRequestException;
import dev.ditto.sdk.ModelNotFoundException;
import dev.ditto.sdk.PermissionDeniedException;
import dev.ditto.sdk.ProviderOverloadedException;
import dev.ditto.sdk.ProviderUnavailableException;
import dev.ditto.sdk.RateLimitedException;
import dev.ditto.sdk.SdkException;
import dev.ditto.sdk.UpstreamTimeoutException;
import dev.ditto.sdk.http.ErrorResponse;
import dev.ditto.sdk.http.HttpStatusErrorMapper;
import dev.ditto.sdk.http.UpstreamErrorMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * Maps Google's error answers, {@code {"error":{"code","message","status","details":[…]}}}, to SDK
 * exceptions: by the canonical {@code status} name first (so that {@code RESOURCE_EXHAUSTED} is a
 * rate limit and an invalid API key is an authentication failure even though Google answers it
 * with 400), with the wait from {@code google.rpc.RetryInfo.retryDelay} when no
 * {@code retry-after} header says otherwise. Anything it does not recognise goes to
 * {@link HttpStatusErrorMapper}.
 *
 * <p>Give it to the {@link dev.ditto.sdk.http.HttpTransportConfig} of a transport shared with
 * Gemini models; the models also apply it to errors of transports configured otherwise. Instances
 * are immutable and thread-safe.
 *
 * <pre>{@code
 * HttpTransport transport = HttpTransport.of(HttpTransportConfig.builder()
 *         .errorMapper(GeminiErrorMapper.ofDefaults()).build());
 * }</pre>
 */
public final class GeminiErrorMapper implements UpstreamErrorMapper {

    /** The {@code @type} of the detail that carries the retry delay. */
    static final String RETRY_INFO_TYPE = "type.googleapis.com/google.rpc.RetryInfo";
    /** The {@code @type} of the detail that carries a machine-readable reason. */
    static final String ERROR_INFO_TYPE = "type.googleapis.com/google.rpc.ErrorInfo";

    private static final GeminiErrorMapper DEFAULT = new GeminiErrorMapper(HttpStatusErrorMapper.ofDefaults());
    private static final Pattern PROTO_DURATION = Pattern.compile("(\\d{1,12}(?:\\.\\d{1,9})?)s");
    private static final String INVALID_KEY_REASON = "API_KEY_INVALID";
    private static final List<String> CONTEXT_MARKERS =
            List.of("exceeds the maximum number of tokens", "input token count", "context window");
    private static final HttpHeaders NO_HEADERS = HttpHeaders.of(Map.of(), (name, value) -> true);

    private static final Map<String, BiFunction<String, ErrorDetails, SdkException>> BY_STATUS = Map.of(
            "RESOURCE_EXHAUSTED", RateLimitedException::new,
            "UNAUTHENTICATED", AuthenticationException::new,
            "PERMISSION_DENIED", PermissionDeniedException::new,
            // Billing or region not enabled: the caller's setup, not the request, is the problem.
            "FAILED_PRECONDITION", PermissionDeniedException::new,
            "NOT_FOUND", ModelNotFoundException::new,
            "DEADLINE_EXCEEDED", UpstreamTimeoutException::new,
            "INTERNAL", ProviderUnavailableException::new,
            "ABORTED", ProviderUnavailableException::new);

    private final HttpStatusErrorMapper fallback;

    private GeminiErrorMapper(HttpStatusErrorMapper fallback) {
        this.fallback = fallback;
    }

    /**
     * Returns the mapper that defers to {@link HttpStatusErrorMapper#ofDefaults()}.
     *
     * @return the shared mapper
     */
    public static GeminiErrorMapper ofDefaults() {
        return DEFAULT;
    }

    @Override
    public SdkException map(ErrorResponse response) {
        SdkException generic = fallback.map(response);
        JsonNode error = errorObject(response.body());
        if (error == null) {
            return generic;
        }
        ErrorDetails details = generic.details();
        if (details.retryAfter() == null) {
            details = details.withRetryAfter(retryDelay(error));
        }
        SdkException specific = classify(response.status(), error, details);
        return specific != null ? specific : generic;
    }

    /**
     * Maps an error object that arrived inside a {@code 200} stream.
     *
     * @param error the value of the chunk's {@code error} field
     * @param details the provider and model of the call
     * @return the exception
     */
    SdkException mapStreamError(JsonNode error, ErrorDetails details) {
        int code = error.path("code").asInt(500);
        return map(new ErrorResponse(code, NO_HEADERS, "{\"error\":" + error + "}", false,
                details.provider(), details.model()));
    }

    /**
     * Re-maps an exception that a transport with another error mapper produced, when it carries a
     * Google error body; keeps the retry-after and request id that transport read from headers.
     *
     * @param exception the transport's exception
     * @return the refined exception, or {@code exception} itself when there is nothing to refine
     */
    SdkException refine(SdkException exception) {
        Integer status = exception.status();
        String body = exception.errorBody();
        JsonNode error = status == null || body == null ? null : errorObject(body);
        if (status == null || error == null) {
            return exception;
        }
        ErrorDetails details = exception.details();
        if (details.retryAfter() == null) {
            details = details.withRetryAfter(retryDelay(error));
        }
        SdkException specific = classify(status, error, details);
        return specific != null ? specific : exception;
    }

    /** Returns the exception for Google's status name, or {@code null} to keep the generic one. */
    private static @Nullable SdkException classify(int httpStatus, JsonNode error, ErrorDetails details) {
        String status = error.path("status").asText("");
        String text = error.path("message").asText("(no message)");
        String message = "HTTP " + httpStatus + (status.isEmpty() ? "" : " " + status) + ": " + text;
        String lower = text.toLowerCase(Locale.ROOT);
        if (hasReason(error, INVALID_KEY_REASON)) {
            return new AuthenticationException(message, details);
        }
        if (httpStatus >= 400 && httpStatus < 500 && CONTEXT_MARKERS.stream().anyMatch(lower::contains)) {
            return new ContextWindowExceededException(message, details);
        }
        if ("UNAVAILABLE".equals(status)) {
            return lower.contains("overloaded") ? new ProviderOverloadedException(message, details)
                    : new ProviderUnavailableException(message, details);
        }
        if ("INVALID_ARGUMENT".equals(status)) {
            return new InvalidRequestException(message, details);
        }
        BiFunction<String, ErrorDetails, SdkException> factory = BY_STATUS.get(status);
        return factory == null ? null : factory.apply(message, details);
    }

    private static @Nullable JsonNode errorObject(String body) {
        if (body.isBlank()) {
            return null;
        }
        try {
            JsonNode root = GeminiWire.JSON.readTree(body);
            // Some Google front ends answer with a one-element array around the error object.
            if (root != null && root.isArray() && root.size() == 1) {
                root = root.get(0);
            }
            JsonNode error = root == null ? null : root.get("error");
            return error != null && error.isObject() ? error : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean hasReason(JsonNode error, String reason) {
        for (JsonNode detail : details(error)) {
            if (ERROR_INFO_TYPE.equals(detail.path("@type").asText()) && reason.equals(detail.path("reason").asText())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads {@code RetryInfo.retryDelay}, a protobuf duration such as {@code "34.4s"}.
     *
     * @param error the error object
     * @return the delay, or {@code null} when absent or malformed
     */
    static @Nullable Duration retryDelay(JsonNode error) {
        for (JsonNode detail : details(error)) {
            if (RETRY_INFO_TYPE.equals(detail.path("@type").asText())) {
                Matcher matcher = PROTO_DURATION.matcher(detail.path("retryDelay").asText(""));
                if (matcher.matches()) {
                    BigDecimal seconds = new BigDecimal(matcher.group(1));
                    return Duration.ofNanos(seconds.movePointRight(9).longValueExact());
                }
            }
        }
        return null;
    }

    private static List<JsonNode> details(JsonNode error) {
        JsonNode details = error.get("details");
        if (details == null || !details.isArray()) {
            return List.of();
        }
        return StreamSupport.stream(details.spliterator(), false).toList();
    }
}
