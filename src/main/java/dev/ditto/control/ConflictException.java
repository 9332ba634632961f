package dev.ditto.control;

import java.io.Serial;

/**
 * A write that contradicts what is stored (HTTP 409 at the admin API): a duplicate id or key
 * hash, or a delete of a record others still refer to (a tenant that has projects, a user
 * that has keys). The transaction it happened in is rolled back.
 */
public final class ConflictException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what conflicted, naming the constraint, without secrets
     * @param cause the database's exception
     */
    public ConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
