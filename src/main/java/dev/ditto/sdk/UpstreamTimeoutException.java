package dev.ditto.sdk;

import org.jspecify.annotations.Nullable;

/**
 * The provider did not answer in time: the connect, first-byte, idle-gap or total timeout
 * expired, or the provider itself answered 408 or 504. The message names the timeout and its
 * value.
 *
 * <p>Instances are immutable.
 */
public final class UpstreamTimeoutException extends RetryableException {

    /**
     * Creates an exception without a cause.
     *
     * @param message what happened
     * @param details the structured context
     */
    public UpstreamTimeoutException(String message, ErrorDetails details) {
        super(message, details, null);
    }

    /**
     * Creates an exception.
     *
     * @param message what happened
     * @param details the structured context
     * @param cause the underlying failure, or {@code null}
     */
    public UpstreamTimeoutException(String message, ErrorDetails details, @Nullable Throwable cause) {
        super(message, details, cause);
    }
}
