package dev.ditto.sdk;

import org.jspecify.annotations.Nullable;

/**
 * The provider does not know the requested model or deployment (HTTP 404).
 *
 * <p>Instances are immutable.
 */
public final class ModelNotFoundException extends NonRetryableException {

    /**
     * Creates an exception without a cause.
     *
     * @param message what happened
     * @param details the structured context
     */
    public ModelNotFoundException(String message, ErrorDetails details) {
        super(message, details, null);
    }

    /**
     * Creates an exception.
     *
     * @param message what happened
     * @param details the structured context
     * @param cause the underlying failure, or {@code null}
     */
    public ModelNotFoundException(String message, ErrorDetails details, @Nullable Throwable cause) {
        super(message, details, cause);
    }
}
