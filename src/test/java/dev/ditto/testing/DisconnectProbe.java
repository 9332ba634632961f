package dev.ditto.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import org.eclipse.jetty.io.AbstractEndPoint;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the request side of a connection while a response is in progress, so that a client
 * that hangs up is noticed even when the server is not writing (a delay, a gate, a hang).
 *
 * <p>Why this exists: Jetty's HTTP/1.1 connection stops reading once the request body has been
 * consumed, and learns of a closed client only from a failed write. The probe registers its own
 * read interest on the endpoint during that window and reports end-of-stream or a read error.
 * It must be cancelled before the response completes, because Jetty aborts a connection that
 * still has a read pending when the exchange ends, and because the next request on a kept-alive
 * connection belongs to Jetty.
 *
 * <p>Thread-safe. Bytes a client sends mid-response are read, discarded and logged at WARN:
 * HTTP/1.1 clients send nothing until the response is complete, as they do not pipeline, so
 * such bytes mean the probe outlived the response.
 */
final class DisconnectProbe implements Callback {

    private static final Logger LOG = LoggerFactory.getLogger(DisconnectProbe.class);

    private enum State { IDLE, ARMED, CANCELLED }

    private final EndPoint endPoint;
    private final Consumer<Throwable> onDisconnect;
    private final ByteBuffer scratch = BufferUtil.allocate(512);
    private State state = State.IDLE;

    DisconnectProbe(EndPoint endPoint, Consumer<Throwable> onDisconnect) {
        this.endPoint = endPoint;
        this.onDisconnect = onDisconnect;
    }

    /** Starts watching; call only after the whole request body has been read. */
    synchronized void arm() {
        // Only an AbstractEndPoint lets us withdraw the read interest again in cancel().
        if (state != State.IDLE || !(endPoint instanceof AbstractEndPoint)) {
            return;
        }
        state = endPoint.tryFillInterested(this) ? State.ARMED : State.CANCELLED;
    }

    /** Stops watching and withdraws the read interest; idempotent. */
    void cancel() {
        synchronized (this) {
            if (state != State.ARMED) {
                state = State.CANCELLED;
                return;
            }
            state = State.CANCELLED;
        }
        ((AbstractEndPoint) endPoint).getFillInterest().onFail(new CancellationException("response complete"));
    }

    /** The connection is readable: either the client sent bytes or it closed its side. */
    @Override
    public void succeeded() {
        Throwable gone = null;
        synchronized (this) {
            if (state != State.ARMED) {
                return;
            }
            try {
                BufferUtil.clear(scratch);
                int read = endPoint.fill(scratch);
                if (read < 0) {
                    gone = new EofException("client closed the connection");
                } else if (read > 0) {
                    LOG.warn("FakeUpstream discarded {} bytes a client sent before its response was complete", read);
                }
                if (gone == null && !endPoint.tryFillInterested(this)) {
                    state = State.CANCELLED;
                }
            } catch (IOException e) {
                gone = e;
            }
            if (gone != null) {
                state = State.CANCELLED;
            }
        }
        if (gone != null) {
            onDisconnect.accept(gone);
        }
    }

    /** The read interest failed: the endpoint was closed or errored, unless we cancelled it. */
    @Override
    public void failed(Throwable cause) {
        synchronized (this) {
            if (state != State.ARMED) {
                return;
            }
            state = State.CANCELLED;
        }
        onDisconnect.accept(cause);
    }
}
