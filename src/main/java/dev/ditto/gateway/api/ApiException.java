package dev.ditto.gateway.api;

import java.util.List;
import java.util.Map;

/**
 * Carries an {@link ApiError} from wherever it is found to the exception mapper, with any
 * response headers the error needs (such as {@code WWW-Authenticate} on a 401). An expected
 * outcome, not a bug: it has no stack trace.
 */
public final class ApiException extends RuntimeException {

    private final transient ApiError error;
    private final transient Map<String, List<String>> headers;

    /**
     * Creates the exception.
     *
     * @param error what to tell the client
     */
    public ApiException(ApiError error) {
        this(error, Map.of());
    }

    /**
     * Creates the exception with response headers.
     *
     * @param error what to tell the client
     * @param headers header name to values, each value sent as its own header line
     */
    public ApiException(ApiError error, Map<String, List<String>> headers) {
        super(error.message(), null, false, false);
        this.error = error;
        this.headers = Map.copyOf(headers);
    }

    /**
     * Returns what to tell the client.
     *
     * @return the error
     */
    public ApiError error() {
        return error;
    }

    /**
     * Returns the headers to send with the error.
     *
     * @return header name to values; empty for most errors
     */
    public Map<String, List<String>> headers() {
        return headers;
    }
}
