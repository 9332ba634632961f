package dev.ditto.control.budget;

import dev.ditto.control.Money;
import dev.ditto.control.Scope;
import dev.ditto.control.Timestamps;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one scope spent in one budget period: the durable ledger, written behind in batches.
 * As an argument of {@link LedgerStore#addAll}, the amounts are increments. Immutable.
 *
 * @param scope whose spend
 * @param tenantId the scope's tenant, for tenant-scoped listings; null for none
 * @param periodStart the start of the period the amounts belong to
 * @param spend USD spent
 * @param inputTokens prompt tokens used
 * @param outputTokens completion tokens used
 * @param requests requests settled
 * @param updatedAt when the row last changed
 */
public record LedgerEntry(Scope scope, @Nullable String tenantId, Instant periodStart, BigDecimal spend,
        long inputTokens, long outputTokens, long requests, Instant updatedAt) {

    /** Normalizes the amount and the times. */
    public LedgerEntry {
        Objects.requireNonNull(scope, "scope");
        spend = Money.normalize(spend);
        periodStart = Timestamps.truncate(periodStart);
        updatedAt = Timestamps.truncate(updatedAt);
    }

    /**
     * Returns the row's id: the scope and the period start in epoch seconds. The same on every
     * replica, so concurrent writers add to the same row.
     *
     * @return such as {@code key:key_01jd...@1735689600}
     */
    public String id() {
        return scope + "@" + periodStart.getEpochSecond();
    }
}
