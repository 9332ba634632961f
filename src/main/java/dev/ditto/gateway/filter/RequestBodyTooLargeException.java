package dev.ditto.gateway.filter;

import java.io.IOException;

/** Thrown by the request body stream once a chunked body grows past the configured limit. */
public final class RequestBodyTooLargeException extends IOException {

    private final long limit;

    /**
     * Creates the exception.
     *
     * @param limit the limit in bytes
     */
    public RequestBodyTooLargeException(long limit) {
        super("request body larger than " + limit + " bytes");
        this.limit = limit;
    }

    /**
     * Returns the limit that was exceeded.
     *
     * @return the limit in bytes
     */
    public long limit() {
        return limit;
    }
}
