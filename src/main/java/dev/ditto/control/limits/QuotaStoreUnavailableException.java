package dev.ditto.control.limits;

import java.io.Serial;

/**
 * The quota store cannot answer: Redis is unreachable or timed out, or the in-memory store is
 * full. The engine applies its {@link FailurePolicy}.
 */
public final class QuotaStoreUnavailableException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, with the counts or address that explain it
     * @param cause the store's own exception, or null
     */
    public QuotaStoreUnavailableException(String message, @org.jspecify.annotations.Nullable Throwable cause) {
        super(message, cause);
    }
}
