package dev.ditto;

import dev.ditto.ops.ConfigReload;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the configuration when its file changes ({@code ditto.reload.watch_interval}): reads
 * it at every interval, on one daemon thread, and reloads when what a reload applies, or what it
 * reports as needing a restart, differs from what is in force. Polling rather than file-system
 * events, because a Kubernetes ConfigMap is updated by swapping a symbolic link, which not every
 * watch service reports, and a look at a small file every few seconds costs next to nothing.
 * Closing stops the thread.
 */
final class ConfigWatcher implements AutoCloseable {

    /** Who the watcher's reloads are attributed to in the audit log. */
    static final ConfigReload.Requester WATCH = new ConfigReload.Requester("system", "system", "watch", null, null);

    private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);

    private final ScheduledThreadPoolExecutor timer;
    /** The timer's thread: {@link #close()} waits for it to end, not only for its last task. */
    private volatile @Nullable Thread thread;

    /**
     * Starts watching.
     *
     * @param reloader reloads what changed
     * @param interval how often to look
     * @param nodeId this node, for the thread's name
     */
    ConfigWatcher(ConfigReloader reloader, Duration interval, String nodeId) {
        this.timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread created = new Thread(runnable, "ditto-config-watch-" + nodeId);
            created.setDaemon(true);
            thread = created;
            return created;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                reloader.reloadIfChanged(WATCH);
            } catch (RuntimeException e) {
                // Never let one look end the schedule.
                LOG.warn("event=config_watch_failed error=\"{}\"", e.toString());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("event=config_watch_started interval_ms={}", interval.toMillis());
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            Thread running = thread;
            if (timer.awaitTermination(5, TimeUnit.SECONDS) && running != null) {
                running.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
