package dev.ditto.gateway.relay;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * Non-blocking writes to one client: chunks are queued and written only when the servlet
 * output is ready, each flushed so that an event reaches the client as soon as it is written.
 * The queue is bounded by the caller, who asks {@link #hasRoom()} before pulling more from the
 * upstream and is called back through {@code onRoom} when the client has caught up.
 *
 * <p>Thread-safe: upstream threads offer, container threads drain; one lock orders them.
 */
final class AsyncWriter implements WriteListener {

    /** Queued bytes above which the upstream is paused. */
    static final int HIGH_WATER_BYTES = 256 * 1024;

    private final AsyncContext context;
    private final ServletOutputStream out;
    private final Runnable onRoom;
    private final Consumer<Throwable> onFailure;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private long queuedBytes;
    private boolean closing;
    private boolean done;

    AsyncWriter(AsyncContext context, Runnable onRoom, Consumer<Throwable> onFailure) throws IOException {
        this.context = context;
        this.out = context.getResponse().getOutputStream();
        this.onRoom = onRoom;
        this.onFailure = onFailure;
        out.setWriteListener(this);
    }

    /** Queues bytes and writes what the client can take now. */
    void write(byte[] bytes) {
        synchronized (this) {
            if (done || closing) {
                return;
            }
            queue.add(bytes);
            queuedBytes += bytes.length;
        }
        drain();
    }

    /** Completes the response once everything queued is written. */
    void close() {
        synchronized (this) {
            closing = true;
        }
        drain();
    }

    /**
     * Drops what is queued and stops writing, without completing the response: for an answer
     * that broke off, which its owner ends by aborting the connection instead.
     */
    void abandon() {
        synchronized (this) {
            done = true;
            queue.clear();
            queuedBytes = 0;
        }
    }

    /** Tells whether the upstream may send more now. */
    synchronized boolean hasRoom() {
        return !done && queuedBytes < HIGH_WATER_BYTES;
    }

    /** Whether the response has ended (written out, or the client is gone). */
    synchronized boolean isDone() {
        return done;
    }

    @Override
    public void onWritePossible() {
        drain();
        if (hasRoom()) {
            onRoom.run();
        }
    }

    @Override
    public void onError(Throwable failure) {
        fail(failure);
    }

    private void drain() {
        boolean complete = false;
        try {
            synchronized (this) {
                if (done) {
                    return;
                }
                while (out.isReady()) {
                    byte[] next = queue.poll();
                    if (next == null) {
                        if (closing) {
                            done = true;
                            complete = true;
                        }
                        break;
                    }
                    queuedBytes -= next.length;
                    out.write(next);
                    if (out.isReady()) {
                        out.flush();
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            fail(e);
            return;
        }
        if (complete) {
            context.complete();
        }
    }

    private void fail(Throwable failure) {
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
            queue.clear();
            queuedBytes = 0;
        }
        try {
            onFailure.accept(failure);
        } finally {
            context.complete();
        }
    }
}
