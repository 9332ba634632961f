package dev.ditto.testing;

import dev.ditto.testing.Exchange.Outcome;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays one {@link Reply} onto one Jetty response as a chain of asynchronous steps: optional
 * delay, headers, then each event (after its gate and delay, possibly dripped), then the end of
 * the body or an abrupt close.
 *
 * <p>No step blocks a thread. Delays use the server's scheduler; zero-delay steps and the steps
 * after a write are dispatched to the server's thread pool, which also keeps long event lists
 * from recursing through write callbacks. Steps never overlap, so {@link #next} needs no lock.
 * Every path ends in {@link #settle}, which runs once and completes the Jetty callback.
 */
final class ReplyWriter {

    private static final Logger LOG = LoggerFactory.getLogger(ReplyWriter.class);

    private final Reply reply;
    private final Exchange exchange;
    private final Response response;
    private final Callback callback;
    private final EndPoint endPoint;
    private final Scheduler scheduler;
    private final Executor executor;
    private final DisconnectProbe probe;
    private final Consumer<ReplyWriter> onSettled;
    private final AtomicBoolean settled = new AtomicBoolean();
    private volatile Scheduler.@Nullable Task pending;
    private int next;

    ReplyWriter(Reply reply, Exchange exchange, Request request, Response response, Callback callback,
            Consumer<ReplyWriter> onSettled) {
        this.reply = reply;
        this.exchange = exchange;
        this.response = response;
        this.callback = callback;
        this.endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        this.scheduler = request.getComponents().getScheduler();
        this.executor = request.getComponents().getExecutor();
        this.probe = new DisconnectProbe(endPoint, this::clientGone);
        this.onSettled = onSettled;
        // Jetty reports an idle timeout as a request failure too; claim it first, as the upstream's doing.
        request.addIdleTimeoutListener(timeout -> {
            settle(Outcome.ABORTED, timeout);
            return false;
        });
        request.addFailureListener(this::clientGone);
    }

    /** Starts playing; the request body must have been read completely. */
    void start() {
        probe.arm();
        after(reply.headersDelay(), this::sendHeaders);
    }

    /** Ends the exchange at once, as the upstream shuts down. */
    void abort() {
        settle(Outcome.ABORTED, new EofException("FakeUpstream closed"));
    }

    private void sendHeaders() {
        if (reply.dropsConnection()) {
            settle(Outcome.DROPPED, new EofException("FakeUpstream dropped the connection as asked"));
            return;
        }
        response.setStatus(reply.status());
        putHeaders(response.getHeaders());
        if (completesResponse(-1, 0)) {
            probe.cancel();
        }
        // An empty write commits and flushes the headers, so clients see them before any event.
        response.write(false, BufferUtil.EMPTY_BUFFER, written(() -> {
            if (!reply.hangs()) {
                nextEvent();
            }
        }));
    }

    private void putHeaders(HttpFields.Mutable fields) {
        String contentType = reply.contentType();
        if (contentType != null) {
            fields.put(HttpHeader.CONTENT_TYPE, contentType);
        }
        // A hang without a body must not announce Content-Length: 0, or the client is done already.
        boolean bodyless = reply.hangs() && reply.bodyLength() == 0;
        if (!reply.streaming() && !bodyless) {
            fields.put(HttpHeader.CONTENT_LENGTH, reply.bodyLength());
        }
        Set<String> seen = new HashSet<>();
        for (Reply.Header header : reply.headers()) {
            if (seen.add(header.name().toLowerCase(Locale.ROOT))) {
                fields.put(header.name(), header.value());
            } else {
                fields.add(header.name(), header.value());
            }
        }
    }

    private void nextEvent() {
        int index = next;
        if (index == reply.cutAfterEvents()) {
            settle(Outcome.CUT, new EofException("FakeUpstream cut the connection after " + index + " events"));
            return;
        }
        if (index == reply.eventCount()) {
            finish();
            return;
        }
        Duration delay = index == 0 ? Duration.ZERO : reply.eventDelay();
        CompletionStage<?> gate = reply.gate(index);
        if (gate == null) {
            after(delay, () -> send(index));
            return;
        }
        gate.whenComplete((ignored, failure) -> {
            if (failure == null) {
                after(delay, () -> send(index));
            } else {
                settle(Outcome.CUT, new EofException("FakeUpstream cut the connection: gate before event "
                        + index + " failed with " + failure));
            }
        });
    }

    private void send(int index) {
        writeFrom(index, 0, () -> {
            exchange.eventSent();
            next = index + 1;
            nextEvent();
        });
    }

    private void writeFrom(int index, int offset, Runnable then) {
        byte[] bytes = reply.event(index);
        int size = bytes.length - offset;
        if (reply.dripBytes() > 0) {
            size = Math.min(size, reply.dripBytes());
        }
        int end = offset + size;
        if (completesResponse(index, end)) {
            probe.cancel();
        }
        response.write(false, ByteBuffer.wrap(bytes, offset, size), written(() -> {
            if (end >= bytes.length) {
                then.run();
            } else {
                after(reply.dripPause(), () -> writeFrom(index, end, then));
            }
        }));
    }

    /**
     * Tells whether the client holds a complete response once event {@code index} is written up
     * to {@code end} (index -1: once the headers are). Only a body framed by Content-Length can
     * complete before the final write; the probe must be gone by then, because the client may
     * at once send its next request on this connection, and those bytes are Jetty's to read.
     */
    private boolean completesResponse(int index, int end) {
        if (reply.streaming() || reply.hangs()) {
            return false;
        }
        int last = reply.eventCount() - 1;
        return index == last && (index < 0 || end == reply.event(index).length);
    }

    private void finish() {
        // The terminating chunk completes a chunked response: withdraw the probe first (see completesResponse).
        probe.cancel();
        response.write(true, BufferUtil.EMPTY_BUFFER,
                Callback.from(() -> settle(Outcome.COMPLETED, null), this::clientGone));
    }

    private Callback written(Runnable then) {
        return Callback.from(() -> step(then), this::clientGone);
    }

    private void after(Duration delay, Runnable action) {
        if (settled.get()) {
            return;
        }
        Runnable task = () -> step(action);
        try {
            if (delay.isZero()) {
                executor.execute(task);
            } else {
                pending = scheduler.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
            }
        } catch (RejectedExecutionException e) {
            settle(Outcome.ABORTED, e);
        }
    }

    private void step(Runnable action) {
        if (settled.get()) {
            return;
        }
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.warn("FakeUpstream failed while replying to {}", exchange.request(), e);
            settle(Outcome.ABORTED, e);
        }
    }

    private void clientGone(Throwable cause) {
        settle(Outcome.CLIENT_DISCONNECTED, cause);
    }

    private void settle(Outcome outcome, @Nullable Throwable failure) {
        if (!settled.compareAndSet(false, true)) {
            return;
        }
        Scheduler.Task task = pending;
        if (task != null) {
            task.cancel();
        }
        probe.cancel();
        try {
            if (failure == null) {
                callback.succeeded();
            } else {
                // Close first: failing an uncommitted response would make Jetty write a 500.
                endPoint.close(failure);
                callback.failed(failure);
            }
        } finally {
            onSettled.accept(this);
            exchange.settle(outcome);
        }
    }
}
