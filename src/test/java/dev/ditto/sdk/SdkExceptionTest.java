package dev.ditto.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SdkExceptionTest {

    static Stream<Arguments> exceptions() {
        return Stream.of(
                arguments((BiFunction<String, ErrorDetails, SdkException>) RateLimitedException::new, true),
                arguments((BiFunction<String, ErrorDetails, SdkException>) ProviderOverloadedException::new, true),
                arguments((BiFunction<String, ErrorDetails, SdkException>) ProviderUnavailableException::new, true),
                arguments((BiFunction<String, ErrorDetails, SdkException>) UpstreamTimeoutException::new, true),
                arguments((BiFunction<String, ErrorDetails, SdkException>) ConnectionFailedException::new, true),
                arguments((BiFunction<String, ErrorDetails, SdkException>) StreamInterruptedException::new, true),
                arguments((BiFunction<String, ErrorDetails, SdkException>) AuthenticationException::new, false),
                arguments((BiFunction<String, ErrorDetails, SdkException>) PermissionDeniedException::new, false),
                arguments((BiFunction<String, ErrorDetails, SdkException>) InvalidRequestException::new, false),
                arguments((BiFunction<String, ErrorDetails, SdkException>) ContextWindowExceededException::new, false),
                arguments((BiFunction<String, ErrorDetails, SdkException>) ContentFilteredException::new, false),
                arguments((BiFunction<String, ErrorDetails, SdkException>) ModelNotFoundException::new, false),
                arguments((BiFunction<String, ErrorDetails, SdkException>) QuotaExceededException::new, false),
                arguments((BiFunction<String, ErrorDetails, SdkException>) UnexpectedResponseException::new, false),
                arguments((BiFunction<String, ErrorDetails, SdkException>) RequestInterruptedException::new, false));
    }

    @ParameterizedTest
    @MethodSource("exceptions")
    void splitsIntoRetryableAndNonRetryableByType(BiFunction<String, ErrorDetails, SdkException> factory, boolean retryable) {
        SdkException exception = factory.apply("x", ErrorDetails.empty());

        assertThat(exception.isRetryable()).isEqualTo(retryable);
        assertThat(exception).isInstanceOf(retryable ? RetryableException.class : NonRetryableException.class);
    }

    @Test
    void appendsTheKnownDetailsToTheMessage() {
        ErrorDetails details = ErrorDetails.of("anthropic", "claude-x").withStatus(529)
                .withRetryAfter(Duration.ofSeconds(2)).withUpstreamRequestId("req_1").withBody("{}", true);

        SdkException exception = new ProviderOverloadedException("HTTP 529: Overloaded", details);

        assertThat(exception).hasMessage("HTTP 529: Overloaded (status=529, provider=anthropic, model=claude-x, "
                + "retryAfter=PT2S, upstreamRequestId=req_1, bodyTruncated=true)");
        assertThat(exception.errorBody()).isEqualTo("{}");
        assertThat(new UnexpectedResponseException("plain", ErrorDetails.empty())).hasMessage("plain");
    }

    @Test
    void detailsRejectANegativeRetryAfterAndATruncationFlagWithoutBody() {
        assertThatThrownBy(() -> ErrorDetails.empty().withRetryAfter(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("retryAfter must not be negative but was PT-1S");
        assertThatThrownBy(() -> ErrorDetails.empty().withBody(null, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("bodyTruncated is set but there is no body");
    }
}
