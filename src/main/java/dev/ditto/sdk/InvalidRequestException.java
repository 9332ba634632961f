package dev.ditto.sdk;

import org.jspecify.annotations.Nullable;

/**
 * The provider rejected the request as malformed or unsupported (HTTP 400, 413, 422 and other
 * 4xx without a more specific type).
 *
 * <p>Instances are immutable.
 */
public class InvalidRequestException extends NonRetryableException {

    /**
     * Creates an exception without a cause.
     *
     * @param message what happened
     * @param details the structured context
     */
    public InvalidRequestException(String message, ErrorDetails details) {
        super(message, details, null);
    }

    /**
     * Creates an exception.
     *
     * @param message what happened
     * @param details the structured context
     * @param cause the underlying failure, or {@code null}
     */
    public InvalidRequestException(String message, ErrorDetails details, @Nullable Throwable cause) {
        super(message, details, cause);
    }
}
