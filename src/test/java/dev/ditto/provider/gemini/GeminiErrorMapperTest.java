package dev.ditto.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import dev.ditto.sdk.UnexpectedResponseException;
import dev.ditto.sdk.UpstreamTimeoutException;
import dev.ditto.sdk.http.ErrorResponse;
import dev.ditto.sdk.http.HttpStatusErrorMapper;
import dev.ditto.testing.Fixtures;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Google error answers, as a table: status and body to exception type, retryable and retry-after. */
class GeminiErrorMapperTest {

    private static final String RETRY_INFO = "{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"%s\"}";

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of(429, Fixtures.text("google-gemini/google-429-retry-info.json"), null,
                        RateLimitedException.class, true, Duration.ofMillis(34_400)),
                Arguments.of(429, google(429, "RESOURCE_EXHAUSTED", "Quota exceeded", String.format(RETRY_INFO, "2s")),
                        null, RateLimitedException.class, true, Duration.ofSeconds(2)),
                Arguments.of(429, google(429, "RESOURCE_EXHAUSTED", "Quota exceeded", String.format(RETRY_INFO, "0.5s")),
                        "7", RateLimitedException.class, true, Duration.ofSeconds(7)),
                Arguments.of(429, google(429, "RESOURCE_EXHAUSTED", "Quota exceeded", String.format(RETRY_INFO, "soon")),
                        null, RateLimitedException.class, true, null),
                Arguments.of(400, google(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.",
                        "{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"API_KEY_INVALID\"}"),
                        null, AuthenticationException.class, false, null),
                Arguments.of(400, google(400, "INVALID_ARGUMENT", "Invalid JSON payload received.", null),
                        null, InvalidRequestException.class, false, null),
                Arguments.of(400, google(400, "INVALID_ARGUMENT", "The input token count (1200000) exceeds the maximum "
                        + "number of tokens allowed (1048576).", null), null, ContextWindowExceededException.class, false, null),
                Arguments.of(400, google(400, "FAILED_PRECONDITION", "User location is not supported for the API use.",
                        null), null, PermissionDeniedException.class, false, null),
                Arguments.of(401, google(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.", null),
                        null, AuthenticationException.class, false, null),
                Arguments.of(403, google(403, "PERMISSION_DENIED", "The caller does not have permission", null),
                        null, PermissionDeniedException.class, false, null),
                Arguments.of(404, google(404, "NOT_FOUND", "models/gemini-9 is not found for API version v1beta", null),
                        null, ModelNotFoundException.class, false, null),
                Arguments.of(500, google(500, "INTERNAL", "An internal error has occurred.", null),
                        null, ProviderUnavailableException.class, true, null),
                Arguments.of(503, google(503, "UNAVAILABLE", "The model is overloaded. Please try again later.", null),
                        null, ProviderOverloadedException.class, true, null),
                Arguments.of(503, google(503, "UNAVAILABLE", "The service is currently unavailable.", null),
                        "3", ProviderUnavailableException.class, true, Duration.ofSeconds(3)),
                Arguments.of(504, google(504, "DEADLINE_EXCEEDED", "Deadline expired before operation could complete.",
                        null), null, UpstreamTimeoutException.class, true, null),
                Arguments.of(502, "<html>Bad Gateway</html>", null, ProviderUnavailableException.class, true, null),
                Arguments.of(418, google(418, "SOMETHING_NEW", "A future status", null),
                        null, InvalidRequestException.class, false, null),
                Arguments.of(302, "", null, UnexpectedResponseException.class, false, null));
    }

    private static String google(int code, String status, String message, String detail) {
        String details = detail == null ? "" : ",\"details\":[" + detail + "]";
        return "{\"error\":{\"code\":" + code + ",\"message\":\"" + message + "\",\"status\":\"" + status + "\"" + details
                + "}}";
    }

    @ParameterizedTest(name = "{0} {3}")
    @MethodSource("errors")
    void mapsGoogleErrors(int status, String body, String retryAfterHeader, Class<? extends SdkException> type,
            boolean retryable, Duration retryAfter) {
        Map<String, List<String>> headers = retryAfterHeader == null ? Map.of()
                : Map.of("retry-after", List.of(retryAfterHeader));
        ErrorResponse response = new ErrorResponse(status, HttpHeaders.of(headers, (a, b) -> true), body, false,
                "gemini", "gemini-2.5-flash");

        SdkException mapped = GeminiErrorMapper.ofDefaults().map(response);

        assertThat(mapped).isExactlyInstanceOf(type);
        assertThat(mapped.isRetryable()).isEqualTo(retryable);
        assertThat(mapped.retryAfter()).isEqualTo(retryAfter);
        assertThat(mapped.status()).isEqualTo(status);
        assertThat(mapped.provider()).isEqualTo("gemini");
        assertThat(mapped.model()).isEqualTo("gemini-2.5-flash");
        assertThat(mapped.errorBody()).isEqualTo(body.isEmpty() ? null : body);
    }

    @ParameterizedTest(name = "{0} {3}")
    @MethodSource("errors")
    void refiningTheGenericMappingGivesTheSameType(int status, String body, String retryAfterHeader,
            Class<? extends SdkException> type, boolean retryable, Duration retryAfter) {
        Map<String, List<String>> headers = retryAfterHeader == null ? Map.of()
                : Map.of("retry-after", List.of(retryAfterHeader));
        SdkException generic = HttpStatusErrorMapper.ofDefaults().map(new ErrorResponse(status,
                HttpHeaders.of(headers, (a, b) -> true), body, false, "gemini", "gemini-2.5-flash"));

        SdkException refined = GeminiErrorMapper.ofDefaults().refine(generic);

        assertThat(refined).isExactlyInstanceOf(type);
        assertThat(refined.retryAfter()).isEqualTo(retryAfter);
    }

    @Test
    void mapsAnErrorObjectFromInsideAStream() throws Exception {
        SdkException mapped = GeminiErrorMapper.ofDefaults().mapStreamError(new ObjectMapper().readTree(
                "{\"code\":429,\"message\":\"slow down\",\"status\":\"RESOURCE_EXHAUSTED\",\"details\":["
                        + String.format(RETRY_INFO, "1.5s") + "]}"), ErrorDetails.of("gemini", "m"));

        assertThat(mapped).isInstanceOf(RateLimitedException.class).hasMessageContaining("slow down");
        assertThat(mapped.retryAfter()).isEqualTo(Duration.ofMillis(1500));
        assertThat(mapped.status()).isEqualTo(429);
    }
}
