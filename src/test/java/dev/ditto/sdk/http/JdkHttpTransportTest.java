package dev.ditto.sdk.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ditto.sdk.ConnectionFailedException;
import dev.ditto.sdk.InvalidRequestException;
import dev.ditto.sdk.SdkException;
import dev.ditto.sdk.UnexpectedResponseException;
import dev.ditto.sdk.UpstreamTimeoutException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The non-streaming path of {@link JdkHttpTransport} against a local server. */
class JdkHttpTransportTest {

    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch serverSawClose = new CountDownLatch(1);
    private final HttpTransport transport = HttpTransport.of(HttpTransportConfig.builder()
            .totalTimeout(Duration.ofSeconds(60)).build());
    private LocalServer server;

    @AfterEach
    void tearDown() {
        release.countDown();
        transport.close();
        if (server != null) {
            server.close();
        }
    }

    private TransportRequest request(URI uri) {
        return TransportRequest.builder(uri).header("Authorization", "Bearer k").jsonBody("{\"q\":1}")
                .caller("test", "m1").build();
    }

    private static SdkException failure(CompletableFuture<?> future) {
        try {
            future.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return (SdkException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError("no failure within 20 s", e);
        }
        throw new AssertionError("succeeded instead of failing");
    }

    @Test
    void sendsMethodHeadersAndBodyAndReturnsTheAnswer() throws Exception {
        server = new LocalServer(exchange -> {
            byte[] received;
            try (InputStream in = exchange.getRequestBody()) {
                received = in.readAllBytes();
            }
            String echo = exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("authorization")
                    + " " + exchange.getRequestHeaders().getFirst("content-type") + " " + new String(received, StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("x-request-id", "req_9");
            LocalServer.respond(exchange, 200, "text/plain", echo.getBytes(StandardCharsets.UTF_8));
        });

        TransportResponse response = transport.send(request(server.uri())).get(20, TimeUnit.SECONDS);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("X-Request-Id")).contains("req_9");
        assertThat(response.bodyText()).isEqualTo("POST Bearer k application/json {\"q\":1}");
    }

    @Test
    void mapsAnErrorStatusWithTheBodyCappedAt64KiB() {
        server = new LocalServer(exchange -> LocalServer.respond(exchange, 400, "application/json",
                ("{\"error\":{\"message\":\"" + "b".repeat(1024 * 1024) + "\"}}").getBytes(StandardCharsets.UTF_8)));

        SdkException error = failure(transport.send(request(server.uri())));

        assertThat(error).isExactlyInstanceOf(InvalidRequestException.class);
        assertThat(error.status()).isEqualTo(400);
        assertThat(error.errorBody()).hasSize(64 * 1024).startsWith("{\"error\":{\"message\":\"bbb");
        assertThat(error.details().bodyTruncated()).isTrue();
        assertThat(error.provider()).isEqualTo("test");
    }

    @Test
    void rejectsASuccessfulBodyOverTheResponseCap() {
        server = new LocalServer(exchange -> LocalServer.respond(exchange, 200, "application/json", new byte[4096]));
        HttpTransport small = HttpTransport.of(HttpTransportConfig.builder().maxResponseBytes(1000).build());
        try {
            SdkException error = failure(small.send(request(server.uri())));

            assertThat(error).isInstanceOf(UnexpectedResponseException.class)
                    .hasMessageContaining("exceeds maxResponseBytes 1000");
        } finally {
            small.close();
        }
    }

    @Test
    void failsAsRetryableConnectionFailureWhenNothingListens() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }

        SdkException error = failure(transport.send(request(URI.create("http://127.0.0.1:" + port + "/"))));

        assertThat(error).isInstanceOf(ConnectionFailedException.class);
        assertThat(error.isRetryable()).isTrue();
        assertThat(error.status()).isNull();
    }

    @Test
    void failsWithTimeoutWhenTheAnswerExceedsTheTotalTimeout() {
        server = new LocalServer(exchange -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        HttpTransport quick = HttpTransport.of(HttpTransportConfig.builder().connectTimeout(Duration.ofMillis(500))
                .firstByteTimeout(Duration.ofMillis(500)).idleTimeout(Duration.ofMillis(500))
                .totalTimeout(Duration.ofMillis(500)).build());
        try {
            SdkException error = failure(quick.send(request(server.uri())));

            assertThat(error).isInstanceOf(UpstreamTimeoutException.class).hasMessageContaining("total timeout PT0.5S");
        } finally {
            quick.close();
        }
    }

    @Test
    void cancellingTheFutureClosesTheConnection() throws Exception {
        CountDownLatch bodyStarted = new CountDownLatch(1);
        server = new LocalServer(exchange -> {
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            try {
                while (true) {
                    out.write("{\"chunk\":true}\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    bodyStarted.countDown();
                    Thread.sleep(20);
                }
            } catch (IOException e) {
                serverSawClose.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        CompletableFuture<TransportResponse> future = transport.send(request(server.uri()));
        assertThat(bodyStarted.await(20, TimeUnit.SECONDS)).isTrue();

        future.cancel(true);

        assertThat(serverSawClose.await(20, TimeUnit.SECONDS)).as("server saw the connection close").isTrue();
        assertThat(future).isCancelled();
    }

    @Test
    void rejectsHeadersTheClientSetsItself() {
        assertThatThrownBy(() -> TransportRequest.builder(URI.create("http://localhost/")).header("Content-Length", "3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("header 'Content-Length' is set by the HTTP client and cannot be given");
    }

    @Test
    void rejectsNonHttpUris() {
        assertThatThrownBy(() -> TransportRequest.builder(URI.create("file:///etc/passwd")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("absolute http(s) URL");
    }

    @Test
    void theClientsSelectorThreadDoesNotCarryTheCallersClassLoader() throws Exception {
        // What an app server sees on undeploy: a live thread whose context loader is the WAR's.
        java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
        ClassLoader webapp = new java.net.URLClassLoader(new java.net.URL[0], getClass().getClassLoader());
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        current.setContextClassLoader(webapp);
        HttpTransport created;
        try {
            created = HttpTransport.of(HttpTransportConfig.ofDefaults());
        } finally {
            current.setContextClassLoader(previous);
        }
        try {
            java.util.List<Thread> selectors = Thread.getAllStackTraces().keySet().stream()
                    .filter(thread -> !before.contains(thread))
                    .filter(thread -> thread.getName().matches("HttpClient-\\d+-SelectorManager"))
                    .toList();
            assertThat(selectors).isNotEmpty();
            assertThat(selectors).allSatisfy(thread -> assertThat(thread.getContextClassLoader()).isNotSameAs(webapp));
            assertThat(current.getContextClassLoader()).isSameAs(previous);
        } finally {
            created.close();
        }
    }

    @Test
    void closeLetsGoOfTheClientSoItsSelectorThreadCanEnd() throws Exception {
        // An app server may keep a closed transport reachable after an undeploy (WildFly keeps a
        // worker's last request, which leads to the gateway): the client must not stay reachable.
        JdkHttpTransport closing = new JdkHttpTransport(HttpTransportConfig.ofDefaults());
        java.lang.ref.WeakReference<java.net.http.HttpClient> client =
                new java.lang.ref.WeakReference<>(closing.clientOrNull());
        assertThat(client.get()).isNotNull();

        closing.close();

        assertThat(closing.clientOrNull()).isNull();
        for (int i = 0; i < 50 && client.get() != null; i++) {
            System.gc();
            Thread.sleep(100);
        }
        assertThat(client.get()).as("the closed transport still keeps its HttpClient reachable").isNull();
        assertThatThrownBy(() -> closing.send(TransportRequest.builder(URI.create("http://127.0.0.1:9/")).build()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}
