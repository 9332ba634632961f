package dev.ditto.gateway.relay;

import dev.ditto.config.ModelDeployment;
import dev.ditto.control.Caller;
import dev.ditto.control.Outcome;
import dev.ditto.control.Permit;
import dev.ditto.control.RequestRecord;
import dev.ditto.gateway.filter.RequestIdFilter;
import dev.ditto.sdk.Usage;
import jakarta.servlet.ServletRequest;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The end of one admitted request's lifecycle: settles its {@link Permit} (commit what was used,
 * release the rest) and hands the record to the control plane's recorder, exactly once however
 * the request ends, and logs the settled line. Failures of the ports are logged, never thrown
 * into the response. Thread-safe: the first {@link #settle} wins, later ones do nothing.
 */
final class Settlement {

    private static final Logger LOG = LoggerFactory.getLogger(Settlement.class);

    private final DataPlane plane;
    private final String requestId;
    private final Caller caller;
    private final String route;
    private final @Nullable String model;
    private final Permit permit;
    private final long startedAt;
    private final Instant startedAtWall;
    private final AtomicBoolean settled = new AtomicBoolean();
    private volatile @Nullable ModelDeployment deployment;
    private volatile int attempts;
    private volatile long firstTokenAt;
    private volatile long calledAt;
    /** The stream's life for the open-streams gauge: 0 not started, 1 open, 2 closed (or never will open). */
    private final AtomicInteger stream = new AtomicInteger();

    Settlement(DataPlane plane, ServletRequest request, Caller caller, String route, @Nullable String model,
            Permit permit, long startedAt) {
        this.plane = plane;
        Object id = request.getAttribute(RequestIdFilter.ATTRIBUTE);
        this.requestId = id == null ? "-" : id.toString();
        this.caller = caller;
        this.route = route;
        this.model = model;
        this.permit = permit;
        this.startedAt = startedAt;
        this.startedAtWall = plane.clock().instant()
                .minusNanos(Math.max(0, plane.ticker().read() - startedAt));
    }

    String requestId() {
        return requestId;
    }

    /** When the gateway received the request, by the data plane's ticker. */
    long startedAt() {
        return startedAt;
    }

    /** Notes an upstream call: the deployment that serves (or fails) last is the one recorded. */
    void attempt(ModelDeployment called) {
        deployment = called;
        attempts++;
        calledAt = plane.ticker().read();
    }

    /** Notes that the first content reached the client (streams): the time to first token. */
    void firstToken() {
        if (firstTokenAt == 0) {
            firstTokenAt = plane.ticker().read();
        }
        // A stream that starts after settlement (the client left meanwhile) never counts as open.
        if (stream.compareAndSet(0, 1)) {
            plane.events().streamOpened();
        }
    }

    /** The caller's rate-limit headers for a successful answer; empty when no rate limit counted it. */
    Map<String, String> rateLimitHeaders() {
        try {
            return permit.headers();
        } catch (RuntimeException e) {
            LOG.warn("event=rate_limit_headers_failed request_id={} error=\"{}\"", requestId, e.toString());
            return Map.of();
        }
    }

    boolean isSettled() {
        return settled.get();
    }

    /**
     * Settles the request, unless it already was.
     *
     * @param status how it ended
     * @param httpStatus the status the client got
     * @param usage what the upstream reported, or null
     * @return true if this call settled it
     */
    boolean settle(Outcome.Status status, int httpStatus, @Nullable Usage usage) {
        if (!settled.compareAndSet(false, true)) {
            return false;
        }
        long now = plane.ticker().read();
        if (stream.getAndSet(2) == 1) {
            plane.events().streamClosed();
        }
        ModelDeployment served = deployment;
        if (served != null && (status == Outcome.Status.OK || status == Outcome.Status.STREAM_ERROR)) {
            plane.events().timed(route, model, served.id(), Duration.ofNanos(calledAt - startedAt),
                    Duration.ofNanos(now - calledAt));
        }
        Outcome outcome = new Outcome(status, httpStatus, served == null ? null : served.id(),
                served == null ? null : served.litellmParams().provider(),
                served == null ? null : served.litellmParams().model(), usage == null ? Usage.empty() : usage,
                Duration.ofNanos(now - startedAt), firstTokenAt == 0 ? null : Duration.ofNanos(firstTokenAt - startedAt),
                attempts);
        BigDecimal cost = null;
        try {
            cost = permit.settle(outcome);
        } catch (RuntimeException e) {
            LOG.error("event=settle_failed request_id={} error=\"{}\"", requestId, e.toString(), e);
        }
        try {
            plane.control().recorder().record(new RequestRecord(requestId, startedAtWall, caller, route, model, outcome,
                    cost));
        } catch (RuntimeException e) {
            LOG.error("event=record_failed request_id={} error=\"{}\"", requestId, e.toString(), e);
        }
        MDC.put(RequestIdFilter.MDC_KEY, requestId);
        try {
            LOG.info("event=request_settled outcome={} status={} route={} model={} deployment={} attempts={} "
                    + "duration_ms={}", status.name().toLowerCase(java.util.Locale.ROOT), httpStatus, route,
                    model == null ? "-" : model, served == null ? "-" : served.id(), attempts,
                    TimeUnit.NANOSECONDS.toMillis(now - startedAt));
        } finally {
            MDC.remove(RequestIdFilter.MDC_KEY);
        }
        return true;
    }
}
