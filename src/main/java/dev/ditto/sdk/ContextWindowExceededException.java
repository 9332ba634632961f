package dev.ditto.sdk;

import org.jspecify.annotations.Nullable;

/**
 * The prompt plus the requested output does not fit in the model's context window.
 *
 * <p>Instances are immutable.
 */
public final class ContextWindowExceededException extends InvalidRequestException {

    /**
     * Creates an exception without a cause.
     *
     * @param message what happened
     * @param details the structured context
     */
    public ContextWindowExceededException(String message, ErrorDetails details) {
        super(message, details, null);
    }

    /**
     * Creates an exception.
     *
     * @param message what happened
     * @param details the structured context
     * @param cause the underlying failure, or {@code null}
     */
    public ContextWindowExceededException(String message, ErrorDetails details, @Nullable Throwable cause) {
        super(message, details, cause);
    }
}
