package dev.ditto.sdk;

import org.jspecify.annotations.Nullable;

/**
 * The provider refused the request because its content policy or safety filter flagged the
 * input.
 *
 * <p>Instances are immutable.
 */
public final class ContentFilteredException extends NonRetryableException {

    /**
     * Creates an exception without a cause.
     *
     * @param message what happened
     * @param details the structured context
     */
    public ContentFilteredException(String message, ErrorDetails details) {
        super(message, details, null);
    }

    /**
     * Creates an exception.
     *
     * @param message what happened
     * @param details the structured context
     * @param cause the underlying failure, or {@code null}
     */
    public ContentFilteredException(String message, ErrorDetails details, @Nullable Throwable cause) {
        super(message, details, cause);
    }
}
