package dev.ditto.gateway.relay;

import dev.ditto.sdk.ErrorDetails;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Reads an upstream error answer's body, up to {@link ErrorDetails#MAX_BODY_BYTES}, then hands
 * it on: to tell whether the error is worth another attempt, and to relay it when it is not.
 * Hands on null when the body broke off. Signals arrive in order (Flow rules), so no lock.
 */
final class ErrorCollector implements Flow.Subscriber<List<ByteBuffer>> {

    /**
     * An error body.
     *
     * @param bytes the body, at most {@link ErrorDetails#MAX_BODY_BYTES}
     * @param truncated whether the upstream sent more
     */
    record Collected(byte[] bytes, boolean truncated) {}

    private final Consumer<@Nullable Collected> then;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private Flow.@Nullable Subscription subscription;
    private boolean done;

    ErrorCollector(Consumer<@Nullable Collected> then) {
        this.then = then;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (done) {
            return;
        }
        for (ByteBuffer buffer : buffers) {
            int room = ErrorDetails.MAX_BODY_BYTES - bytes.size();
            int take = Math.min(room, buffer.remaining());
            byte[] chunk = new byte[take];
            buffer.get(chunk);
            bytes.writeBytes(chunk);
            if (buffer.hasRemaining()) {
                done = true;
                subscription.cancel();
                then.accept(new Collected(bytes.toByteArray(), true));
                return;
            }
        }
    }

    @Override
    public void onError(Throwable failure) {
        if (!done) {
            done = true;
            then.accept(null);
        }
    }

    @Override
    public void onComplete() {
        if (!done) {
            done = true;
            then.accept(new Collected(bytes.toByteArray(), false));
        }
    }
}
