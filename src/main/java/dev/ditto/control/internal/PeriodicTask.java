package dev.ditto.control.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A task run on one named daemon thread of its own, first after a delay, then again each
 * interval after the previous run ended. The task catches its own failures: one that escapes
 * ends the schedule, as with any {@code ScheduledExecutorService}.
 *
 * <p>{@link #stop} interrupts a run in progress and waits for the thread itself to end, not only
 * for its last task: an executor counts as terminated while its thread is still on its way out,
 * and an app server that looks for leftover threads right after an undeploy would find it.
 * Thread-safe.
 */
public final class PeriodicTask {

    private final ScheduledThreadPoolExecutor executor;
    private volatile @Nullable Thread thread;

    private PeriodicTask(String threadName) {
        this.executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread created = new Thread(runnable, threadName);
            created.setDaemon(true);
            thread = created;
            return created;
        });
    }

    /**
     * Starts the schedule.
     *
     * @param threadName the thread's name, starting with {@code ditto} so that the undeploy checks find it
     * @param first the delay before the first run
     * @param interval the pause between the end of one run and the start of the next; positive
     * @param task what to run; should catch its own failures
     * @return the running schedule
     */
    public static PeriodicTask start(String threadName, Duration first, Duration interval, Runnable task) {
        PeriodicTask periodic = new PeriodicTask(threadName);
        periodic.executor.scheduleWithFixedDelay(task, first.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return periodic;
    }

    /**
     * Stops the schedule: interrupts a run in progress and waits, within the bound, until the
     * run has returned and the thread has ended.
     *
     * @param bound how long to wait for each of the two
     * @return false when a run was still going at the bound
     */
    public boolean stop(Duration bound) {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                return false;
            }
            Thread running = thread;
            if (running != null) {
                running.join(bound.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }
}
