package dev.ditto.sdk;

import org.jspecify.annotations.Nullable;

/**
 * The calling thread was interrupted while it waited for the provider; the call was cancelled
 * and the thread's interrupt flag is set again.
 *
 * <p>Instances are immutable.
 */
public final class RequestInterruptedException extends NonRetryableException {

    /**
     * Creates an exception without a cause.
     *
     * @param message what happened
     * @param details the structured context
     */
    public RequestInterruptedException(String message, ErrorDetails details) {
        super(message, details, null);
    }

    /**
     * Creates an exception.
     *
     * @param message what happened
     * @param details the structured context
     * @param cause the underlying failure, or {@code null}
     */
    public RequestInterruptedException(String message, ErrorDetails details, @Nullable Throwable cause) {
        super(message, details, cause);
    }
}
