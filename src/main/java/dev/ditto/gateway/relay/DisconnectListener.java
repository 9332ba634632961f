package dev.ditto.gateway.relay;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Hears the container report that an asynchronous request's connection failed, which some
 * containers do while the answer is still awaited; a client that left is otherwise noticed only
 * when writing to it fails.
 */
final class DisconnectListener implements AsyncListener {

    private final Consumer<Throwable> clientGone;

    DisconnectListener(Consumer<Throwable> clientGone) {
        this.clientGone = clientGone;
    }

    @Override
    public void onComplete(AsyncEvent event) {
        // The answer ended.
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        // No timeout is set: the transport bounds the upstream's time.
    }

    @Override
    public void onError(AsyncEvent event) {
        Throwable failure = event.getThrowable();
        clientGone.accept(failure == null ? new IOException("the client connection failed") : failure);
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // Not restarted.
    }
}
