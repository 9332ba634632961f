package dev.ditto;

import dev.ditto.control.internal.PeriodicTask;
import dev.ditto.ops.ConfigReload;
import java.time.Duration;
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

    private final PeriodicTask schedule;

    /**
     * Starts watching.
     *
     * @param reloader reloads what changed
     * @param interval how often to look
     * @param nodeId this node, for the thread's name
     */
    ConfigWatcher(ConfigReloader reloader, Duration interval, String nodeId) {
        this.schedule = PeriodicTask.start("ditto-config-watch-" + nodeId, interval, interval, () -> {
            try {
                reloader.reloadIfChanged(WATCH);
            } catch (RuntimeException e) {
                // Never let one look end the schedule.
                LOG.warn("event=config_watch_failed error=\"{}\"", e.toString());
            }
        });
        LOG.info("event=config_watch_started interval_ms={}", interval.toMillis());
    }

    @Override
    public void close() {
        if (!schedule.stop(Duration.ofSeconds(5))) {
            LOG.warn("event=config_watch_not_stopped (a reload did not return within 5 s)");
        }
    }
}
