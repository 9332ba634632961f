package dev.ditto.gateway.api;

/**
 * Carries an {@link ApiError} from wherever it is found to the exception mapper. An expected
 * outcome, not a bug: it has no stack trace.
 */
public final class ApiException extends RuntimeException {

    private final transient ApiError error;

    /**
     * Creates the exception.
     *
     * @param error what to tell the client
     */
    public ApiException(ApiError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    /**
     * Returns what to tell the client.
     *
     * @return the error
     */
    public ApiError error() {
        return error;
    }
}
