package dev.ditto.sdk.http;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.jspecify.annotations.Nullable;

/**
 * Reads a response body up to a byte limit; at the limit it stops reading, cancels the
 * subscription (which closes the connection) and reports the body as truncated. Requests one
 * buffer list at a time, so it never holds more than the limit plus one read.
 *
 * <p>Called by the HTTP client serially; not for concurrent use.
 */
final class BoundedBodySubscriber implements HttpResponse.BodySubscriber<BoundedBodySubscriber.Body> {

    /**
     * The bytes read and whether more were left unread.
     *
     * @param bytes the body bytes, at most the limit
     * @param truncated whether the server sent more than the limit
     */
    record Body(byte[] bytes, boolean truncated) {

        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private final int limit;
    private final CompletableFuture<Body> result = new CompletableFuture<>();
    private byte[] buffer;
    private int size;
    private Flow.@Nullable Subscription subscription;
    private boolean done;

    BoundedBodySubscriber(int limit) {
        this.limit = limit;
        this.buffer = new byte[Math.min(limit, 8192)];
    }

    @Override
    public CompletionStage<Body> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (done) {
            return;
        }
        for (ByteBuffer item : items) {
            int take = Math.min(item.remaining(), limit - size);
            if (size + take > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.min(limit, Math.max(size + take, buffer.length * 2)));
            }
            item.get(buffer, size, take);
            size += take;
            if (item.hasRemaining()) {
                done = true;
                requireSubscription().cancel();
                result.complete(new Body(Arrays.copyOf(buffer, size), true));
                return;
            }
        }
        requireSubscription().request(1);
    }

    @Override
    public void onError(Throwable failure) {
        if (!done) {
            done = true;
            result.completeExceptionally(failure);
        }
    }

    @Override
    public void onComplete() {
        if (!done) {
            done = true;
            result.complete(new Body(Arrays.copyOf(buffer, size), false));
        }
    }

    private Flow.Subscription requireSubscription() {
        Flow.Subscription s = subscription;
        if (s == null) {
            throw new IllegalStateException("onNext before onSubscribe");
        }
        return s;
    }
}
