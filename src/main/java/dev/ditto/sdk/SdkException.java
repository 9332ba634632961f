package dev.ditto.sdk;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The root of every exception the SDK throws: unchecked, and split into {@link
 * RetryableException} and {@link NonRetryableException} so that retry logic branches on the type
 * and never on message text.
 *
 * <p>Each exception carries {@link ErrorDetails}: status, provider, model, retry-after, upstream
 * request id and the provider's error body. The message ends with a summary of those details, so a
 * log line alone explains the failure. Instances are immutable and safe to share across threads.
 */
public abstract sealed class SdkException extends RuntimeException
        permits RetryableException, NonRetryableException {

    /** Not serialised: an exception that crosses a serialisation boundary keeps the summary in its message. */
    private final transient @Nullable ErrorDetails details;

    /**
     * Creates an exception.
     *
     * @param message what happened, without the details (they are appended)
     * @param details the structured context
     * @param cause the underlying failure, or {@code null}
     */
    SdkException(String message, ErrorDetails details, @Nullable Throwable cause) {
        super(describe(message, details), cause);
        this.details = Objects.requireNonNull(details, "details");
    }

    private static String describe(String message, ErrorDetails details) {
        String summary = details.summary();
        return summary.isEmpty() ? message : message + " (" + summary + ")";
    }

    /**
     * Returns whether retrying the same call may succeed.
     *
     * @return {@code true} for {@link RetryableException}s
     */
    public abstract boolean isRetryable();

    /**
     * Returns the structured context of this failure.
     *
     * @return the details, never {@code null}
     */
    public ErrorDetails details() {
        ErrorDetails known = details;
        return known == null ? ErrorDetails.empty() : known;
    }

    /**
     * Returns the upstream HTTP status.
     *
     * @return the status, or {@code null} when no response arrived
     */
    public @Nullable Integer status() {
        return details().status();
    }

    /**
     * Returns the provider that failed.
     *
     * @return the provider name, or {@code null} when unknown
     */
    public @Nullable String provider() {
        return details().provider();
    }

    /**
     * Returns the model the failed call addressed.
     *
     * @return the model id, or {@code null} when unknown
     */
    public @Nullable String model() {
        return details().model();
    }

    /**
     * Returns how long the provider asked callers to wait before retrying.
     *
     * @return the wait, or {@code null} when the provider did not say
     */
    public @Nullable Duration retryAfter() {
        return details().retryAfter();
    }

    /**
     * Returns the provider's id for the failed request.
     *
     * @return the id, or {@code null} when the provider sent none
     */
    public @Nullable String upstreamRequestId() {
        return details().upstreamRequestId();
    }

    /**
     * Returns the provider's error body, capped at {@link ErrorDetails#MAX_BODY_BYTES}.
     *
     * @return the body text, or {@code null} when there was none
     */
    public @Nullable String errorBody() {
        return details().body();
    }
}
