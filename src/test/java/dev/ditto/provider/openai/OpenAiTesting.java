package dev.ditto.provider.openai;

import dev.ditto.sdk.StreamPart;
import dev.ditto.sdk.http.HttpTransport;
import dev.ditto.sdk.http.HttpTransportConfig;
import dev.ditto.sdk.http.RawResponse;
import dev.ditto.sdk.http.SseEvent;
import dev.ditto.sdk.http.SseStreamDecoder;
import dev.ditto.sdk.http.TransportRequest;
import dev.ditto.sdk.http.TransportResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.Supplier;

/**
 * Transports for OpenAI adapter tests. Tests pass their own transport and close it, rather than
 * use the JVM-wide default one, whose timer thread would outlive them (and trip the lifecycle
 * test that looks for leftover {@code ditto-} threads).
 */
public final class OpenAiTesting {

    private OpenAiTesting() {
    }

    /**
     * Returns a new transport configured like the provider's default one; close it after the test.
     *
     * @return the transport
     */
    public static HttpTransport transport() {
        return HttpTransport.of(HttpTransportConfig.builder().errorMapper(OpenAiErrorMapper.ofDefaults()).build());
    }

    /** A transport for tests that never send: every call fails. */
    static HttpTransport unusable() {
        return new HttpTransport() {
            @Override
            public HttpTransportConfig config() {
                return HttpTransportConfig.ofDefaults();
            }

            @Override
            public CompletableFuture<TransportResponse> send(TransportRequest request) {
                throw new UnsupportedOperationException("this test sends nothing");
            }

            @Override
            public Flow.Publisher<SseEvent> stream(TransportRequest request) {
                throw new UnsupportedOperationException("this test sends nothing");
            }

            @Override
            public CompletableFuture<RawResponse> exchange(TransportRequest request,
                    java.net.http.HttpRequest.BodyPublisher body, boolean streamed) {
                throw new UnsupportedOperationException("this test sends nothing");
            }

            @Override
            public Flow.Publisher<StreamPart> streamParts(TransportRequest request,
                    Supplier<? extends SseStreamDecoder> decoders) {
                throw new UnsupportedOperationException("this test sends nothing");
            }

            @Override
            public void close() {
            }
        };
    }
}
