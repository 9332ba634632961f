package dev.ditto.sdk;

import org.jspecify.annotations.Nullable;

/**
 * No exchange could be made with the provider: the connection was refused or reset, or the TLS
 * handshake failed, before any response arrived.
 *
 * <p>Instances are immutable.
 */
public final class ConnectionFailedException extends RetryableException {

    /**
     * Creates an exception without a cause.
     *
     * @param message what happened
     * @param details the structured context
     */
    public ConnectionFailedException(String message, ErrorDetails details) {
        super(message, details, null);
    }

    /**
     * Creates an exception.
     *
     * @param message what happened
     * @param details the structured context
     * @param cause the underlying failure, or {@code null}
     */
    public ConnectionFailedException(String message, ErrorDetails details, @Nullable Throwable cause) {
        super(message, details, cause);
    }
}
