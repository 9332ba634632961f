package dev.ditto.testing;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.jspecify.annotations.Nullable;

/**
 * A local HTTP server on {@code 127.0.0.1} and a random port that plays a provider API for
 * tests: it answers with programmed {@link Reply replies} (recorded fixtures, literal JSON or SSE,
 * errors, misbehaviour) and records every request.
 *
 * <p>Requests are matched to {@link Route routes} by method and path: exact routes first, then
 * prefix and pattern routes in the order they were added. A request that matches no route, or
 * whose route has no reply left, gets a 404 with a JSON error. Every request is captured either
 * way, numbered from 1 in the order its body finished arriving.
 *
 * <p>Built on embedded Jetty core handlers; it never blocks a server thread. Thread-safe: routes
 * may be added and requests inspected while requests are in flight. {@link #close()} ends
 * in-flight responses and stops every thread it started. HTTP/1.1 only; an HTTP/2 upgrade
 * offer is ignored.
 *
 * <pre>{@code
 * try (FakeUpstream upstream = FakeUpstream.start()) {
 *     CompletableFuture<Void> gate = new CompletableFuture<>();
 *     upstream.on("POST", "/v1/messages").enqueue(
 *             Reply.json(429, "{\"type\":\"error\"}").toBuilder().header("retry-after", "1").build(),
 *             Reply.fixture("anthropic-messages/anthropic-text.chunks.txt").toBuilder()
 *                     .gateBeforeEvent(1, gate).build());
 *     URI base = upstream.baseUri();                 // point the adapter under test here
 *     // ... drive the client; read event 0; then gate.complete(null) ...
 *     assertThat(upstream.awaitRequest(2, TIMEOUT).header("x-api-key")).hasValue("test-key");
 * }
 * }</pre>
 */
public final class FakeUpstream implements AutoCloseable {

    /**
     * Connections with no traffic for this long are closed, including a reply left hanging or
     * waiting on a gate nobody completes ({@link Exchange.Outcome#ABORTED}), so a broken test
     * fails instead of hanging.
     */
    public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

    /** How much of a digested body ({@link Route#digestBody()}) is kept as the captured body. */
    public static final int DIGESTED_PREFIX_BYTES = 64 * 1024;

    private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final Server server;
    private final ServerConnector connector;
    private final String name;
    private final List<Route> routes = new ArrayList<>();
    private final List<Exchange> exchanges = new ArrayList<>();
    private final Set<ReplyWriter> active = ConcurrentHashMap.newKeySet();
    private long digestedBytes;

    private FakeUpstream(Duration idleTimeout) {
        name = "fake-upstream-" + INSTANCES.incrementAndGet();
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName(name);
        threads.setDaemon(true);
        threads.setReservedThreads(0);
        server = new Server(threads, new ScheduledExecutorScheduler(name + "-scheduler", true), null);
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(config));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.setIdleTimeout(idleTimeout.toMillis());
        // The JDK's default listen backlog (50) drops connection attempts in a burst like
        // StreamingLoadIT's 2,000 streams; the gateway's own connector has the same setting.
        connector.setAcceptQueueSize(4096);
        server.addConnector(connector);
        server.setHandler(new UpstreamHandler());
        server.setStopTimeout(0);
    }

    /**
     * Starts a server on a free port of {@code 127.0.0.1}.
     *
     * @return the running upstream; close it when done
     * @throws IllegalStateException if Jetty fails to start
     */
    public static FakeUpstream start() {
        return start(IDLE_TIMEOUT);
    }

    /** Starts with another idle timeout; for testing the timeout itself. */
    static FakeUpstream start(Duration idleTimeout) {
        FakeUpstream upstream = new FakeUpstream(idleTimeout);
        try {
            upstream.server.start();
        } catch (Exception e) {
            IllegalStateException failure = new IllegalStateException("FakeUpstream failed to start", e);
            try {
                upstream.close();
            } catch (RuntimeException closeFailure) {
                failure.addSuppressed(closeFailure);
            }
            throw failure;
        }
        return upstream;
    }

    /**
     * Returns the base URI, to configure as the provider's base URL.
     *
     * @return {@code http://127.0.0.1:<port>}
     */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /**
     * Returns an absolute URI on this server.
     *
     * @param pathAndQuery for example {@code /v1/chat/completions}
     * @return the URI
     */
    public URI uri(String pathAndQuery) {
        return baseUri().resolve(pathAndQuery);
    }

    /**
     * Returns the port the server listens on.
     *
     * @return the local port
     */
    public int port() {
        return connector.getLocalPort();
    }

    /**
     * Returns the route for an exact path, adding it if new.
     *
     * @param method the HTTP method, or {@code *} for any
     * @param path the exact request path, without query
     * @return the route; the same object for the same method and path
     */
    public Route on(String method, String path) {
        return route(new Route(method, Route.Match.EXACT, path));
    }

    /**
     * Returns the route for every path starting with a prefix, adding it if new.
     *
     * @param method the HTTP method, or {@code *} for any
     * @param prefix the path prefix, for example {@code /v1beta/models/}
     * @return the route
     */
    public Route onPrefix(String method, String prefix) {
        return route(new Route(method, Route.Match.PREFIX, prefix));
    }

    /**
     * Returns the route for every path matching a regular expression as a whole, adding it if new.
     *
     * @param method the HTTP method, or {@code *} for any
     * @param regex for example {@code /v1beta/models/[^/]+:streamGenerateContent}
     * @return the route
     * @throws java.util.regex.PatternSyntaxException if the expression is invalid
     */
    public Route onPattern(String method, String regex) {
        return route(new Route(method, Route.Match.REGEX, regex));
    }

    /**
     * Returns every request received so far.
     *
     * @return the requests in arrival order; a snapshot
     */
    public synchronized List<CapturedRequest> requests() {
        return exchanges.stream().map(Exchange::request).toList();
    }

    /**
     * Returns every exchange so far, finished or not.
     *
     * @return the exchanges in arrival order; a snapshot
     */
    public synchronized List<Exchange> exchanges() {
        return List.copyOf(exchanges);
    }

    /**
     * Returns how many requests have been received.
     *
     * @return the count
     */
    public synchronized int requestCount() {
        return exchanges.size();
    }

    /**
     * Waits for the {@code n}th request.
     *
     * @param n the request number, from 1
     * @param timeout how long to wait
     * @return the request
     * @throws AssertionError if fewer than {@code n} requests arrive within the timeout
     */
    public CapturedRequest awaitRequest(int n, Duration timeout) {
        return awaitExchange(n, timeout).request();
    }

    /**
     * Waits for the {@code n}th exchange, to follow its response or watch for a disconnect.
     *
     * @param n the exchange number, from 1
     * @param timeout how long to wait
     * @return the exchange
     * @throws AssertionError if fewer than {@code n} requests arrive within the timeout
     */
    public synchronized Exchange awaitExchange(int n, Duration timeout) {
        if (n < 1) {
            throw new IllegalArgumentException("requests are numbered from 1, not " + n);
        }
        Waits.until(this, () -> exchanges.size() >= n, timeout,
                () -> "request #" + n + " on " + baseUri() + "; received " + requests());
        return exchanges.get(n - 1);
    }

    /**
     * Waits until the bodies of digesting routes ({@link Route#digestBody()}) have brought at
     * least {@code n} bytes in all, counted as they arrive, before any request is complete: the
     * way to see an upload reach the upstream while its client is still sending.
     *
     * @param n the number of bytes
     * @param timeout how long to wait
     * @throws AssertionError if fewer arrived within the timeout
     */
    public synchronized void awaitBodyBytes(long n, Duration timeout) {
        Waits.until(this, () -> digestedBytes >= n, timeout,
                () -> n + " body bytes on " + baseUri() + " (received " + digestedBytes + ")");
    }

    private synchronized void bodyBytes(int n) {
        digestedBytes += n;
        notifyAll();
    }

    /** Forgets all routes and captured requests; responses in flight carry on. */
    public void reset() {
        synchronized (routes) {
            routes.forEach(Route::clear);
            routes.clear();
        }
        synchronized (this) {
            exchanges.clear();
        }
    }

    /** Ends responses in flight, as seen by clients, and stops the server and its threads. */
    @Override
    public void close() {
        active.forEach(ReplyWriter::abort);
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("FakeUpstream failed to stop", e);
        }
    }

    /** Every thread this upstream starts has a name with this prefix. */
    String threadNamePrefix() {
        return name + "-";
    }

    @Override
    public String toString() {
        return name + "[" + (server.isStarted() ? baseUri() : "stopped") + "]";
    }

    private Route route(Route candidate) {
        synchronized (routes) {
            for (Route existing : routes) {
                if (existing.key().equals(candidate.key())) {
                    return existing;
                }
            }
            routes.add(candidate);
            // Exact routes win; the stable sort keeps the others in the order they were added.
            routes.sort(Comparator.comparing(r -> r.match() != Route.Match.EXACT));
            return candidate;
        }
    }

    private @Nullable Route routeFor(String method, String path) {
        synchronized (routes) {
            return routes.stream().filter(r -> r.matches(method, path)).findFirst().orElse(null);
        }
    }

    private Reply replyFor(String method, String path) {
        Route route = routeFor(method, path);
        if (route == null) {
            return notFound("no_route", "FakeUpstream has no route for " + method + " " + path);
        }
        Reply next = route.next();
        return next != null ? next
                : notFound("no_reply", "FakeUpstream route " + route + " has no reply left for " + method + " " + path);
    }

    private static Reply notFound(String code, String message) {
        return Reply.json(404, "{\"error\":{\"type\":\"fake_upstream\",\"code\":\"" + code
                + "\",\"message\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}}");
    }

    private synchronized Exchange capture(Request request, byte[] body) {
        return capture(request, body, body.length, CapturedRequest.sha256(body));
    }

    private synchronized Exchange capture(Request request, byte[] body, long length, String sha256) {
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        for (HttpField field : request.getHeaders()) {
            fields.add(new SimpleImmutableEntry<>(field.getName(), field.getValue()));
        }
        CapturedRequest captured = new CapturedRequest(exchanges.size() + 1, request.getMethod(),
                request.getHttpURI().getPath(), request.getHttpURI().getQuery(),
                CapturedRequest.headerMap(fields), body,
                request.getConnectionMetaData().getRemoteSocketAddress() instanceof InetSocketAddress remote
                        ? remote.getPort() : -1, length, sha256);
        Exchange exchange = new Exchange(captured);
        exchanges.add(exchange);
        notifyAll();
        return exchange;
    }

    /** Reads the whole body without blocking, then captures and replies. */
    private final class UpstreamHandler extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            Route route = routeFor(request.getMethod(), request.getHttpURI().getPath());
            if (route != null && route.digestsBody()) {
                new DigestingReader(request, response, callback).run();
                return true;
            }
            Content.Source.asByteArrayAsync(request, MAX_BODY_BYTES, Promise.Invocable.from(
                    InvocationType.BLOCKING, body -> reply(request, body, response, callback), callback::failed));
            return true;
        }

        private void reply(Request request, byte[] body, Response response, Callback callback) {
            reply(capture(request, body), request, response, callback);
        }

        private void reply(Exchange exchange, Request request, Response response, Callback callback) {
            try {
                Reply reply = replyFor(request.getMethod(), exchange.request().path());
                ReplyWriter writer = new ReplyWriter(reply, exchange, request, response, callback, active::remove);
                active.add(writer);
                writer.start();
            } catch (RuntimeException e) {
                callback.failed(e);
            }
        }

        /** Reads a body chunk by chunk as it arrives, digesting it, without blocking a thread. */
        private final class DigestingReader implements Runnable {

            private final Request request;
            private final Response response;
            private final Callback callback;
            private final MessageDigest digest;
            private final ByteArrayOutputStream prefix = new ByteArrayOutputStream();
            private long length;

            DigestingReader(Request request, Response response, Callback callback) {
                this.request = request;
                this.response = response;
                this.callback = callback;
                try {
                    this.digest = MessageDigest.getInstance("SHA-256");
                } catch (NoSuchAlgorithmException e) {
                    throw new IllegalStateException("SHA-256 is in every JDK", e);
                }
            }

            @Override
            public void run() {
                while (true) {
                    Content.Chunk chunk = request.read();
                    if (chunk == null) {
                        request.demand(this);
                        return;
                    }
                    if (Content.Chunk.isFailure(chunk)) {
                        callback.failed(chunk.getFailure());
                        return;
                    }
                    ByteBuffer buffer = chunk.getByteBuffer();
                    int n = buffer.remaining();
                    byte[] bytes = new byte[n];
                    buffer.get(bytes);
                    chunk.release();
                    digest.update(bytes);
                    prefix.write(bytes, 0, Math.min(n, DIGESTED_PREFIX_BYTES - prefix.size()));
                    length += n;
                    if (n > 0) {
                        bodyBytes(n);
                    }
                    if (chunk.isLast()) {
                        reply(capture(request, prefix.toByteArray(), length, HexFormat.of().formatHex(digest.digest())),
                                request, response, callback);
                        return;
                    }
                }
            }
        }
    }
}
