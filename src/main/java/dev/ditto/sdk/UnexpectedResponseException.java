package dev.ditto.sdk;

import org.jspecify.annotations.Nullable;

/**
 * The provider answered something the SDK cannot interpret: an unexpected status or content
 * type, a body, SSE line or SSE event over its cap, or malformed JSON.
 *
 * <p>Instances are immutable.
 */
public final class UnexpectedResponseException extends NonRetryableException {

    /**
     * Creates an exception without a cause.
     *
     * @param message what happened
     * @param details the structured context
     */
    public UnexpectedResponseException(String message, ErrorDetails details) {
        super(message, details, null);
    }

    /**
     * Creates an exception.
     *
     * @param message what happened
     * @param details the structured context
     * @param cause the underlying failure, or {@code null}
     */
    public UnexpectedResponseException(String message, ErrorDetails details, @Nullable Throwable cause) {
        super(message, details, cause);
    }
}
