package dev.ditto.ops.health;

import dev.ditto.sdk.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Runs the readiness checks in parallel, each under a deadline, and caches the report briefly
 * so that frequent probes from load balancers and orchestrators do not turn into a connection
 * storm on the database.
 *
 * <p>Thread-safe. {@link #close()} stops its threads.
 */
public final class HealthService implements AutoCloseable {

    private final List<HealthCheck> checks;
    private final Duration deadline;
    private final Duration cacheFor;
    private final Ticker ticker;
    private final ExecutorService executor;
    private volatile @Nullable Cached cached;

    private record Cached(HealthReport report, long takenAt) {}

    /**
     * Creates the service.
     *
     * @param checks the checks to run
     * @param deadline how long each check may take before it counts as down
     * @param cacheFor how long a report is reused
     * @param ticker the time source
     */
    public HealthService(List<HealthCheck> checks, Duration deadline, Duration cacheFor, Ticker ticker) {
        this.checks = List.copyOf(checks);
        this.deadline = deadline;
        this.cacheFor = cacheFor;
        this.ticker = ticker;
        AtomicInteger threads = new AtomicInteger();
        int size = Math.max(1, checks.size());
        // Bounded: one thread per check, idle threads time out. A check stuck past its deadline
        // keeps its thread, so the queue absorbs a few rounds and then new rounds report "down".
        ThreadPoolExecutor pool = new ThreadPoolExecutor(size, size, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(16 * size), runnable -> {
                    Thread thread = new Thread(runnable, "ditto-health-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        this.executor = pool;
    }

    /**
     * Returns the current readiness report, running the checks unless a recent report exists.
     *
     * @return the report
     */
    public HealthReport readiness() {
        Cached current = cached;
        if (current != null && ticker.read() - current.takenAt() < cacheFor.toNanos()) {
            return current.report();
        }
        synchronized (this) {
            // One refresh at a time: concurrent probes wait for it rather than run their own.
            current = cached;
            long now = ticker.read();
            if (current == null || now - current.takenAt() >= cacheFor.toNanos()) {
                current = new Cached(runAll(), now);
                cached = current;
            }
            return current.report();
        }
    }

    private HealthReport runAll() {
        List<Future<?>> futures = new ArrayList<>();
        List<Long> starts = new ArrayList<>();
        for (HealthCheck check : checks) {
            starts.add(ticker.read());
            try {
                futures.add(executor.submit(check.probe()));
            } catch (RejectedExecutionException e) {
                futures.add(CompletableFuture.failedFuture(new IllegalStateException("earlier checks are still stuck")));
            }
        }
        List<HealthReport.Result> results = new ArrayList<>();
        for (int i = 0; i < checks.size(); i++) {
            results.add(await(checks.get(i), futures.get(i), starts.get(i)));
        }
        return new HealthReport(results);
    }

    private HealthReport.Result await(HealthCheck check, Future<?> future, long start) {
        String error = null;
        try {
            future.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            error = "no answer within " + deadline.toMillis() + " ms";
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            error = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(ticker.read() - start);
        return new HealthReport.Result(check.name(), check.target(), error == null, millis, error);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
