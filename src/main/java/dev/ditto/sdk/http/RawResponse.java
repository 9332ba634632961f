package dev.ditto.sdk.http;

import java.net.http.HttpHeaders;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Flow;

/**
 * An answer of {@link HttpTransport#exchange}: the status and headers as they arrived, whatever
 * the status, and the body still on the connection, for a caller that relays bytes it does not
 * interpret.
 *
 * <p>The body may be subscribed to once. Bytes are read from the connection only as the
 * subscriber requests them; cancelling the subscription closes the connection. The transport's
 * idle and total timeouts bound its delivery, and a failure arrives through {@code onError} as an
 * {@link dev.ditto.sdk.SdkException} ({@link dev.ditto.sdk.UpstreamTimeoutException},
 * {@link dev.ditto.sdk.StreamInterruptedException}). A caller that does not want the body must
 * {@link #discard()} it, or the connection stays open until a timeout.
 *
 * <p>Thread-safe.
 */
public final class RawResponse {

    private final int status;
    private final HttpHeaders headers;
    private final Flow.Publisher<List<ByteBuffer>> body;

    RawResponse(int status, HttpHeaders headers, Flow.Publisher<List<ByteBuffer>> body) {
        this.status = status;
        this.headers = Objects.requireNonNull(headers, "headers");
        this.body = body;
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
     * Returns the response headers.
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
     * Returns the body, to subscribe to once.
     *
     * @return the publisher of the body's buffers
     */
    public Flow.Publisher<List<ByteBuffer>> body() {
        return body;
    }

    /** Gives up the body unread, closing its connection; does nothing once the body has a subscriber. */
    public void discard() {
        body.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.cancel();
            }

            @Override
            public void onNext(List<ByteBuffer> item) {
                // Cancelled on subscribe; nothing arrives.
            }

            @Override
            public void onError(Throwable failure) {
                // Nobody wants the body.
            }

            @Override
            public void onComplete() {
                // Nobody wants the body.
            }
        });
    }

    @Override
    public String toString() {
        return "RawResponse[status=" + status + "]";
    }
}
