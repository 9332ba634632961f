package dev.ditto.sdk.http;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * A successful (2xx) non-streaming answer: status, headers and the whole body, which the transport
 * read up to {@link HttpTransportConfig#maxResponseBytes()}.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class TransportResponse {

    private final int status;
    private final HttpHeaders headers;
    private final byte[] body;

    private TransportResponse(int status, HttpHeaders headers, byte[] body) {
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    /**
     * Returns a response.
     *
     * @param status the HTTP status
     * @param headers the headers
     * @param body the body, copied
     * @return the response
     */
    public static TransportResponse of(int status, HttpHeaders headers, byte[] body) {
        return new TransportResponse(status, Objects.requireNonNull(headers, "headers"), body.clone());
    }

    static TransportResponse wrap(int status, HttpHeaders headers, byte[] body) {
        return new TransportResponse(status, headers, body);
    }

    /**
     * Returns the HTTP status.
     *
     * @return the status
     */
    public int status() {
        return status;
    }

    /**
     * Returns the headers.
     *
     * @return the headers
     */
    public HttpHeaders headers() {
        return headers;
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

    /**
     * Returns the body as a stream over the bytes, without copying them (for JSON parsers).
     *
     * @return a new stream
     */
    public InputStream bodyStream() {
        return new ByteArrayInputStream(body);
    }

    /**
     * Returns the body decoded as UTF-8.
     *
     * @return the text
     */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * Returns the body's length.
     *
     * @return the number of bytes
     */
    public int bodyLength() {
        return body.length;
    }

    @Override
    public String toString() {
        return "TransportResponse[status=" + status + ", bodyLength=" + body.length + "]";
    }
}
