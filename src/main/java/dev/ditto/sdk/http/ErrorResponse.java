package dev.ditto.sdk.http;

import java.net.http.HttpHeaders;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An upstream answer with a non-success status, as read for error mapping: status, headers, and
 * the body capped at {@link dev.ditto.sdk.ErrorDetails#MAX_BODY_BYTES}.
 *
 * @param status the HTTP status
 * @param headers the response headers
 * @param body the body text, at most 64 KiB of it, empty when there was none
 * @param bodyTruncated whether the provider sent more body than was read
 * @param provider the provider called, or {@code null}
 * @param model the model called, or {@code null}
 */
public record ErrorResponse(
        int status,
        HttpHeaders headers,
        String body,
        boolean bodyTruncated,
        @Nullable String provider,
        @Nullable String model) {

    /**
     * Validates the fields.
     *
     * @param status the HTTP status
     * @param headers the response headers
     * @param body the body text, at most 64 KiB of it, empty when there was none
     * @param bodyTruncated whether the provider sent more body than was read
     * @param provider the provider called, or {@code null}
     * @param model the model called, or {@code null}
     */
    public ErrorResponse {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
    }

    /**
     * Returns the first value of a header, ignoring the name's case.
     *
     * @param name the header name
     * @return the value, or empty when absent
     */
    public Optional<String> header(String name) {
        return headers.firstValue(name);
    }
}
