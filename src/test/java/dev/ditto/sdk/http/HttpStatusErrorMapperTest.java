package dev.ditto.sdk.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.ditto.sdk.AuthenticationException;
import dev.ditto.sdk.ContentFilteredException;
import dev.ditto.sdk.ContextWindowExceededException;
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
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HttpStatusErrorMapperTest {

    /** 2026-01-01T00:00:00Z, so HTTP-date retry-after values resolve deterministically. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final HttpStatusErrorMapper MAPPER = HttpStatusErrorMapper.of(CLOCK);

    static Stream<Arguments> errors() {
        return Stream.of(
                // status, headers, body, expected type, retryable, retry-after
                arguments(400, Map.of(), "{\"error\":{\"message\":\"bad param\"}}", InvalidRequestException.class, false, null),
                arguments(400, Map.of(), "{\"error\":{\"code\":\"context_length_exceeded\",\"message\":\"This model's maximum context length is 128000 tokens\"}}",
                        ContextWindowExceededException.class, false, null),
                arguments(400, Map.of(), "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"prompt is too long: 210000 tokens > 200000 maximum\"}}",
                        ContextWindowExceededException.class, false, null),
                arguments(400, Map.of(), "{\"error\":{\"code\":\"content_filter\",\"message\":\"The response was filtered\"}}",
                        ContentFilteredException.class, false, null),
                arguments(401, Map.of(), "{\"error\":{\"message\":\"Incorrect API key\"}}", AuthenticationException.class, false, null),
                arguments(403, Map.of(), "", PermissionDeniedException.class, false, null),
                arguments(404, Map.of(), "{\"error\":{\"message\":\"The model `gpt-9` does not exist\"}}", ModelNotFoundException.class, false, null),
                arguments(408, Map.of(), "", UpstreamTimeoutException.class, true, null),
                arguments(409, Map.of(), "", ProviderUnavailableException.class, true, null),
                arguments(413, Map.of(), "request too large", InvalidRequestException.class, false, null),
                arguments(422, Map.of(), "{\"detail\":\"unprocessable\"}", InvalidRequestException.class, false, null),
                arguments(429, Map.of("retry-after", "7"), "{\"error\":{\"message\":\"Rate limit reached\"}}", RateLimitedException.class, true, Duration.ofSeconds(7)),
                arguments(429, Map.of("retry-after", "7", "retry-after-ms", "1500.5"), "", RateLimitedException.class, true, Duration.ofNanos(1_500_500_000)),
                arguments(429, Map.of("retry-after", "Thu, 01 Jan 2026 00:00:30 GMT"), "", RateLimitedException.class, true, Duration.ofSeconds(30)),
                arguments(429, Map.of("retry-after", "Wed, 31 Dec 2025 23:59:00 GMT"), "", RateLimitedException.class, true, Duration.ZERO),
                arguments(429, Map.of("retry-after", "soon"), "", RateLimitedException.class, true, null),
                arguments(429, Map.of("retry-after", "0.25"), "", RateLimitedException.class, true, Duration.ofMillis(250)),
                arguments(429, Map.of(), "{\"error\":{\"code\":\"insufficient_quota\",\"message\":\"You exceeded your current quota\"}}",
                        QuotaExceededException.class, false, null),
                arguments(500, Map.of(), "Internal Server Error", ProviderUnavailableException.class, true, null),
                arguments(502, Map.of(), "", ProviderUnavailableException.class, true, null),
                arguments(503, Map.of("retry-after", "2"), "", ProviderUnavailableException.class, true, Duration.ofSeconds(2)),
                arguments(503, Map.of(), "{\"error\":{\"message\":\"The model is overloaded\"}}", ProviderOverloadedException.class, true, null),
                arguments(504, Map.of(), "", UpstreamTimeoutException.class, true, null),
                arguments(529, Map.of(), "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}",
                        ProviderOverloadedException.class, true, null),
                arguments(418, Map.of(), "", InvalidRequestException.class, false, null),
                arguments(302, Map.of(), "", UnexpectedResponseException.class, false, null));
    }

    @ParameterizedTest(name = "{0} {1} -> {3}")
    @MethodSource("errors")
    void mapsStatusHeadersAndBodyToTheExceptionType(int status, Map<String, String> headers, String body,
            Class<? extends SdkException> type, boolean retryable, Duration retryAfter) {
        SdkException exception = MAPPER.map(new ErrorResponse(status, headers(headers), body, false, "openai", "gpt-4o"));

        assertThat(exception).isExactlyInstanceOf(type);
        assertThat(exception.isRetryable()).isEqualTo(retryable);
        assertThat(exception.retryAfter()).isEqualTo(retryAfter);
        assertThat(exception.status()).isEqualTo(status);
        assertThat(exception.provider()).isEqualTo("openai");
        assertThat(exception.model()).isEqualTo("gpt-4o");
        assertThat(exception.errorBody()).isEqualTo(body.isEmpty() ? null : body);
    }

    @Test
    void usesTheProvidersMessageAndAppendsTheDetails() {
        SdkException exception = MAPPER.map(new ErrorResponse(429,
                headers(Map.of("x-request-id", "req_123", "retry-after", "7")),
                "{\"error\":{\"message\":\"Rate limit reached for gpt-4o\"}}", false, "openai", "gpt-4o"));

        assertThat(exception.upstreamRequestId()).isEqualTo("req_123");
        assertThat(exception.getMessage()).isEqualTo("HTTP 429: Rate limit reached for gpt-4o "
                + "(status=429, provider=openai, model=gpt-4o, retryAfter=PT7S, upstreamRequestId=req_123)");
    }

    @Test
    void readsAnthropicsRequestIdHeader() {
        SdkException exception = MAPPER.map(new ErrorResponse(500, headers(Map.of("request-id", "req_011")), "",
                false, "anthropic", null));

        assertThat(exception.upstreamRequestId()).isEqualTo("req_011");
    }

    @Test
    void keepsTheTruncationFlagAndFallsBackToRawTextForTruncatedJson() {
        String truncated = "{\"error\":{\"message\":\"" + "x".repeat(500);

        SdkException exception = MAPPER.map(new ErrorResponse(400, headers(Map.of()), truncated, true, null, null));

        assertThat(exception.details().bodyTruncated()).isTrue();
        assertThat(exception.getMessage()).startsWith("HTTP 400: {\"error\":{\"message\":\"xxx").contains("...");
    }

    private static HttpHeaders headers(Map<String, String> values) {
        Map<String, List<String>> multi = new LinkedHashMap<>();
        values.forEach((name, value) -> multi.put(name, List.of(value)));
        return HttpHeaders.of(multi, (name, value) -> true);
    }
}
