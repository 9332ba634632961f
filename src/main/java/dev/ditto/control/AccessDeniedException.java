package dev.ditto.control;

import java.io.Serial;

/**
 * A request the control plane refuses before it reaches a model: a missing or bad key (401),
 * a key that may not do this (403). The edge writes it in the route's own error shape.
 */
public final class AccessDeniedException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    /**
     * Creates the refusal.
     *
     * @param status the HTTP status, 401 or 403
     * @param code a stable machine-readable code, such as {@code invalid_api_key}
     * @param message what is wrong and how to fix it, without secrets
     */
    public AccessDeniedException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    /**
     * Returns the HTTP status.
     *
     * @return 401 or 403
     */
    public int status() {
        return status;
    }

    /**
     * Returns the machine-readable code.
     *
     * @return the code
     */
    public String code() {
        return code;
    }
}
