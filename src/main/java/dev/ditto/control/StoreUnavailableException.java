package dev.ditto.control;

import java.io.Serial;

/**
 * The store could not answer: the database is down, timed out or refused the statement for a
 * reason other than a conflict (HTTP 503 at the edge). The transaction is rolled back.
 */
public final class StoreUnavailableException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed
     * @param cause the underlying exception
     */
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
