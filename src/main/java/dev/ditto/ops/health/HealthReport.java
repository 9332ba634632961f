package dev.ditto.ops.health;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of running every readiness check once.
 *
 * @param checks one result per check, in registration order
 */
public record HealthReport(List<Result> checks) {

    /** Copies the list so the record stays immutable. */
    public HealthReport {
        checks = List.copyOf(checks);
    }

    /**
     * Tells whether every check passed.
     *
     * @return true when all checks are up (also when there are none)
     */
    public boolean healthy() {
        return checks.stream().allMatch(Result::up);
    }

    /**
     * The outcome of one check.
     *
     * @param name the check's name
     * @param target what was checked
     * @param up whether it passed
     * @param latencyMillis how long it took, or the deadline when it timed out
     * @param error why it failed; null when up
     */
    public record Result(String name, String target, boolean up, long latencyMillis, @Nullable String error) {}
}
