package dev.ditto.sdk;

import org.jspecify.annotations.Nullable;

/**
 * A failure that repeating the same call will not fix: bad credentials, an invalid request, a
 * missing model, filtered content, an exhausted quota, or an answer the SDK cannot interpret.
 *
 * <p>Instances are immutable.
 */
public abstract non-sealed class NonRetryableException extends SdkException {

    /**
     * Creates an exception.
     *
     * @param message what happened
     * @param details the structured context
     * @param cause the underlying failure, or {@code null}
     */
    protected NonRetryableException(String message, ErrorDetails details, @Nullable Throwable cause) {
        super(message, details, cause);
    }

    /**
     * Returns {@code false}.
     *
     * @return {@code false}
     */
    @Override
    public final boolean isRetryable() {
        return false;
    }
}
