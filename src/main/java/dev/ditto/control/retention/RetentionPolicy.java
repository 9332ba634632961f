package dev.ditto.control.retention;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How long each kind of record is kept and how the purge deletes. Immutable.
 *
 * @param spendLogs the age beyond which spend-log rows are deleted; null keeps them
 * @param audit the age beyond which audit records are deleted; null keeps them
 * @param batchSize the most rows one delete transaction removes, so no lock is held for long
 */
public record RetentionPolicy(@Nullable Duration spendLogs, @Nullable Duration audit, int batchSize) {

    /** Checks the values. */
    public RetentionPolicy {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
        }
        if (spendLogs != null && (spendLogs.isNegative() || spendLogs.isZero())
                || audit != null && (audit.isNegative() || audit.isZero())) {
            throw new IllegalArgumentException("retention ages must be positive, got spend logs " + spendLogs
                    + " and audit " + audit);
        }
    }

    /**
     * Returns the defaults: spend logs 90 days, audit 400 days, 1000 rows per batch.
     *
     * @return the policy
     */
    public static RetentionPolicy ofDefaults() {
        return new RetentionPolicy(Duration.ofDays(90), Duration.ofDays(400), 1000);
    }
}
