package dev.ditto.sdk;

import org.jspecify.annotations.Nullable;

/**
 * The credentials are valid but not allowed to make this call (HTTP 403).
 *
 * <p>Instances are immutable.
 */
public final class PermissionDeniedException extends NonRetryableException {

    /**
     * Creates an exception without a cause.
     *
     * @param message what happened
     * @param details the structured context
     */
    public PermissionDeniedException(String message, ErrorDetails details) {
        super(message, details, null);
    }

    /**
     * Creates an exception.
     *
     * @param message what happened
     * @param details the structured context
     * @param cause the underlying failure, or {@code null}
     */
    public PermissionDeniedException(String message, ErrorDetails details, @Nullable Throwable cause) {
        super(message, details, cause);
    }
}
