package dev.ditto.control.limits;

import java.util.List;

/**
 * A store's answer to a settlement.
 *
 * @param found whether the reservation was still there (false once reaped: the spend is still
 *     committed, nothing is released twice)
 * @param holds each ledger's balance after the commit, in plan order
 */
public record SettleResult(boolean found, List<LedgerBalance> holds) {

    /** Copies the list. */
    public SettleResult {
        holds = List.copyOf(holds);
    }
}
