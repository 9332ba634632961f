package dev.ditto.control.limits;

import java.util.List;

/**
 * A store's answer to an {@link AdmitPlan}: admitted (everything taken) or denied (nothing
 * taken), with the state of every counter and ledger as the decision saw it.
 *
 * @param admitted whether everything was taken
 * @param deniedCounter the index of the first counter that refused, or -1
 * @param deniedHold the index of the first hold that refused, or -1
 * @param retryAfterMillis when the refusing counter would admit the request, or -1 if it never
 *     can (the request alone exceeds the limit) or for a refusing hold
 * @param counters each counter's remaining quota and reset time before this request, in plan order
 * @param holds each ledger's balance, in plan order
 */
public record AdmitResult(boolean admitted, int deniedCounter, int deniedHold, long retryAfterMillis,
        List<CounterState> counters, List<LedgerBalance> holds) {

    /** Copies the lists. */
    public AdmitResult {
        counters = List.copyOf(counters);
        holds = List.copyOf(holds);
    }

    /**
     * One counter as the decision found it, before this request was counted.
     *
     * @param remaining what was left before the limit
     * @param resetMillis until the counter would be back to its full limit
     */
    public record CounterState(long remaining, long resetMillis) {}
}
