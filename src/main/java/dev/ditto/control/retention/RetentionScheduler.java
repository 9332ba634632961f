package dev.ditto.control.retention;

import dev.ditto.control.internal.PeriodicTask;
import java.time.Duration;
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

    private final PeriodicTask schedule;

    /**
     * Starts the schedule.
     *
     * @param purger what to run
     * @param interval how long between the end of one run and the start of the next
     */
    public RetentionScheduler(RetentionPurger purger, Duration interval) {
        Duration first = FIRST_RUN.compareTo(interval) < 0 ? FIRST_RUN : interval;
        this.schedule = PeriodicTask.start("ditto-retention", first, interval, () -> run(purger));
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
        if (!schedule.stop(Duration.ofSeconds(10))) {
            LOG.warn("event=retention_purge_still_running after=10s");
        }
    }
}
