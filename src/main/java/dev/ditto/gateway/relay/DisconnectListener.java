package dev.ditto.gateway.relay;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import java.io.IOException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Hears the container report that an asynchronous request's connection failed, which some
 * containers do while the answer is still awaited; a client that left is otherwise noticed only
 * when writing to it fails.
 *
 * <p>The callback is dropped once the request ends: the container may keep its listeners with
 * the finished request for a while (WildFly's workers keep their last one), and the callback
 * leads to the gateway, which must not outlive an undeploy through them.
 */
final class DisconnectListener implements AsyncListener {

    private volatile @Nullable Consumer<Throwable> clientGone;

    DisconnectListener(Consumer<Throwable> clientGone) {
        this.clientGone = clientGone;
    }

    @Override
    public void onComplete(AsyncEvent event) {
        clientGone = null;
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        // No timeout is set: the transport bounds the upstream's time.
    }

    @Override
    public void onError(AsyncEvent event) {
        Consumer<Throwable> gone = clientGone;
        clientGone = null;
        if (gone != null) {
            Throwable failure = event.getThrowable();
            gone.accept(failure == null ? new IOException("the client connection failed") : failure);
        }
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // Not restarted.
    }
}
