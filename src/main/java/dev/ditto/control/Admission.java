package dev.ditto.control;

/**
 * Checks a request against the caller's rate limits and reserves the worst case of its cost
 * against every budget of the caller, in one atomic step; or refuses it. The returned
 * {@link Permit} must be settled exactly once. Thread-safe.
 */
@FunctionalInterface
public interface Admission {

    /**
     * Admits a request.
     *
     * @param request what the request may cost
     * @return the permit to settle when the request ends
     * @throws AdmissionDeniedException if a limit or budget refuses it; nothing stays reserved
     */
    Permit admit(AdmissionRequest request);

    /**
     * Returns the admission of a gateway with no limits or budgets: everything is admitted and
     * nothing is reserved.
     *
     * @return the admission
     */
    static Admission unlimited() {
        return request -> Permit.NONE;
    }
}
