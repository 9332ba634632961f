package dev.ditto.store.redis;

import dev.ditto.control.Invalidations;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/** A cache that records what it was told to forget, for the invalidation tests. */
final class RecordingListener<T> implements Invalidations.Listener<T> {

    final List<T> invalidated = new CopyOnWriteArrayList<>();
    final AtomicInteger cleared = new AtomicInteger();

    @Override
    public void invalidate(T changed) {
        invalidated.add(changed);
    }

    @Override
    public void invalidateAll() {
        cleared.incrementAndGet();
    }

    /**
     * Polls a condition that another thread makes true.
     *
     * @throws AssertionError naming {@code what} if it is still false after the timeout
     */
    static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            Thread.sleep(5);
        }
    }
}
