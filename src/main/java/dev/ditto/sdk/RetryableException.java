package dev.ditto.sdk;

import org.jspecify.annotations.Nullable;

/**
 * A failure that may go away if the same call is made again, possibly after {@link #retryAfter()}:
 * rate limits, overload, outages, timeouts and broken connections.
 *
 * <p>Retry only before any streamed output has reached the caller. Instances are immutable.
 */
public abstract non-sealed class RetryableException extends SdkException {

    /**
     * Creates an exception.
     *
     * @param message what happened
     * @param details the structured context
     * @param cause the underlying failure, or {@code null}
     */
    protected RetryableException(String message, ErrorDetails details, @Nullable Throwable cause) {
        super(message, details, cause);
    }

    /**
     * Returns {@code true}.
     *
     * @return {@code true}
     */
    @Override
    public final boolean isRetryable() {
        return true;
    }
}
