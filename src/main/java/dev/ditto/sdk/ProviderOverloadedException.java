package dev.ditto.sdk;

import org.jspecify.annotations.Nullable;

/**
 * The provider is temporarily overloaded (HTTP 529, or an {@code overloaded} error body on a 5xx).
 *
 * <p>Instances are immutable.
 */
public final class ProviderOverloadedException extends RetryableException {

    /**
     * Creates an exception without a cause.
     *
     * @param message what happened
     * @param details the structured context
     */
    public ProviderOverloadedException(String message, ErrorDetails details) {
        super(message, details, null);
    }

    /**
     * Creates an exception.
     *
     * @param message what happened
     * @param details the structured context
     * @param cause the underlying failure, or {@code null}
     */
    public ProviderOverloadedException(String message, ErrorDetails details, @Nullable Throwable cause) {
        super(message, details, cause);
    }
}
