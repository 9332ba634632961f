package dev.ditto.sdk.http;

import dev.ditto.sdk.StreamPart;
import java.net.http.HttpRequest;
import java.util.concurrent.CompletableFuture;
import java.net.http.HttpHeaders;
import java.util.concurrent.Flow;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Sends provider requests over one shared {@code java.net.http.HttpClient}: asynchronous,
 * HTTP/2 where the server offers it, with the timeouts of its {@link HttpTransportConfig}.
 *
 * <p>Create one transport per provider configuration and share it among that provider's models;
 * {@link #close()} it when the configuration goes away. Implementations are thread-safe.
 *
 * <p>Failures are {@link dev.ditto.sdk.SdkException}s: a non-2xx answer goes through the
 * configured {@link UpstreamErrorMapper} with its body read up to 64 KiB; timeouts become
 * {@link dev.ditto.sdk.UpstreamTimeoutException}; a connection that fails before the response
 * becomes {@link dev.ditto.sdk.ConnectionFailedException}, and one that breaks during the body
 * {@link dev.ditto.sdk.StreamInterruptedException}.
 *
 * <pre>{@code
 * try (HttpTransport transport = HttpTransport.of(HttpTransportConfig.ofDefaults())) {
 *     TransportResponse response = transport.send(request).join();
 * }
 * }</pre>
 */
public interface HttpTransport extends AutoCloseable {

    /**
     * Returns a transport with its own HTTP client and timer thread.
     *
     * @param config the settings
     * @return a new transport
     */
    static HttpTransport of(HttpTransportConfig config) {
        return new JdkHttpTransport(config);
    }

    /**
     * Returns this transport's settings.
     *
     * @return the configuration
     */
    HttpTransportConfig config();

    /**
     * Sends a request and reads the whole answer, bounded by the total timeout.
     *
     * <p>Cancelling the returned future cancels the exchange and closes its connection.
     *
     * @param request the request
     * @return a future completed with the 2xx answer, or exceptionally with an
     *     {@link dev.ditto.sdk.SdkException}
     */
    CompletableFuture<TransportResponse> send(TransportRequest request);

    /**
     * Sends a request and completes as soon as the response's status and headers arrive, whatever
     * the status, with the body left on the connection: for a gateway that relays bytes it does
     * not interpret (passthrough), an upstream error answer included.
     *
     * <p>Timeouts: connecting is bounded by the connect timeout; the wait for headers by the
     * first-byte timeout when {@code streamed} (the upstream answers at once and streams), else,
     * as for {@link #send}, by the total timeout alone (a transcription's headers come only once
     * it is done); the body by the idle timeout between buffers and the total timeout, which
     * counts from the start of the exchange. Cancelling the returned future before it completes
     * cancels the exchange; afterwards, cancelling the body's subscription does.
     *
     * <pre>{@code
     * RawResponse response = transport.exchange(request, HttpRequest.BodyPublishers.ofFile(upload), false).join();
     * response.body().subscribe(relay);
     * }</pre>
     *
     * @param request the request: method, URL, headers, and its body unless {@code body} is given
     * @param body a body to send instead of the request's bytes, such as a client's upload as it
     *     arrives (sent once: a streamed body cannot be replayed); null to send the request's own
     * @param streamed whether the answer is expected to stream, which puts the first-byte
     *     timeout on the wait for headers
     * @return a future completed with the answer, or exceptionally with an
     *     {@link dev.ditto.sdk.SdkException} when no answer arrived: a timeout, or a connection
     *     that failed ({@link dev.ditto.sdk.ConnectionFailedException})
     */
    CompletableFuture<RawResponse> exchange(TransportRequest request, HttpRequest.@Nullable BodyPublisher body,
            boolean streamed);

    /**
     * Returns a cold publisher of the server-sent events of a streaming request: each subscription
     * sends the request once.
     *
     * <p>Bytes are read from the connection only while the subscriber has outstanding demand, and
     * at most one network read's worth of events is buffered, so a slow subscriber slows the
     * upstream instead of filling memory. Cancelling the subscription cancels the exchange and
     * closes its connection. A failure, including a non-2xx answer, a non-{@code text/event-stream}
     * answer, a timeout or an SSE line over its cap, arrives through {@code onError} as an
     * {@link dev.ditto.sdk.SdkException}; a clean end of the body through {@code onComplete}.
     *
     * @param request the request
     * @return the publisher
     */
    Flow.Publisher<SseEvent> stream(TransportRequest request);

    /**
     * Like {@link #stream(TransportRequest)}, and hands the headers of a successful
     * {@code text/event-stream} answer to {@code onHeaders} before its first event, for callers
     * that relay some of them (a gateway's request ids and rate-limit headers). The default
     * implementation never calls it.
     *
     * @param request the request
     * @param onHeaders called at most once per subscription, on the client's thread; must not throw
     * @return the publisher
     */
    default Flow.Publisher<SseEvent> stream(TransportRequest request, Consumer<HttpHeaders> onHeaders) {
        return stream(request);
    }

    /**
     * Returns a cold publisher of the {@link StreamPart}s that a provider's decoder makes of a
     * streaming request's events, with the contract of
     * {@link dev.ditto.sdk.LanguageModel#stream(dev.ditto.sdk.LanguageModelRequest)}.
     *
     * <p>Each subscription sends the request once with a fresh decoder. An event is read only
     * when the parts of the previous one have been delivered and the subscriber wants more, and
     * cancelling the subscription closes the connection. Every failure (HTTP error, timeout,
     * broken connection, a decoder's {@link dev.ditto.sdk.SdkException}) ends the stream with a
     * {@link StreamPart.Error} followed by {@code onComplete}.
     *
     * @param request the request
     * @param decoders makes one decoder per subscription
     * @return the publisher
     */
    default Flow.Publisher<StreamPart> streamParts(TransportRequest request, Supplier<? extends SseStreamDecoder> decoders) {
        return subscriber -> new DecodingSubscription(stream(request), decoders.get(), subscriber,
                TransportFailures.details(request)).start();
    }

    /**
     * Stops the timer thread; exchanges in flight lose their timeouts. Idempotent.
     */
    @Override
    void close();
}
