package dev.ditto.gateway.relay;

import dev.ditto.control.ControlPlane;
import dev.ditto.gateway.routing.Router;
import dev.ditto.ops.RelayEvents;
import dev.ditto.sdk.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * What the relay needs besides the edge: the current {@link Routes} (replaced whole when the
 * configuration is reloaded), the control-plane ports, a timer for retry back-off (so no thread
 * sleeps) and heartbeats, and the observer. Thread-safe; {@link #close()} stops the timer.
 */
public final class DataPlane implements AutoCloseable {

    /** Retries per model group when the configuration says nothing (LiteLLM's proxy default is 0-3). */
    public static final int DEFAULT_RETRIES = 2;
    /** The longest back-off between attempts, whatever Retry-After says. */
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private volatile Routes routes;
    private final Ticker ticker;
    private final ScheduledThreadPoolExecutor timer;
    private final ControlPlane control;
    private final Clock clock;
    private final RelayEvents events;

    /**
     * Creates the data plane.
     *
     * @param routes the routes of the startup configuration
     * @param ticker monotonic time
     * @param control the control-plane ports every request goes through
     * @param clock wall time, for the records of requests
     * @param events told of failed attempts, streams, rejections and timings (metrics)
     */
    public DataPlane(Routes routes, Ticker ticker, ControlPlane control, Clock clock, RelayEvents events) {
        this.routes = routes;
        this.events = events;
        this.control = control;
        this.clock = clock;
        this.ticker = ticker;
        this.timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "ditto-relay-timer");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        timer.setKeepAliveTime(30, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
    }

    /**
     * Returns the routes new requests take; a request keeps the ones it started with.
     *
     * @return the current routes
     */
    public Routes routes() {
        return routes;
    }

    /**
     * Replaces the routes: requests that start from now on take the new ones.
     *
     * @param next the routes of the reloaded configuration
     */
    public void replaceRoutes(Routes next) {
        this.routes = next;
    }

    /**
     * Returns the current router, whose cooldowns and statistics the admin API reads.
     *
     * @return the router of the current routes
     */
    public Router router() {
        return routes.router();
    }

    /**
     * Returns the control-plane ports: authentication, admission, recording.
     *
     * @return the ports
     */
    public ControlPlane control() {
        return control;
    }

    Clock clock() {
        return clock;
    }

    /** The observer of what the relay does; its calls never throw. */
    RelayEvents events() {
        return events;
    }

    Ticker ticker() {
        return ticker;
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
