package dev.ditto.testing;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Bounded waits for the harness. A timeout becomes an {@link AssertionError} whose message says
 * what was awaited and what was seen, because in a test a missed wait is a failed expectation.
 */
final class Waits {

    private Waits() {
    }

    /** Waits for a future; its own exceptional completion is rethrown unchecked. */
    static <T> T get(CompletableFuture<T> future, Duration timeout, Supplier<String> what) {
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("timed out after " + timeout + " waiting for " + what.get(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for " + what.get(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("failed waiting for " + what.get(), e.getCause());
        }
    }

    /**
     * Waits on {@code monitor} until {@code condition} holds; the caller must hold the monitor,
     * and whoever changes the condition must {@code notifyAll} on it.
     */
    static void until(Object monitor, BooleanSupplier condition, Duration timeout, Supplier<String> what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (!condition.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("timed out after " + timeout + " waiting for " + what.get());
                }
                TimeUnit.NANOSECONDS.timedWait(monitor, left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for " + what.get(), e);
        }
    }
}
