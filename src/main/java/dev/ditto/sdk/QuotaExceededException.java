package dev.ditto.sdk;

import org.jspecify.annotations.Nullable;

/**
 * The account has no quota or credit left (for example OpenAI's 429 {@code insufficient_quota});
 * unlike a rate limit, waiting does not help.
 *
 * <p>Instances are immutable.
 */
public final class QuotaExceededException extends NonRetryableException {

    /**
     * Creates an exception without a cause.
     *
     * @param message what happened
     * @param details the structured context
     */
    public QuotaExceededException(String message, ErrorDetails details) {
        super(message, details, null);
    }

    /**
     * Creates an exception.
     *
     * @param message what happened
     * @param details the structured context
     * @param cause the underlying failure, or {@code null}
     */
    public QuotaExceededException(String message, ErrorDetails details, @Nullable Throwable cause) {
        super(message, details, cause);
    }
}
