package dev.ditto.control.retention;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the purge on a daemon thread of its own, first a minute after start (or after one
 * interval if that is shorter), then once per interval after the previous run ended. A failing
 * purge is logged and tried again at the next interval. Owned and closed by the composition
 * root; {@link #close()} interrupts a running purge between two batches.
 */
public final class RetentionScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionScheduler.class);
    private static final Duration FIRST_RUN = Duration.ofMinutes(1);

    private final ScheduledExecutorService executor;

    /**
     * Starts the schedule.
     *
     * @param purger what to run
     * @param interval how long between the end of one run and the start of the next
     */
    public RetentionScheduler(RetentionPurger purger, Duration interval) {
        this.executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "ditto-retention");
            thread.setDaemon(true);
            return thread;
        });
        long first = Math.min(FIRST_RUN.toMillis(), interval.toMillis());
        executor.scheduleWithFixedDelay(() -> run(purger), first, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void run(RetentionPurger purger) {
        try {
            purger.purge(RetentionPurger.SCHEDULER, "system", false);
        } catch (RuntimeException e) {
            // Scheduled again at the next interval: a database that is down now may be up then.
            LOG.warn("event=retention_purge_failed error=\"{}\"", e.toString());
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("event=retention_purge_still_running after=10s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
