package dev.ditto.control.limits;

/**
 * One budget ledger: what was spent in its period and what is reserved by requests in flight.
 *
 * @param spentNanos committed spend, in nano-dollars
 * @param reservedNanos reservations not yet settled, in nano-dollars
 */
public record LedgerBalance(long spentNanos, long reservedNanos) {

    /** The balance of a ledger nobody has used. */
    public static final LedgerBalance EMPTY = new LedgerBalance(0, 0);
}
