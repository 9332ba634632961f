package dev.ditto.ops.jmx;

/**
 * Stale budget reservations: {@code dev.ditto:type=Reservations,name=...}. The same operation as
 * {@code POST /admin/reservations/reap}, for app-server teams that run operations from a JMX
 * console.
 */
public interface ReservationsMXBean {

    /**
     * Releases (or, in a dry run, lists) the reservations of requests that never settled, created
     * more than {@code olderThanSeconds} ago, oldest first, at most {@code limit}.
     *
     * @param olderThanSeconds how old a reservation must be, at least 0
     * @param dryRun true to only report what would be released
     * @param limit the most reservations to handle, 1 to 10000
     * @return what was (or would be) released, point in time
     * @throws IllegalArgumentException if a number is out of range
     */
    ReapView reap(long olderThanSeconds, boolean dryRun, int limit);
}
