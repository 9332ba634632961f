package dev.ditto.control;

import java.io.Serial;

/**
 * A write named a record that the store does not have (HTTP 404 at the admin API).
 */
public final class NotFoundException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String type;
    private final String id;

    /**
     * Creates the exception.
     *
     * @param type what kind of record, such as {@code key}
     * @param id the id that was not found
     */
    public NotFoundException(String type, String id) {
        super(type + " '" + id + "' does not exist", null, false, false);
        this.type = type;
        this.id = id;
    }

    /** @return what kind of record was missing, such as {@code key} */
    public String type() {
        return type;
    }

    /** @return the id that was not found */
    public String id() {
        return id;
    }
}
