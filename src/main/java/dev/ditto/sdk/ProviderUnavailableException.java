package dev.ditto.sdk;

import org.jspecify.annotations.Nullable;

/**
 * The provider failed or could not serve the call right now (HTTP 5xx other than 504 and 529,
 * or a 409 lock conflict).
 *
 * <p>Instances are immutable.
 */
public final class ProviderUnavailableException extends RetryableException {

    /**
     * Creates an exception without a cause.
     *
     * @param message what happened
     * @param details the structured context
     */
    public ProviderUnavailableException(String message, ErrorDetails details) {
        super(message, details, null);
    }

    /**
     * Creates an exception.
     *
     * @param message what happened
     * @param details the structured context
     * @param cause the underlying failure, or {@code null}
     */
    public ProviderUnavailableException(String message, ErrorDetails details, @Nullable Throwable cause) {
        super(message, details, cause);
    }
}
