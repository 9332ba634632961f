package dev.ditto.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.ditto.sdk.AuthenticationException;
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
import dev.ditto.sdk.UpstreamTimeoutException;
import dev.ditto.sdk.http.ErrorResponse;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AnthropicErrorMapperTest {

    private static String body(String type, String message) {
        return "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message + "\"},"
                + "\"request_id\":\"req_body\"}";
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                // status, headers, body, expected type, retryable, retry-after
                arguments(400, Map.of(), body("invalid_request_error", "messages: field required"),
                        InvalidRequestException.class, false, null),
                arguments(400, Map.of(), body("invalid_request_error", "prompt is too long: 210000 tokens > 200000 maximum"),
                        ContextWindowExceededException.class, false, null),
                arguments(401, Map.of(), body("authentication_error", "invalid x-api-key"), AuthenticationException.class, false, null),
                arguments(402, Map.of(), body("billing_error", "credit balance too low"), QuotaExceededException.class, false, null),
                arguments(400, Map.of(), body("billing_error", "credit balance too low"), QuotaExceededException.class, false, null),
                arguments(403, Map.of(), body("permission_error", "no access"), PermissionDeniedException.class, false, null),
                arguments(404, Map.of(), body("not_found_error", "model: claude-9"), ModelNotFoundException.class, false, null),
                arguments(413, Map.of(), body("request_too_large", "too big"), InvalidRequestException.class, false, null),
                arguments(429, Map.of("retry-after", "12"), body("rate_limit_error", "slow down"),
                        RateLimitedException.class, true, Duration.ofSeconds(12)),
                arguments(500, Map.of(), body("api_error", "internal"), ProviderUnavailableException.class, true, null),
                arguments(504, Map.of(), body("timeout_error", "timed out"), UpstreamTimeoutException.class, true, null),
                arguments(529, Map.of("retry-after", "2"), body("overloaded_error", "Overloaded"),
                        ProviderOverloadedException.class, true, Duration.ofSeconds(2)),
                // the error type wins over an unusual status
                arguments(500, Map.of(), body("overloaded_error", "Overloaded"), ProviderOverloadedException.class, true, null),
                // no Anthropic body: the status decides
                arguments(529, Map.of(), "", ProviderOverloadedException.class, true, null),
                arguments(502, Map.of(), "<html>bad gateway</html>", ProviderUnavailableException.class, true, null),
                arguments(418, Map.of(), body("teapot_error", "short and stout"), InvalidRequestException.class, false, null));
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("errors")
    void mapsStatusAndBody(int status, Map<String, String> headers, String body, Class<? extends SdkException> type,
            boolean retryable, @Nullable Duration retryAfter) {
        Map<String, List<String>> all = headers.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> List.of(entry.getValue())));
        all = new java.util.HashMap<>(all);
        all.put("request-id", List.of("req_header"));
        ErrorResponse response = new ErrorResponse(status, HttpHeaders.of(all, (name, value) -> true), body, false,
                "anthropic", "claude-sonnet-4-5");

        SdkException error = AnthropicErrorMapper.ofDefaults().map(response);

        assertThat(error).isInstanceOf(type);
        assertThat(error.isRetryable()).isEqualTo(retryable);
        assertThat(error.retryAfter()).isEqualTo(retryAfter);
        assertThat(error.status()).isEqualTo(status);
        assertThat(error.upstreamRequestId()).isEqualTo("req_header");
        assertThat(error.provider()).isEqualTo("anthropic");
        assertThat(error.errorBody()).isEqualTo(body.isEmpty() ? null : body);
    }

    static Stream<Arguments> streamErrors() {
        return Stream.of(
                arguments("overloaded_error", ProviderOverloadedException.class, true),
                arguments("api_error", ProviderUnavailableException.class, true),
                arguments("rate_limit_error", RateLimitedException.class, true),
                arguments("invalid_request_error", InvalidRequestException.class, false),
                arguments("something_new", ProviderUnavailableException.class, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streamErrors")
    void mapsErrorEventsInsideAStream(String type, Class<? extends SdkException> expected, boolean retryable) {
        SdkException error = AnthropicErrorMapper.streamError(type, "details", ErrorDetails.of("anthropic", "m"));

        assertThat(error).isInstanceOf(expected).hasMessageContaining(type).hasMessageContaining("details");
        assertThat(error.isRetryable()).isEqualTo(retryable);
    }
}
