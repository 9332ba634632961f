package dev.ditto.control.pricing;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Money as a whole number of nano-dollars (10<sup>-9</sup> USD), the unit of every ledger.
 * Conversions from exact amounts round up, so a cost that is not zero never becomes zero: one
 * token of a $0.10-per-million model is 100 nano-dollars, and anything smaller than one
 * nano-dollar is charged as one.
 */
public final class NanoDollars {

    /** Nano-dollars in one dollar. */
    public static final long PER_DOLLAR = 1_000_000_000L;

    private NanoDollars() {}

    /**
     * Converts an exact USD amount, rounding up.
     *
     * @param usd the amount, not negative
     * @return the amount in nano-dollars
     * @throws IllegalArgumentException if {@code usd} is negative
     * @throws ArithmeticException if the amount does not fit a {@code long} (above $9.2 billion)
     */
    public static long ceil(BigDecimal usd) {
        if (usd.signum() < 0) {
            throw new IllegalArgumentException("amount must not be negative but was " + usd.toPlainString());
        }
        return usd.movePointRight(9).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    /**
     * Converts an exact USD amount, rounding down: for limits, so a budget is never larger than configured.
     *
     * @param usd the amount, not negative
     * @return the amount in nano-dollars
     * @throws IllegalArgumentException if {@code usd} is negative
     * @throws ArithmeticException if the amount does not fit a {@code long}
     */
    public static long floor(BigDecimal usd) {
        if (usd.signum() < 0) {
            throw new IllegalArgumentException("amount must not be negative but was " + usd.toPlainString());
        }
        return usd.movePointRight(9).setScale(0, RoundingMode.FLOOR).longValueExact();
    }

    /**
     * Converts nano-dollars to USD, exactly.
     *
     * @param nanos the amount
     * @return the amount in USD without trailing zeros ({@code 0} for zero)
     */
    public static BigDecimal toUsd(long nanos) {
        return BigDecimal.valueOf(nanos, 9).stripTrailingZeros();
    }
}
