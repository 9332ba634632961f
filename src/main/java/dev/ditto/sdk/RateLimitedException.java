package dev.ditto.sdk;

import org.jspecify.annotations.Nullable;

/**
 * The provider refused the call because the caller exceeded a rate limit (HTTP 429); wait
 * {@link #retryAfter()} when the provider gave one.
 *
 * <p>Instances are immutable.
 */
public final class RateLimitedException extends RetryableException {

    /**
     * Creates an exception without a cause.
     *
     * @param message what happened
     * @param details the structured context
     */
    public RateLimitedException(String message, ErrorDetails details) {
        super(message, details, null);
    }

    /**
     * Creates an exception.
     *
     * @param message what happened
     * @param details the structured context
     * @param cause the underlying failure, or {@code null}
     */
    public RateLimitedException(String message, ErrorDetails details, @Nullable Throwable cause) {
        super(message, details, cause);
    }
}
