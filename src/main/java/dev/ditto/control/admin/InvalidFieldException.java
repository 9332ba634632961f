package dev.ditto.control.admin;

import java.io.Serial;

/**
 * An admin request names something that cannot be (HTTP 400 at the edge, with the field as
 * {@code param}): an owner that does not exist, a project of another tenant than the key's, a
 * scope without a record. Nothing was written.
 */
public final class InvalidFieldException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String field;

    /**
     * Creates the exception.
     *
     * @param field the request field at fault, such as {@code project_id}
     * @param message what is wrong and how to fix it
     */
    public InvalidFieldException(String field, String message) {
        super(message, null, false, false);
        this.field = field;
    }

    /** @return the request field at fault, such as {@code project_id} */
    public String field() {
        return field;
    }
}
