package dev.ditto.sdk.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import dev.ditto.sdk.RateLimitedException;
import dev.ditto.sdk.SdkException;
import dev.ditto.sdk.StreamInterruptedException;
import dev.ditto.sdk.UnexpectedResponseException;
import dev.ditto.sdk.UpstreamTimeoutException;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.ref.WeakReference;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The streaming path of {@link JdkHttpTransport} against a local server. */
class SseSubscriptionTest {

    private static final HttpTransportConfig GENEROUS = HttpTransportConfig.builder()
            .connectTimeout(Duration.ofSeconds(10)).firstByteTimeout(Duration.ofSeconds(30))
            .idleTimeout(Duration.ofSeconds(30)).totalTimeout(Duration.ofSeconds(60)).build();

    /** Released at the end of each test so that blocked handlers finish. */
    private final CountDownLatch release = new CountDownLatch(1);
    /** Counted down by a handler once a write fails because the client closed the connection. */
    private final CountDownLatch serverSawClose = new CountDownLatch(1);
    private HttpTransport transport;
    private LocalServer server;

    @AfterEach
    void tearDown() {
        release.countDown();
        if (transport != null) {
            transport.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private RecordingSubscriber<SseEvent> stream(HttpTransportConfig config, long initialRequest) {
        transport = HttpTransport.of(config);
        RecordingSubscriber<SseEvent> subscriber = new RecordingSubscriber<>(initialRequest);
        transport.stream(TransportRequest.builder(server.uri()).jsonBody("{}").caller("test", "m1").build())
                .subscribe(subscriber);
        return subscriber;
    }

    private void writeUntilClosed(OutputStream out, long pauseMillis) {
        try {
            for (int i = 0; ; i++) {
                LocalServer.writeEvent(out, "{\"n\":" + i + "}");
                Thread.sleep(pauseMillis);
            }
        } catch (IOException e) {
            serverSawClose.countDown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitRelease() {
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void deliversEventsInOrderAndCompletesAtTheEndOfTheBody() throws Exception {
        server = new LocalServer(exchange -> {
            LocalServer.startEventStream(exchange);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("event: a\ndata: 1\n\n: ping\n\ndata: 2\r\n\r\ndata: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            }
        });

        RecordingSubscriber<SseEvent> subscriber = stream(GENEROUS, Long.MAX_VALUE);

        subscriber.awaitCompletion();
        assertThat(subscriber.items).containsExactly(SseEvent.of("a", "1"), SseEvent.of("2"), SseEvent.of("[DONE]"));
    }

    @Test
    void letsGoOfTheSubscriberOnceTheStreamHasEnded() throws Exception {
        server = new LocalServer(exchange -> {
            LocalServer.startEventStream(exchange);
            try (OutputStream out = exchange.getResponseBody()) {
                LocalServer.writeEvent(out, "only");
            }
        });
        RecordingSubscriber<SseEvent> subscriber = stream(GENEROUS, Long.MAX_VALUE);
        subscriber.awaitCompletion();
        assertThat(subscriber.items).containsExactly(SseEvent.of("only"));
        WeakReference<RecordingSubscriber<SseEvent>> ref = new WeakReference<>(subscriber);
        subscriber = null;

        // The client keeps the idle connection, and with it this body subscriber, for reuse; the
        // downstream (in the gateway, a whole finished client exchange) must not stay with them.
        for (int i = 0; i < 50 && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(ref.get()).as("the finished subscriber is collectable while the transport is open").isNull();
    }

    @Test
    void runsCallbacksOnABoundedPoolOfItsOwn() throws Exception {
        server = new LocalServer(exchange -> {
            LocalServer.startEventStream(exchange);
            try (OutputStream out = exchange.getResponseBody()) {
                LocalServer.writeEvent(out, "1");
                LocalServer.writeEvent(out, "2");
            }
        });
        transport = HttpTransport.of(GENEROUS);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        List<RecordingSubscriber<SseEvent>> subscribers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            RecordingSubscriber<SseEvent> subscriber = new RecordingSubscriber<>(Long.MAX_VALUE);
            subscribers.add(subscriber);
            transport.stream(TransportRequest.builder(server.uri()).jsonBody("{}").caller("test", "m1").build())
                    .subscribe(subscriber);
        }
        for (RecordingSubscriber<SseEvent> subscriber : subscribers) {
            subscriber.awaitCompletion();
            assertThat(subscriber.items).hasSize(2);
            threads.addAll(subscriber.threads);
        }

        // Not the JDK's default executor, an unbounded cached pool that a burst grows a thread per exchange.
        assertThat(threads).allMatch(name -> name.startsWith("ditto-http-client-"))
                .hasSizeLessThanOrEqualTo(JdkHttpTransport.CALLBACK_THREADS);
    }

    @Test
    void failsWithTimeoutWhenHeadersDoNotArriveWithinTheFirstByteTimeout() throws Exception {
        server = new LocalServer(exchange -> awaitRelease());

        RecordingSubscriber<SseEvent> subscriber = stream(
                GENEROUS.toBuilder().connectTimeout(Duration.ofMillis(300)).firstByteTimeout(Duration.ofMillis(300)).build(), 1);

        assertThat(subscriber.awaitError()).isInstanceOf(UpstreamTimeoutException.class)
                .hasMessageContaining("first-byte timeout PT0.3S");
        assertThat(subscriber.items).isEmpty();
    }

    @Test
    void firstByteTimeoutStopsCountingOnceHeadersArrive() throws Exception {
        server = new LocalServer(exchange -> {
            LocalServer.startEventStream(exchange);
            try (OutputStream out = exchange.getResponseBody()) {
                LocalServer.writeEvent(out, "early");
                awaitRelease();
                LocalServer.writeEvent(out, "late");
            }
        });
        RecordingSubscriber<SseEvent> subscriber = stream(
                GENEROUS.toBuilder().connectTimeout(Duration.ofSeconds(1)).firstByteTimeout(Duration.ofSeconds(1)).build(),
                Long.MAX_VALUE);
        subscriber.awaitItems(1);

        Thread.sleep(2500);
        release.countDown();

        subscriber.awaitCompletion();
        assertThat(subscriber.items).extracting(SseEvent::data).containsExactly("early", "late");
    }

    @Test
    void failsWithTimeoutAndClosesTheConnectionWhenEventsStopArriving() throws Exception {
        server = new LocalServer(exchange -> {
            LocalServer.startEventStream(exchange);
            OutputStream out = exchange.getResponseBody();
            LocalServer.writeEvent(out, "first");
            awaitRelease();
            writeUntilClosed(out, 20);
        });

        RecordingSubscriber<SseEvent> subscriber = stream(GENEROUS.toBuilder().idleTimeout(Duration.ofSeconds(1)).build(),
                Long.MAX_VALUE);

        assertThat(subscriber.awaitError()).isInstanceOf(UpstreamTimeoutException.class)
                .hasMessageContaining("over the idle timeout PT1S");
        assertThat(subscriber.items).extracting(SseEvent::data).containsExactly("first");
        release.countDown();
        assertThat(serverSawClose.await(20, TimeUnit.SECONDS)).as("server saw the connection close").isTrue();
    }

    @Test
    void idleClockDoesNotRunWhileTheSubscriberIsNotRequesting() throws Exception {
        CountDownLatch resumed = new CountDownLatch(1);
        server = new LocalServer(exchange -> {
            LocalServer.startEventStream(exchange);
            try (OutputStream out = exchange.getResponseBody()) {
                LocalServer.writeEvent(out, "1");
                LocalServer.writeEvent(out, "2");
                resumed.await(30, TimeUnit.SECONDS);
                Thread.sleep(50);
                LocalServer.writeEvent(out, "3");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        RecordingSubscriber<SseEvent> subscriber = stream(GENEROUS.toBuilder().idleTimeout(Duration.ofSeconds(1)).build(), 1);
        subscriber.awaitItems(1);

        Thread.sleep(2500);
        assertThat(subscriber.terminated.getCount()).as("no idle timeout while not requesting").isEqualTo(1);
        resumed.countDown();
        subscriber.subscription().request(Long.MAX_VALUE);

        subscriber.awaitCompletion();
        assertThat(subscriber.items).extracting(SseEvent::data).containsExactly("1", "2", "3");
    }

    @Test
    void failsWithTimeoutWhenTheWholeExchangeExceedsTheTotalTimeout() throws Exception {
        server = new LocalServer(exchange -> {
            LocalServer.startEventStream(exchange);
            writeUntilClosed(exchange.getResponseBody(), 50);
        });

        RecordingSubscriber<SseEvent> subscriber = stream(GENEROUS.toBuilder().totalTimeout(Duration.ofSeconds(2))
                .connectTimeout(Duration.ofSeconds(2)).firstByteTimeout(Duration.ofSeconds(2))
                .idleTimeout(Duration.ofSeconds(2)).build(), Long.MAX_VALUE);

        assertThat(subscriber.awaitError()).isInstanceOf(UpstreamTimeoutException.class)
                .hasMessageContaining("total timeout PT2S");
        assertThat(subscriber.items).isNotEmpty();
        assertThat(serverSawClose.await(20, TimeUnit.SECONDS)).as("server saw the connection close").isTrue();
    }

    @Test
    void cancellingTheSubscriptionClosesTheConnection() throws Exception {
        server = new LocalServer(exchange -> {
            LocalServer.startEventStream(exchange);
            writeUntilClosed(exchange.getResponseBody(), 20);
        });
        RecordingSubscriber<SseEvent> subscriber = stream(GENEROUS, 2);
        subscriber.awaitItems(2);

        subscriber.subscription().cancel();

        assertThat(serverSawClose.await(20, TimeUnit.SECONDS)).as("server saw the connection close").isTrue();
        subscriber.subscription().request(10);
        assertThat(subscriber.items).hasSize(2);
        assertThat(subscriber.terminated.getCount()).as("no terminal signal after cancel").isEqualTo(1);
    }

    @Test
    void readsOnlyWhatTheSubscriberRequests() throws Exception {
        long bodyBytes = 64L * 1024 * 1024;
        AtomicLong written = new AtomicLong();
        byte[] event = ("data: " + "x".repeat(100) + "\n\n").getBytes(StandardCharsets.UTF_8);
        server = new LocalServer(exchange -> {
            LocalServer.startEventStream(exchange);
            OutputStream out = exchange.getResponseBody();
            try {
                while (written.get() < bodyBytes) {
                    out.write(event);
                    written.addAndGet(event.length);
                }
                out.close();
            } catch (IOException e) {
                serverSawClose.countDown();
            }
        });
        RecordingSubscriber<SseEvent> subscriber = stream(GENEROUS, 1);
        subscriber.awaitItems(1);

        long plateau = awaitPlateau(written);

        assertThat(plateau).as("bytes the server could write").isLessThan(bodyBytes / 4);
        assertThat(subscriber.items).hasSize(1);
        SseSubscription subscription = (SseSubscription) subscriber.subscription();
        assertThat(subscription.maxBufferedEvents()).as("events parsed ahead of demand").isBetween(1, 1000);
        subscription.request(3);
        subscriber.awaitItems(4);
        subscription.cancel();
        assertThat(serverSawClose.await(20, TimeUnit.SECONDS)).as("server saw the connection close").isTrue();
    }

    /** Waits until the server has written nothing new for a second, and returns what it wrote. */
    private static long awaitPlateau(AtomicLong written) throws InterruptedException {
        long last = -1;
        int stableFor = 0;
        for (int i = 0; i < 300 && stableFor < 10; i++) {
            Thread.sleep(100);
            long now = written.get();
            stableFor = now == last ? stableFor + 1 : 0;
            last = now;
        }
        return last;
    }

    @Test
    void mapsAnErrorStatusThroughTheErrorMapperWithTheBodyCappedAt64KiB() throws Exception {
        server = new LocalServer(exchange -> {
            exchange.getResponseHeaders().set("retry-after", "3");
            LocalServer.respond(exchange, 429, "application/json", "e".repeat(1024 * 1024).getBytes(StandardCharsets.UTF_8));
        });

        RecordingSubscriber<SseEvent> subscriber = stream(GENEROUS, 1);

        SdkException error = (SdkException) subscriber.awaitError();
        assertThat(error).isInstanceOf(RateLimitedException.class);
        assertThat(error.retryAfter()).isEqualTo(Duration.ofSeconds(3));
        assertThat(error.errorBody()).hasSize(64 * 1024);
        assertThat(error.details().bodyTruncated()).isTrue();
        assertThat(error.provider()).isEqualTo("test");
        assertThat(error.model()).isEqualTo("m1");
    }

    @Test
    void rejectsASuccessfulAnswerThatIsNotAnEventStream() throws Exception {
        server = new LocalServer(exchange -> LocalServer.respond(exchange, 200, "application/json",
                "{\"error\":\"nope\"}".getBytes(StandardCharsets.UTF_8)));

        RecordingSubscriber<SseEvent> subscriber = stream(GENEROUS, 1);

        SdkException error = (SdkException) subscriber.awaitError();
        assertThat(error).isInstanceOf(UnexpectedResponseException.class)
                .hasMessageContaining("expected a text/event-stream but got content type application/json");
        assertThat(error.errorBody()).isEqualTo("{\"error\":\"nope\"}");
    }

    @Test
    void failsWhenAnSseLineExceedsTheCap() throws Exception {
        server = new LocalServer(exchange -> {
            LocalServer.startEventStream(exchange);
            try (OutputStream out = exchange.getResponseBody()) {
                LocalServer.writeEvent(out, "ok");
                LocalServer.writeEvent(out, "y".repeat(4096));
            }
        });

        RecordingSubscriber<SseEvent> subscriber = stream(GENEROUS.toBuilder().sseLimits(1024, 1024).build(), Long.MAX_VALUE);

        assertThat(subscriber.awaitError()).isInstanceOf(UnexpectedResponseException.class)
                .hasMessageContaining("SSE line exceeds 1024 bytes");
        assertThat(subscriber.items).extracting(SseEvent::data).containsExactly("ok");
    }

    @Test
    void reportsABodyThatBreaksOffAsAnInterruptedStream() throws Exception {
        try (ServerSocket raw = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread serverThread = new Thread(() -> {
                try (Socket socket = raw.accept()) {
                    socket.getInputStream().read(new byte[8192]);
                    socket.getOutputStream().write(("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n"
                            + "content-length: 1000\r\n\r\ndata: a\n\n").getBytes(StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                } catch (IOException e) {
                    // The test then fails on its assertions.
                }
            });
            serverThread.start();
            transport = HttpTransport.of(GENEROUS.toBuilder().httpVersion(java.net.http.HttpClient.Version.HTTP_1_1).build());
            RecordingSubscriber<SseEvent> subscriber = new RecordingSubscriber<>(Long.MAX_VALUE);
            URI uri = URI.create("http://127.0.0.1:" + raw.getLocalPort() + "/");

            transport.stream(TransportRequest.builder(uri).jsonBody("{}").build()).subscribe(subscriber);

            assertThat(subscriber.awaitError()).isInstanceOf(StreamInterruptedException.class);
            assertThat(subscriber.items).extracting(SseEvent::data).containsExactly("a");
            serverThread.join(10_000);
        }
    }

    @Test
    void rejectsANonPositiveRequestWithIllegalArgument() throws Exception {
        server = new LocalServer(exchange -> awaitRelease());
        RecordingSubscriber<SseEvent> subscriber = stream(GENEROUS, 0);
        subscriber.subscribed.await(10, TimeUnit.SECONDS);

        subscriber.subscription().request(0);

        assertThat(subscriber.awaitError()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3.9");
    }
}
