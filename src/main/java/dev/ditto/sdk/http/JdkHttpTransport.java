package dev.ditto.sdk.http;

import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.UnexpectedResponseException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The {@link HttpTransport} over one {@link HttpClient}, with one daemon timer thread for the
 * total and idle timeouts. The first-byte timeout of streams is the client's own request timeout,
 * which stops counting once the response headers arrive.
 *
 * <p>Without an executor in the config, the client's callbacks run on a small pool this
 * transport owns ({@link #CALLBACK_THREADS} threads), not on the JDK's default, an unbounded
 * cached pool that a burst of concurrent streams grows to hundreds of threads. The callbacks
 * never block, so a few threads keep up; queued tasks are bounded by the exchanges in flight.
 */
final class JdkHttpTransport implements HttpTransport {

    private static final String ACCEPT = "accept";
    private static final String EVENT_STREAM = "text/event-stream";
    /** Threads of the callback pool a transport makes when its config names no executor. */
    static final int CALLBACK_THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final HttpTransportConfig config;
    /** Null once closed: a closed transport must not keep the client (and what it holds) reachable. */
    private volatile @Nullable HttpClient client;
    private final ScheduledThreadPoolExecutor timer;
    private final @Nullable ExecutorService callbacks;

    JdkHttpTransport(HttpTransportConfig config) {
        this.config = config;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(config.httpVersion())
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        this.callbacks = config.executor() == null ? callbackPool() : null;
        builder.executor(config.executor() != null ? config.executor() : callbacks);
        this.client = buildOutsideCallerLoader(builder);
        this.timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "ditto-http-timeouts");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        // The timer thread dies when idle, so a transport that nobody closes cannot pin a thread
        // for ever (an undeployed WAR, a forgotten provider).
        timer.setKeepAliveTime(30, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
    }

    @Override
    public HttpTransportConfig config() {
        return config;
    }

    @Override
    public CompletableFuture<TransportResponse> send(TransportRequest request) {
        CompletableFuture<TransportResponse> result = new CompletableFuture<>();
        CompletableFuture<HttpResponse<BoundedBodySubscriber.Body>> exchange = client().sendAsync(
                toHttpRequest(request, null, null).build(),
                info -> new BoundedBodySubscriber(isSuccess(info.statusCode())
                        ? config.maxResponseBytes() : ErrorDetails.MAX_BODY_BYTES));
        ScheduledFuture<?> deadline = schedule(
                () -> result.completeExceptionally(TransportFailures.totalTimeout(request, config)),
                config.totalTimeout().toNanos());
        exchange.whenComplete((response, failure) -> {
            deadline.cancel(false);
            if (failure != null) {
                result.completeExceptionally(TransportFailures.map(failure, request, config, false));
            } else {
                complete(result, request, response);
            }
        });
        // Whoever completes the result first (caller cancel, total timeout) also ends the exchange.
        result.whenComplete((response, failure) -> exchange.cancel(true));
        return result;
    }

    private void complete(CompletableFuture<TransportResponse> result, TransportRequest request,
            HttpResponse<BoundedBodySubscriber.Body> response) {
        BoundedBodySubscriber.Body body = response.body();
        if (!isSuccess(response.statusCode())) {
            result.completeExceptionally(config.errorMapper().map(new ErrorResponse(response.statusCode(),
                    response.headers(), body.text(), body.truncated(), request.provider(), request.model())));
        } else if (body.truncated()) {
            result.completeExceptionally(new UnexpectedResponseException("the response body exceeds maxResponseBytes "
                    + config.maxResponseBytes(), TransportFailures.details(request).withStatus(response.statusCode())));
        } else {
            result.complete(TransportResponse.wrap(response.statusCode(), response.headers(), body.bytes()));
        }
    }

    @Override
    public CompletableFuture<RawResponse> exchange(TransportRequest request, HttpRequest.@Nullable BodyPublisher body,
            boolean streamed) {
        CompletableFuture<RawResponse> result = new CompletableFuture<>();
        long deadline = config.ticker().read() + config.totalTimeout().toNanos();
        HttpRequest httpRequest = toHttpRequest(request, body, streamed ? config.firstByteTimeout() : null).build();
        CompletableFuture<HttpResponse<Flow.Publisher<List<ByteBuffer>>>> sent = client().sendAsync(httpRequest,
                HttpResponse.BodyHandlers.ofPublisher());
        ScheduledFuture<?> headersDeadline = schedule(
                () -> result.completeExceptionally(TransportFailures.totalTimeout(request, config)),
                config.totalTimeout().toNanos());
        sent.whenComplete((response, failure) -> {
            headersDeadline.cancel(false);
            if (failure != null) {
                result.completeExceptionally(TransportFailures.map(failure, request, config, false));
                return;
            }
            RawResponse raw = new RawResponse(response.statusCode(), response.headers(),
                    new RawBody(response.body(), request, this, deadline));
            if (!result.complete(raw)) {
                // The caller cancelled, or the deadline passed, as the headers arrived.
                raw.discard();
            }
        });
        // Cancelling before the headers (the caller, the total timeout) ends the exchange.
        result.whenComplete((response, failure) -> {
            if (failure != null) {
                sent.cancel(true);
            }
        });
        return result;
    }

    @Override
    public Flow.Publisher<SseEvent> stream(TransportRequest request) {
        return subscriber -> new SseSubscription(subscriber, request, this, null).start();
    }

    @Override
    public Flow.Publisher<SseEvent> stream(TransportRequest request, Consumer<HttpHeaders> onHeaders) {
        return subscriber -> new SseSubscription(subscriber, request, this, onHeaders).start();
    }

    /**
     * Builds the client with the thread context class loader set to the platform's, so the
     * client's selector thread does not carry the caller's loader. On Java 17 an HttpClient cannot
     * be closed: its selector thread ends only once the client is garbage, and until then a thread
     * holding a web application's loader is what app servers report as a leak on undeploy.
     */
    private static HttpClient buildOutsideCallerLoader(HttpClient.Builder builder) {
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        current.setContextClassLoader(ClassLoader.getPlatformClassLoader());
        try {
            return builder.build();
        } finally {
            current.setContextClassLoader(previous);
        }
    }

    private HttpClient client() {
        HttpClient open = client;
        if (open == null) {
            throw new IllegalStateException("the HTTP transport is closed");
        }
        return open;
    }

    /** The client, or null once closed. */
    @Nullable HttpClient clientOrNull() {
        return client;
    }

    /**
     * Java 21+ has HttpClient.shutdownNow(): stop the selector thread now rather than at GC. On
     * Java 17 the selector thread ends once the client is unreachable, so the transport forgets it:
     * something may still hold the closed transport (an app server keeps a worker's last request,
     * and through it the gateway, after an undeploy), and must not keep the client's thread alive.
     */
    private void shutdownClient() {
        HttpClient closing = client;
        client = null;
        if (closing == null) {
            return;
        }
        try {
            HttpClient.class.getMethod("shutdownNow").invoke(closing);
        } catch (NoSuchMethodException e) {
            // Java 17: the selector thread ends once the client is unreachable.
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Closing must not fail; an exchange still running is cancelled by its own owner.
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        shutdownClient();
        if (callbacks != null) {
            // Not shutdownNow: callbacks already queued still complete their exchanges.
            callbacks.shutdown();
        }
    }

    private static ExecutorService callbackPool() {
        String prefix = "ditto-http-client-" + POOLS.incrementAndGet() + "-";
        AtomicInteger threads = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(CALLBACK_THREADS, CALLBACK_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, prefix + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        // Idle threads die, as the timer's do, so a transport nobody closes pins no thread.
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    CompletableFuture<HttpResponse<Void>> sendStreaming(TransportRequest request,
            HttpResponse.BodyHandler<Void> handler) {
        HttpRequest.Builder builder = toHttpRequest(request, null, config.firstByteTimeout());
        if (!request.headers().containsKey(ACCEPT)) {
            builder.header(ACCEPT, EVENT_STREAM);
        }
        return client().sendAsync(builder.build(), handler);
    }

    ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
        return timer.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
    }

    static boolean isSuccess(int status) {
        return status >= 200 && status < 300;
    }

    /**
     * @param streamedBody a body to send instead of the request's own bytes, or null
     * @param headersTimeout the wait for response headers of an answer that streams, or null
     */
    private static HttpRequest.Builder toHttpRequest(TransportRequest request,
            HttpRequest.@Nullable BodyPublisher streamedBody,
            @Nullable Duration headersTimeout) {
        byte[] body = request.bodyView();
        HttpRequest.BodyPublisher publisher = streamedBody != null ? streamedBody
                : body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body);
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri()).method(request.method(), publisher);
        request.headers().forEach(builder::header);
        if (headersTimeout != null) {
            builder.timeout(headersTimeout);
        }
        return builder;
    }
}
