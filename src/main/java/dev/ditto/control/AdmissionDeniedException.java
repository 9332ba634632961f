package dev.ditto.control;

import java.io.Serial;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A request refused by a rate limit (429) or an exhausted budget (429 with code
 * {@code budget_exceeded}, as LiteLLM answers). Carries what the client needs to back off:
 * {@code Retry-After} and OpenAI's {@code x-ratelimit-*} headers.
 */
public final class AdmissionDeniedException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final @Nullable Duration retryAfter;
    private final Map<String, String> headers;

    /**
     * Creates the refusal.
     *
     * @param status the HTTP status, usually 429
     * @param code a stable machine-readable code, such as {@code rate_limit_exceeded}
     * @param message which limit refused it, for the client
     * @param retryAfter when the client may retry, if known
     * @param headers extra response headers, such as {@code x-ratelimit-remaining-requests}
     */
    public AdmissionDeniedException(int status, String code, String message, @Nullable Duration retryAfter,
            Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfter = retryAfter;
        this.headers = Map.copyOf(headers);
    }

    /** @return the HTTP status */
    public int status() {
        return status;
    }

    /** @return the machine-readable code */
    public String code() {
        return code;
    }

    /** @return when the client may retry, if known */
    public @Nullable Duration retryAfter() {
        return retryAfter;
    }

    /** @return extra response headers */
    public Map<String, String> headers() {
        return headers;
    }
}
