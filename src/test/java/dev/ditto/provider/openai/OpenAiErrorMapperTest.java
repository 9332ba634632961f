package dev.ditto.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** OpenAI's error answers, as a table: status, body and headers to exception type, retryability and retry-after. */
class OpenAiErrorMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String error(String message, String type, @Nullable String param, @Nullable String code) {
        return "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\",\"param\":"
                + (param == null ? "null" : "\"" + param + "\"") + ",\"code\":" + (code == null ? "null" : "\"" + code + "\"")
                + "}}";
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of(400, error("This model's maximum context length is 128000 tokens.", "invalid_request_error",
                        "messages", "context_length_exceeded"), Map.of(), ContextWindowExceededException.class, false, null),
                Arguments.of(400, error("Unsupported parameter: 'max_tokens'", "invalid_request_error", "max_tokens",
                        "unsupported_parameter"), Map.of(), InvalidRequestException.class, false, null),
                Arguments.of(401, error("Incorrect API key provided: sk-abc", "invalid_request_error", null,
                        "invalid_api_key"), Map.of(), AuthenticationException.class, false, null),
                Arguments.of(403, error("Country not supported", "request_forbidden", null,
                        "unsupported_country_region_territory"), Map.of(), PermissionDeniedException.class, false, null),
                Arguments.of(404, error("The model `gpt-9` does not exist", "invalid_request_error", null,
                        "model_not_found"), Map.of(), ModelNotFoundException.class, false, null),
                Arguments.of(400, error("The model `gpt-9` does not exist", "invalid_request_error", "model",
                        "model_not_found"), Map.of(), ModelNotFoundException.class, false, null),
                Arguments.of(429, error("You exceeded your current quota", "insufficient_quota", null,
                        "insufficient_quota"), Map.of(), QuotaExceededException.class, false, null),
                Arguments.of(429, error("Rate limit reached for gpt-4o", "requests", null, "rate_limit_exceeded"),
                        Map.of("retry-after-ms", "1500", "retry-after", "9"), RateLimitedException.class, true,
                        Duration.ofMillis(1500)),
                Arguments.of(429, error("Rate limit reached", "tokens", null, "rate_limit_exceeded"),
                        Map.of("retry-after", "20"), RateLimitedException.class, true, Duration.ofSeconds(20)),
                Arguments.of(400, error("The response was filtered", "invalid_request_error", "prompt", "content_filter"),
                        Map.of("apim-request-id", "azure-1"), ContentFilteredException.class, false, null),
                Arguments.of(500, error("The server had an error", "server_error", null, null), Map.of(),
                        ProviderUnavailableException.class, true, null),
                Arguments.of(503, error("That model is currently overloaded", "server_error", null, null), Map.of(),
                        ProviderOverloadedException.class, true, null),
                Arguments.of(504, "", Map.of(), UpstreamTimeoutException.class, true, null),
                Arguments.of(400, "{\"error\":\"Fireworks says no\"}", Map.of(), InvalidRequestException.class, false, null),
                Arguments.of(502, "<html>bad gateway</html>", Map.of(), ProviderUnavailableException.class, true, null));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void mapsStatusAndBody(int status, String body, Map<String, String> headers, Class<? extends SdkException> type,
            boolean retryable, @Nullable Duration retryAfter) {
        Map<String, List<String>> all = new java.util.HashMap<>();
        headers.forEach((name, value) -> all.put(name, List.of(value)));
        all.put("x-request-id", List.of("req_123"));
        ErrorResponse response = new ErrorResponse(status, HttpHeaders.of(all, (a, b) -> true), body, false, "openai",
                "gpt-4o");

        SdkException mapped = OpenAiErrorMapper.ofDefaults().map(response);

        assertThat(mapped).isExactlyInstanceOf(type);
        assertThat(mapped.isRetryable()).isEqualTo(retryable);
        assertThat(mapped.retryAfter()).isEqualTo(retryAfter);
        assertThat(mapped.status()).isEqualTo(status);
        assertThat(mapped.upstreamRequestId()).isEqualTo("req_123");
        assertThat(mapped.provider()).isEqualTo("openai");
        assertThat(mapped.model()).isEqualTo("gpt-4o");
        assertThat(mapped.errorBody()).isEqualTo(body.isEmpty() ? null : body);
    }

    @Test
    void messageNamesTypeCodeAndParam() {
        ErrorResponse response = new ErrorResponse(400, HttpHeaders.of(Map.of(), (a, b) -> true),
                error("too long", "invalid_request_error", "messages", "context_length_exceeded"), false, null, null);

        assertThat(OpenAiErrorMapper.ofDefaults().map(response).getMessage())
                .startsWith("HTTP 400 invalid_request_error/context_length_exceeded (param messages): too long");
    }

    static Stream<Arguments> streamErrors() {
        return Stream.of(
                Arguments.of("{\"message\":\"slow down\",\"type\":\"tokens\",\"code\":\"rate_limit_exceeded\"}",
                        RateLimitedException.class),
                Arguments.of("{\"message\":\"boom\",\"type\":\"server_error\",\"code\":null}", ProviderUnavailableException.class),
                Arguments.of("{\"message\":\"bad\",\"type\":\"invalid_request_error\"}", InvalidRequestException.class),
                Arguments.of("{\"message\":\"too long\",\"code\":\"context_length_exceeded\"}",
                        ContextWindowExceededException.class),
                Arguments.of("{\"message\":\"Overloaded\",\"type\":\"overloaded_error\"}", ProviderOverloadedException.class),
                Arguments.of("\"plain text\"", ProviderUnavailableException.class));
    }

    @ParameterizedTest
    @MethodSource("streamErrors")
    void mapsInStreamErrorsByCodeAndType(String error, Class<? extends SdkException> type) throws Exception {
        SdkException mapped = OpenAiErrorMapper.ofDefaults().mapStreamError(JSON.readTree(error),
                ErrorDetails.of("openai", "gpt-4o"));

        assertThat(mapped).isExactlyInstanceOf(type);
        assertThat(mapped.status()).isNull();
        assertThat(mapped.errorBody()).isEqualTo(JSON.readTree(error).toString());
        assertThat(mapped.model()).isEqualTo("gpt-4o");
    }

    @Test
    void aTwoHundredBodyHoldingAnErrorFails() {
        ChatResponseWire.Completion completion = new ChatResponseWire.Completion(null, null, null, null, null, null, null,
                null, JSON.createObjectNode().put("message", "quota").put("code", "insufficient_quota"));
        OpenAiClient client = new OpenAiClient("openai", (m, p) -> java.net.URI.create("http://x" + p), Map.of(),
                OpenAiTesting.unusable(), OpenAiChatDialect.openAi(), List.of("openai"));

        assertThatThrownBy(() -> ChatResultMapper.map(completion, List.of(), client, ErrorDetails.of("openai", "m")))
                .isInstanceOf(QuotaExceededException.class);
    }
}
