package dev.ditto.sdk;

import org.jspecify.annotations.Nullable;

/**
 * A response broke off after it had started: the connection closed or reset in the middle of
 * the body. A streaming caller that already relayed output must not retry.
 *
 * <p>Instances are immutable.
 */
public final class StreamInterruptedException extends RetryableException {

    /**
     * Creates an exception without a cause.
     *
     * @param message what happened
     * @param details the structured context
     */
    public StreamInterruptedException(String message, ErrorDetails details) {
        super(message, details, null);
    }

    /**
     * Creates an exception.
     *
     * @param message what happened
     * @param details the structured context
     * @param cause the underlying failure, or {@code null}
     */
    public StreamInterruptedException(String message, ErrorDetails details, @Nullable Throwable cause) {
        super(message, details, cause);
    }
}
