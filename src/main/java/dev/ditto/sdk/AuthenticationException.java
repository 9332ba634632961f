package dev.ditto.sdk;

import org.jspecify.annotations.Nullable;

/**
 * The provider rejected the credentials (HTTP 401).
 *
 * <p>Instances are immutable.
 */
public final class AuthenticationException extends NonRetryableException {

    /**
     * Creates an exception without a cause.
     *
     * @param message what happened
     * @param details the structured context
     */
    public AuthenticationException(String message, ErrorDetails details) {
        super(message, details, null);
    }

    /**
     * Creates an exception.
     *
     * @param message what happened
     * @param details the structured context
     * @param cause the underlying failure, or {@code null}
     */
    public AuthenticationException(String message, ErrorDetails details, @Nullable Throwable cause) {
        super(message, details, cause);
    }
}
