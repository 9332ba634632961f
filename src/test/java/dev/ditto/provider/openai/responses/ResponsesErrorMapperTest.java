package dev.ditto.provider.openai.responses;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.ditto.sdk.UpstreamTimeoutException;
import dev.ditto.sdk.http.ErrorResponse;
import dev.ditto.testing.Fixtures;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** OpenAI error answers and in-stream errors, as tables: input to exception type, retryability, retry-after. */
class ResponsesErrorMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String error(String type, String code, String message) {
        return "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\",\"param\":null,"
                + (code == null ? "\"code\":null" : "\"code\":\"" + code + "\"") + "}}";
    }

    static Stream<Arguments> httpErrors() {
        return Stream.of(
                Arguments.of(429, Fixtures.text("openai-responses/openai-error.1.json"), Map.of("retry-after", "20"),
                        QuotaExceededException.class, false, Duration.ofSeconds(20)),
                Arguments.of(400, error("insufficient_quota", "insufficient_quota", "quota"), Map.of(),
                        QuotaExceededException.class, false, null),
                Arguments.of(429, error("requests", "rate_limit_exceeded", "Rate limit reached"),
                        Map.of("retry-after-ms", "1500"), RateLimitedException.class, true, Duration.ofMillis(1500)),
                Arguments.of(400, Fixtures.text("openai-responses/reasoning-model-temperature-error.json"), Map.of(),
                        InvalidRequestException.class, false, null),
                Arguments.of(400, error("invalid_request_error", "context_length_exceeded", "Too long"), Map.of(),
                        ContextWindowExceededException.class, false, null),
                Arguments.of(401, error("invalid_request_error", "invalid_api_key", "Incorrect API key"), Map.of(),
                        AuthenticationException.class, false, null),
                Arguments.of(403, error("invalid_request_error", null, "Region not supported"), Map.of(),
                        PermissionDeniedException.class, false, null),
                Arguments.of(404, error("invalid_request_error", "model_not_found", "No such model"), Map.of(),
                        ModelNotFoundException.class, false, null),
                Arguments.of(400, error("invalid_request_error", "content_policy_violation", "Flagged"), Map.of(),
                        ContentFilteredException.class, false, null),
                Arguments.of(500, error("server_error", "server_error", "The server had an error"), Map.of(),
                        ProviderUnavailableException.class, true, null),
                Arguments.of(503, "", Map.of("retry-after", "7"), ProviderUnavailableException.class, true, Duration.ofSeconds(7)),
                Arguments.of(502, "<html>Bad gateway</html>", Map.of(), ProviderUnavailableException.class, true, null));
    }

    @ParameterizedTest
    @MethodSource("httpErrors")
    void mapsHttpErrors(int status, String body, Map<String, String> headers, Class<? extends SdkException> type,
            boolean retryable, Duration retryAfter) {
        SdkException error = ResponsesErrorMapper.INSTANCE.map(new ErrorResponse(status, headers(headers), body, false,
                "openai", "gpt-test"));

        assertThat(error).isInstanceOf(type);
        assertThat(error.isRetryable()).isEqualTo(retryable);
        assertThat(error.retryAfter()).isEqualTo(retryAfter);
        assertThat(error.status()).isEqualTo(status);
        assertThat(error.provider()).isEqualTo("openai");
    }

    static Stream<Arguments> streamErrors() {
        return Stream.of(
                Arguments.of("{\"code\":\"insufficient_quota\",\"message\":\"m\"}", QuotaExceededException.class, false),
                Arguments.of("{\"code\":\"rate_limit_exceeded\",\"message\":\"m\"}", RateLimitedException.class, true),
                Arguments.of("{\"code\":\"server_error\",\"message\":\"m\"}", ProviderUnavailableException.class, true),
                Arguments.of("{\"code\":\"server_is_overloaded\",\"message\":\"m\"}", ProviderOverloadedException.class, true),
                Arguments.of("{\"code\":\"vector_store_timeout\",\"message\":\"m\"}", UpstreamTimeoutException.class, true),
                Arguments.of("{\"code\":\"invalid_prompt\",\"message\":\"m\"}", InvalidRequestException.class, false),
                Arguments.of("{\"type\":\"invalid_request_error\",\"message\":\"m\"}", InvalidRequestException.class, false),
                Arguments.of("{\"code\":\"context_length_exceeded\",\"message\":\"m\"}",
                        ContextWindowExceededException.class, false),
                Arguments.of("{\"code\":\"something_new\",\"message\":\"m\"}", ProviderUnavailableException.class, true),
                Arguments.of("{\"message\":\"no code at all\"}", ProviderUnavailableException.class, true));
    }

    @ParameterizedTest
    @MethodSource("streamErrors")
    void mapsErrorsReportedInsideAStream(String error, Class<? extends SdkException> type, boolean retryable)
            throws Exception {
        SdkException mapped = ResponsesErrorMapper.reportedError(JSON.readTree(error), ErrorDetails.of("openai", "m"));

        assertThat(mapped).isInstanceOf(type);
        assertThat(mapped.isRetryable()).isEqualTo(retryable);
        assertThat(mapped.status()).isNull();
        assertThat(JSON.readTree(mapped.errorBody())).isEqualTo(JSON.readTree(error));
    }

    private static HttpHeaders headers(Map<String, String> headers) {
        Map<String, List<String>> map = new java.util.HashMap<>();
        headers.forEach((name, value) -> map.put(name, List.of(value)));
        return HttpHeaders.of(map, (a, b) -> true);
    }
}
