package dev.ditto.sdk.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import dev.ditto.sdk.UnexpectedResponseException;
import dev.ditto.sdk.UpstreamTimeoutException;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The provider-neutral mapping from an upstream error answer to an SDK exception: the one place
 * that turns status, headers and body into a type (STYLE 19). Provider adapters refine it through
 * their own {@link UpstreamErrorMapper} and delegate everything else here.
 *
 * <p>The status decides the type, except where providers share a status for different causes: a
 * 4xx whose body says the context window was exceeded or a content policy was violated, a 429
 * whose body says {@code insufficient_quota} (not retryable, unlike a rate limit), and a 5xx whose
 * body says {@code overloaded}. {@code retry-after-ms} wins over {@code retry-after}, which may be
 * seconds or an HTTP date.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class HttpStatusErrorMapper implements UpstreamErrorMapper {

    /** The standard header: delay in seconds, or an HTTP date. */
    public static final String RETRY_AFTER = "retry-after";

    /** OpenAI's and Azure's header: delay in milliseconds, possibly fractional. */
    public static final String RETRY_AFTER_MS = "retry-after-ms";

    /** Headers that carry the provider's request id, in the order they are tried. */
    public static final List<String> REQUEST_ID_HEADERS =
            List.of("x-request-id", "request-id", "apim-request-id", "x-amzn-requestid");

    private static final List<String> CONTEXT_WINDOW_MARKERS = List.of("context_length_exceeded",
            "maximum context length", "context window", "prompt is too long", "input is too long",
            "exceeds the maximum number of tokens", "too many tokens");
    private static final List<String> CONTENT_FILTER_MARKERS = List.of("content_filter",
            "content_policy_violation", "content management policy", "responsibleaipolicyviolation");
    private static final String INSUFFICIENT_QUOTA = "insufficient_quota";
    private static final String OVERLOADED = "overloaded";
    private static final Pattern SECONDS = Pattern.compile("\\d{1,10}(\\.\\d+)?");
    private static final int MESSAGE_SNIPPET_CHARS = 300;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpStatusErrorMapper DEFAULT = new HttpStatusErrorMapper(Clock.systemUTC());

    private final Clock clock;

    private HttpStatusErrorMapper(Clock clock) {
        this.clock = clock;
    }

    /**
     * Returns the mapper that resolves HTTP-date {@code retry-after} values against the system
     * clock.
     *
     * @return the shared default mapper
     */
    public static HttpStatusErrorMapper ofDefaults() {
        return DEFAULT;
    }

    /**
     * Returns a mapper that resolves HTTP-date {@code retry-after} values against the given clock.
     *
     * @param clock the wall clock
     * @return a new mapper
     */
    public static HttpStatusErrorMapper of(Clock clock) {
        return new HttpStatusErrorMapper(Objects.requireNonNull(clock, "clock"));
    }

    /** The outcome types, each with the constructor of its exception. */
    private enum Kind {
        AUTHENTICATION(AuthenticationException::new),
        PERMISSION_DENIED(PermissionDeniedException::new),
        MODEL_NOT_FOUND(ModelNotFoundException::new),
        CONTEXT_WINDOW_EXCEEDED(ContextWindowExceededException::new),
        CONTENT_FILTERED(ContentFilteredException::new),
        INVALID_REQUEST(InvalidRequestException::new),
        QUOTA_EXCEEDED(QuotaExceededException::new),
        RATE_LIMITED(RateLimitedException::new),
        OVERLOADED(ProviderOverloadedException::new),
        UNAVAILABLE(ProviderUnavailableException::new),
        TIMEOUT(UpstreamTimeoutException::new),
        UNEXPECTED(UnexpectedResponseException::new);

        private final BiFunction<String, ErrorDetails, SdkException> factory;

        Kind(BiFunction<String, ErrorDetails, SdkException> factory) {
            this.factory = factory;
        }
    }

    @Override
    public SdkException map(ErrorResponse response) {
        ErrorDetails details = new ErrorDetails(response.status(), response.provider(), response.model(),
                retryAfter(response.headers()), requestId(response.headers()),
                response.body().isEmpty() ? null : response.body(), response.bodyTruncated());
        String message = "HTTP " + response.status() + ": " + describe(response.body());
        return classify(response.status(), response.body().toLowerCase(Locale.ROOT)).factory.apply(message, details);
    }

    private static Kind classify(int status, String body) {
        boolean clientError = status >= 400 && status < 500;
        if (status >= 500 && body.contains(OVERLOADED)) {
            return Kind.OVERLOADED;
        }
        if (clientError && containsAny(body, CONTEXT_WINDOW_MARKERS)) {
            return Kind.CONTEXT_WINDOW_EXCEEDED;
        }
        if (clientError && containsAny(body, CONTENT_FILTER_MARKERS)) {
            return Kind.CONTENT_FILTERED;
        }
        switch (status) {
            case 401: return Kind.AUTHENTICATION;
            case 403: return Kind.PERMISSION_DENIED;
            case 404: return Kind.MODEL_NOT_FOUND;
            case 408, 504: return Kind.TIMEOUT;
            // 409 is a lock conflict at the provider; it clears on retry, like an outage.
            case 409: return Kind.UNAVAILABLE;
            case 429: return body.contains(INSUFFICIENT_QUOTA) ? Kind.QUOTA_EXCEEDED : Kind.RATE_LIMITED;
            case 529: return Kind.OVERLOADED;
            default: break;
        }
        if (status >= 500 && status < 600) {
            return Kind.UNAVAILABLE;
        }
        return clientError ? Kind.INVALID_REQUEST : Kind.UNEXPECTED;
    }

    /**
     * Reads how long the provider asked callers to wait: {@code retry-after-ms} if present and
     * valid, else {@code retry-after} as seconds or as an HTTP date (a date in the past gives zero).
     *
     * @param headers the response headers
     * @return the wait, or {@code null} when absent or unparseable
     */
    public @Nullable Duration retryAfter(HttpHeaders headers) {
        Optional<String> millis = headers.firstValue(RETRY_AFTER_MS).map(String::trim);
        if (millis.isPresent() && SECONDS.matcher(millis.get()).matches()) {
            return Duration.ofNanos(Math.round(Double.parseDouble(millis.get()) * 1_000_000));
        }
        String value = headers.firstValue(RETRY_AFTER).map(String::trim).orElse(null);
        if (value == null) {
            return null;
        }
        if (SECONDS.matcher(value).matches()) {
            return Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
        }
        try {
            Duration wait = Duration.between(clock.instant(),
                    ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return wait.isNegative() ? Duration.ZERO : wait;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static @Nullable String requestId(HttpHeaders headers) {
        for (String name : REQUEST_ID_HEADERS) {
            Optional<String> value = headers.firstValue(name);
            if (value.isPresent()) {
                return value.get();
            }
        }
        return null;
    }

    /** Finds the provider's own message ({@code error.message}, {@code message}, {@code detail}). */
    private static String describe(String body) {
        if (body.isBlank()) {
            return "(no body)";
        }
        try {
            JsonNode root = JSON.readTree(body);
            for (JsonNode candidate : List.of(root.path("error").path("message"), root.path("error"),
                    root.path("message"), root.path("detail"))) {
                if (candidate.isTextual() && !candidate.asText().isBlank()) {
                    return snippet(candidate.asText());
                }
            }
        } catch (IOException e) {
            // Not JSON (or truncated JSON): fall back to the raw text.
        }
        return snippet(body);
    }

    private static String snippet(String text) {
        String flat = text.strip().replaceAll("\\s+", " ");
        return flat.length() <= MESSAGE_SNIPPET_CHARS ? flat : flat.substring(0, MESSAGE_SNIPPET_CHARS) + "...";
    }

    private static boolean containsAny(String body, List<String> markers) {
        for (String marker : markers) {
            if (body.contains(marker)) {
                return true;
            }
        }
        return false;
    }
}
