package dev.ditto.control.spend;

import dev.ditto.control.Money;
import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * The spend of one group over a time range. Immutable.
 *
 * @param group the group's value (a key id, a model, a day as {@code 2025-01-31}); null for
 *     requests without one (no user, no project)
 * @param spend USD, exact (unpriced requests count as zero)
 * @param requests how many requests
 * @param inputTokens prompt tokens
 * @param outputTokens completion tokens
 */
public record SpendTotal(@Nullable String group, BigDecimal spend, long requests, long inputTokens,
        long outputTokens) {

    /** Normalizes the amount. */
    public SpendTotal {
        spend = Money.normalize(spend);
    }
}
