package dev.ditto.sdk.http;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A subscriber that records what it receives and requests only what the test tells it to,
 * starting with {@code initialRequest}.
 */
final class RecordingSubscriber<T> implements Flow.Subscriber<T> {

    final List<T> items = new CopyOnWriteArrayList<>();
    /** The names of the threads that delivered items. */
    final Set<String> threads = ConcurrentHashMap.newKeySet();
    final AtomicReference<Throwable> error = new AtomicReference<>();
    final CountDownLatch terminated = new CountDownLatch(1);
    final CountDownLatch subscribed = new CountDownLatch(1);
    private final long initialRequest;
    private volatile Flow.Subscription subscription;
    private volatile boolean completed;

    RecordingSubscriber(long initialRequest) {
        this.initialRequest = initialRequest;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        subscribed.countDown();
        if (initialRequest > 0) {
            s.request(initialRequest);
        }
    }

    @Override
    public void onNext(T item) {
        threads.add(Thread.currentThread().getName());
        items.add(item);
    }

    @Override
    public void onError(Throwable throwable) {
        error.set(throwable);
        terminated.countDown();
    }

    @Override
    public void onComplete() {
        completed = true;
        terminated.countDown();
    }

    Flow.Subscription subscription() {
        return subscription;
    }

    boolean completed() {
        return completed;
    }

    Throwable awaitError() throws InterruptedException {
        if (!terminated.await(20, TimeUnit.SECONDS)) {
            throw new AssertionError("no terminal signal within 20 s; got " + items.size() + " items");
        }
        if (error.get() == null) {
            throw new AssertionError("completed without error after " + items);
        }
        return error.get();
    }

    void awaitCompletion() throws InterruptedException {
        if (!terminated.await(20, TimeUnit.SECONDS)) {
            throw new AssertionError("no terminal signal within 20 s; got " + items.size() + " items");
        }
        if (error.get() != null) {
            throw new AssertionError("failed instead of completing", error.get());
        }
    }

    void awaitItems(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (items.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " items within 20 s but got " + items.size());
            }
            if (terminated.getCount() == 0) {
                throw new AssertionError("terminated after " + items.size() + " of " + count + " items", error.get());
            }
            Thread.sleep(5);
        }
    }
}
