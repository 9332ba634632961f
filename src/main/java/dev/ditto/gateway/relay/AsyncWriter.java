package dev.ditto.gateway.relay;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Non-blocking writes to one client: chunks are queued and written only when the servlet
 * output is ready, each flushed so that an event reaches the client as soon as it is written.
 * The queue is bounded by the caller, who asks {@link #hasRoom()} before pulling more from the
 * upstream and is called back through {@code onRoom} when the client has caught up.
 *
 * <p>Thread-safe: upstream threads offer, container threads drain; one lock orders them.
 *
 * <p>Once done, the writer lets go of its context and callbacks: a container may keep the
 * request, and with it this write listener, long after the response ended (WildFly's Undertow
 * workers hold their last request until they run another task), and the callbacks lead to the
 * whole gateway, which an undeployed WAR must not leave reachable.
 */
final class AsyncWriter implements WriteListener {

    /** Queued bytes above which the upstream is paused. */
    static final int HIGH_WATER_BYTES = 256 * 1024;

    private @Nullable AsyncContext context;
    private final ServletOutputStream out;
    private @Nullable Runnable onRoom;
    private @Nullable Consumer<Throwable> onFailure;
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
            release();
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
        Runnable room;
        synchronized (this) {
            room = hasRoom() ? onRoom : null;
        }
        if (room != null) {
            room.run();
        }
    }

    @Override
    public void onError(Throwable failure) {
        fail(failure);
    }

    private void drain() {
        AsyncContext complete = null;
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
                            complete = context;
                            release();
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
        if (complete != null) {
            complete.complete();
        }
    }

    private void fail(Throwable failure) {
        AsyncContext ending;
        Consumer<Throwable> failed;
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
            queue.clear();
            queuedBytes = 0;
            ending = context;
            failed = onFailure;
            release();
        }
        try {
            if (failed != null) {
                failed.accept(failure);
            }
        } finally {
            if (ending != null) {
                ending.complete();
            }
        }
    }

    /** Drops the references to the request and the owner once the response has ended. */
    private void release() {
        context = null;
        onRoom = null;
        onFailure = null;
    }
}
