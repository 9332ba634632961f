package dev.ditto.control;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * USD amounts: exact decimals with {@value #SCALE} places, the precision of the database's
 * {@code NUMERIC(20,10)} columns. A tenth of a nano-dollar is the smallest amount kept, so a
 * cheap model's cost per request (say 0.0000001 USD) never rounds to zero.
 */
public final class Money {

    /** Decimal places kept. */
    public static final int SCALE = 10;
    /** Zero, at {@link #SCALE}. */
    public static final BigDecimal ZERO = BigDecimal.ZERO.setScale(SCALE);

    private Money() {}

    /**
     * Brings an amount to {@link #SCALE} places, rounding half-even beyond them, so that amounts
     * compare with {@code equals} the same before and after a round trip through the database.
     *
     * @param amount the amount
     * @return the amount at {@value #SCALE} places
     */
    public static BigDecimal normalize(BigDecimal amount) {
        return amount.setScale(SCALE, RoundingMode.HALF_EVEN);
    }

    /**
     * Normalizes an amount that may be absent.
     *
     * @param amount the amount, or null
     * @return the amount at {@value #SCALE} places, or null
     */
    public static @org.jspecify.annotations.Nullable BigDecimal normalizeNullable(
            @org.jspecify.annotations.Nullable BigDecimal amount) {
        return amount == null ? null : normalize(amount);
    }
}
