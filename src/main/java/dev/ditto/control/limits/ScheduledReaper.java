package dev.ditto.control.limits;

import dev.ditto.control.audit.AuditLog;
import dev.ditto.control.audit.SecurityEvent;
import dev.ditto.control.internal.PeriodicTask;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

/**
 * Releases stale reservations on a schedule ({@code ditto.limits.reaper.interval}): every
 * interval, {@link GovernedAdmission#reap} in batches until a batch comes back short. Every
 * replica may run one; a reservation is released once however many reap it. Owns one daemon
 * thread, stopped by {@link #close()}. A failed run (the store unreachable) is logged and the
 * next one tries again. A run that released anything is reported to the audit log
 * ({@link SecurityEvent#REAPER_RUN}, actor {@code system}); one that found nothing is not, so
 * an idle schedule does not fill the log with a row a minute. Thread-safe.
 *
 * <pre>{@code
 * ScheduledReaper reaper = ScheduledReaper.start(engine, Duration.ofMinutes(1), Duration.ofHours(1), audit);
 * ...
 * reaper.close();
 * }</pre>
 */
public final class ScheduledReaper implements AutoCloseable {

    /** Reservations released per store call. */
    public static final int BATCH = 1_000;
    /** The most batches of one run, so one run cannot hold the thread for long. */
    static final int MAX_BATCHES = 100;

    private static final System.Logger LOG = System.getLogger(ScheduledReaper.class.getName());

    private final GovernedAdmission engine;
    private final Duration olderThan;
    private final AuditLog audit;
    private final PeriodicTask schedule;

    private ScheduledReaper(GovernedAdmission engine, Duration interval, Duration olderThan, AuditLog audit) {
        this.engine = engine;
        this.olderThan = olderThan;
        this.audit = audit;
        this.schedule = PeriodicTask.start("ditto-reservation-reaper", interval, interval, this::run);
    }

    /**
     * Starts reaping.
     *
     * @param engine the engine whose store holds the reservations
     * @param interval the pause between runs, the first run one interval after the start
     * @param olderThan how old a reservation must be to be released
     * @param audit where runs that released something are reported
     * @return the running reaper; close it
     * @throws IllegalArgumentException if the interval is not positive or the age negative
     */
    public static ScheduledReaper start(GovernedAdmission engine, Duration interval, Duration olderThan,
            AuditLog audit) {
        if (interval.isNegative() || interval.isZero() || olderThan.isNegative()) {
            throw new IllegalArgumentException("the reaper needs a positive interval and an age >= 0, got interval="
                    + interval + " older_than=" + olderThan);
        }
        ScheduledReaper reaper = new ScheduledReaper(engine, interval, olderThan, audit);
        LOG.log(System.Logger.Level.INFO, () -> "event=reaper_scheduled interval_s=" + interval.toSeconds()
                + " older_than_s=" + olderThan.toSeconds());
        return reaper;
    }

    /**
     * Runs one pass now, on the calling thread: what the schedule does every interval.
     *
     * @return how many reservations were released
     */
    public int run() {
        int released = 0;
        BigDecimal usd = BigDecimal.ZERO;
        long tokens = 0;
        long slots = 0;
        try {
            for (int batch = 0; batch < MAX_BATCHES; batch++) {
                ReapReport report = engine.reap(olderThan, false, BATCH);
                released += report.reservations();
                usd = usd.add(report.usd());
                tokens += report.tokens();
                slots += report.slots();
                if (report.reservations() < BATCH) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, () -> "event=reap_failed error=\"" + e + "\" (tried again next interval)");
        }
        if (released > 0) {
            audit.security(new ReapReport(false, released, usd, tokens, slots, List.of())
                    .event(SecurityEvent.SYSTEM, SecurityEvent.SYSTEM, "schedule", olderThan));
        }
        return released;
    }

    /**
     * Stops the schedule and waits, up to 5 s, until its thread has ended; a run in progress
     * finishes its current store call.
     */
    @Override
    public void close() {
        if (!schedule.stop(Duration.ofSeconds(5))) {
            LOG.log(System.Logger.Level.WARNING, "event=reaper_not_stopped (a reap did not return within 5 s)");
        }
    }
}
