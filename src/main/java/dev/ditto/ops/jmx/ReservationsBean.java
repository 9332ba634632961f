package dev.ditto.ops.jmx;

import dev.ditto.control.audit.AuditLog;
import dev.ditto.control.limits.GovernedAdmission;
import dev.ditto.control.limits.ReapReport;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ReservationsMXBean} over the admission engine. Every reap, dry runs too, is
 * reported to the audit log as actor {@value #ACTOR} (JMX does not tell who the console's user
 * is). Thread-safe.
 */
public final class ReservationsBean implements ReservationsMXBean {

    /** The most reservations one call may handle, as over HTTP. */
    static final int MAX_LIMIT = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(ReservationsBean.class);

    /** The actor, role and trigger of a reap through JMX in the audit log. */
    static final String ACTOR = "jmx";

    private final GovernedAdmission engine;
    private final AuditLog audit;

    /**
     * Creates the bean.
     *
     * @param engine the engine whose store holds the reservations
     * @param audit where every reap is reported
     */
    public ReservationsBean(GovernedAdmission engine, AuditLog audit) {
        this.engine = engine;
        this.audit = audit;
    }

    @Override
    public ReapView reap(long olderThanSeconds, boolean dryRun, int limit) {
        if (olderThanSeconds < 0 || limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("reap needs olderThanSeconds >= 0 and limit between 1 and " + MAX_LIMIT
                    + ", got olderThanSeconds=" + olderThanSeconds + " limit=" + limit);
        }
        ReapReport report = engine.reap(Duration.ofSeconds(olderThanSeconds), dryRun, limit);
        audit.security(report.event(ACTOR, ACTOR, ACTOR, Duration.ofSeconds(olderThanSeconds)));
        LOG.info("event=reservations_reap_requested actor=jmx dry_run={} older_than_s={} limit={} count={} usd={}",
                dryRun, olderThanSeconds, limit, report.reservations(), report.usd().toPlainString());
        return new ReapView(report.dryRun(), report.reservations(), report.usd(), report.tokens(), report.slots(),
                report.details().stream().map(ReapReport.Reaped::requestId).toList());
    }
}
