package dev.ditto.sdk.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ditto.sdk.ConnectionFailedException;
import dev.ditto.sdk.UpstreamTimeoutException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link HttpTransport#exchange}: answers of any status with their body left on the connection, under the timeouts. */
class RawExchangeTest {

    private static final long WAIT_SECONDS = 20;

    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch serverSawClose = new CountDownLatch(1);
    private final HttpTransport quick = HttpTransport.of(HttpTransportConfig.builder()
            .connectTimeout(Duration.ofMillis(500)).idleTimeout(Duration.ofMillis(500))
            .totalTimeout(Duration.ofSeconds(30)).build());
    private LocalServer server;

    @AfterEach
    void tearDown() {
        release.countDown();
        quick.close();
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anErrorStatusIsAnAnswerWithItsHeadersAndBody() throws Exception {
        byte[] error = "{\"error\":{\"message\":\"slow down\"}}".getBytes(StandardCharsets.UTF_8);
        server = new LocalServer(exchange -> {
            byte[] received;
            try (InputStream in = exchange.getRequestBody()) {
                received = in.readAllBytes();
            }
            exchange.getResponseHeaders().set("retry-after", "3");
            exchange.getResponseHeaders().set("x-received", new String(received, StandardCharsets.UTF_8));
            LocalServer.respond(exchange, 429, "application/json", error);
        });

        RawResponse response = quick.exchange(request(server.uri()),
                HttpRequest.BodyPublishers.ofString("streamed body"), false).get(WAIT_SECONDS, TimeUnit.SECONDS);
        RecordingSubscriber<List<ByteBuffer>> body = new RecordingSubscriber<>(Long.MAX_VALUE);
        response.body().subscribe(body);

        assertThat(response.status()).isEqualTo(429);
        assertThat(response.header("retry-after")).contains("3");
        assertThat(response.header("x-received")).contains("streamed body");
        assertThat(body.terminated.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(body.completed()).isTrue();
        assertThat(bytes(body)).isEqualTo(error);
    }

    @Test
    void aBodyThatStallsWhileTheSubscriberWaitsTimesOut() throws Exception {
        server = new LocalServer(exchange -> {
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write("first".getBytes(StandardCharsets.UTF_8));
            out.flush();
            awaitRelease();
            closeQuietly(out);
        });

        RawResponse response = quick.exchange(request(server.uri()), null, false).get(WAIT_SECONDS, TimeUnit.SECONDS);
        RecordingSubscriber<List<ByteBuffer>> body = new RecordingSubscriber<>(Long.MAX_VALUE);
        response.body().subscribe(body);

        assertThat(body.terminated.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(bytes(body), StandardCharsets.UTF_8)).isEqualTo("first");
        assertThat(body.error.get()).isInstanceOf(UpstreamTimeoutException.class)
                .hasMessageContaining("idle timeout PT0.5S");
    }

    @Test
    void noHeadersWithinTheTotalTimeoutFailsTheExchange() {
        server = new LocalServer(exchange -> awaitRelease());
        HttpTransport impatient = HttpTransport.of(HttpTransportConfig.builder().connectTimeout(Duration.ofMillis(400))
                .firstByteTimeout(Duration.ofMillis(400)).idleTimeout(Duration.ofMillis(400))
                .totalTimeout(Duration.ofMillis(400)).build());
        try {
            Throwable failure = failure(() -> impatient.exchange(request(server.uri()), null, false)
                    .get(WAIT_SECONDS, TimeUnit.SECONDS));

            assertThat(failure).isInstanceOf(UpstreamTimeoutException.class).hasMessageContaining("total timeout");
        } finally {
            impatient.close();
        }
    }

    @Test
    void aRefusedConnectionIsARetryableFailure() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }

        Throwable failure = failure(() -> quick.exchange(request(URI.create("http://127.0.0.1:" + port + "/")), null,
                false).get(WAIT_SECONDS, TimeUnit.SECONDS));

        assertThat(failure).isInstanceOf(ConnectionFailedException.class);
    }

    @Test
    void cancellingTheBodyClosesTheConnection() throws Exception {
        CountDownLatch bodyStarted = new CountDownLatch(1);
        server = new LocalServer(exchange -> {
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            try {
                while (true) {
                    out.write(new byte[8192]);
                    out.flush();
                    bodyStarted.countDown();
                    if (release.await(10, TimeUnit.MILLISECONDS)) {
                        return;
                    }
                }
            } catch (IOException e) {
                serverSawClose.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        RawResponse response = quick.exchange(request(server.uri()), null, true).get(WAIT_SECONDS, TimeUnit.SECONDS);
        RecordingSubscriber<List<ByteBuffer>> body = new RecordingSubscriber<>(1);
        response.body().subscribe(body);
        assertThat(bodyStarted.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

        body.subscription().cancel();

        assertThat(serverSawClose.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("server saw the connection close").isTrue();
    }

    private static TransportRequest request(URI uri) {
        return TransportRequest.builder(uri).header("authorization", "Bearer k").caller("test", "m1").build();
    }

    private void awaitRelease() {
        try {
            release.await(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(OutputStream out) {
        try {
            out.close();
        } catch (IOException e) {
            // The client is gone already.
        }
    }

    private static byte[] bytes(RecordingSubscriber<List<ByteBuffer>> body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (List<ByteBuffer> buffers : body.items) {
            for (ByteBuffer buffer : buffers) {
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                out.writeBytes(chunk);
            }
        }
        return out.toByteArray();
    }

    private static Throwable failure(Call call) {
        try {
            call.run();
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError("no failure within " + WAIT_SECONDS + " s", e);
        }
        throw new AssertionError("succeeded instead of failing");
    }

    @FunctionalInterface
    private interface Call {
        void run() throws Exception;
    }
}
