package dev.ditto.control.limits;

import dev.ditto.control.AdmissionRequest;
import dev.ditto.control.Scope;
import java.util.List;

/**
 * Resolves the quotas that apply to a request: for each scope of its caller, the rate limits
 * that count this route group and model, and the budget. Called on every request, so
 * implementations answer from memory. Thread-safe.
 */
@FunctionalInterface
public interface QuotaResolver {

    /**
     * Resolves the quotas.
     *
     * @param request the request, with its caller
     * @return the quotas, one per limited scope; empty when nothing limits the request
     */
    List<Quota> resolve(AdmissionRequest request);

    /**
     * Forgets whatever the resolver remembers of a scope's quotas, after its stored limits or
     * budgets changed. Does nothing for resolvers that remember nothing.
     *
     * @param scope the scope whose limits or budgets changed
     */
    default void invalidate(Scope scope) {
    }

    /**
     * Forgets whatever the resolver remembers of every scope, when changes may have been missed.
     * Does nothing for resolvers that remember nothing.
     */
    default void invalidateAll() {
    }

    /**
     * Returns the resolver of a gateway without limits.
     *
     * @return a resolver that always answers no quotas
     */
    static QuotaResolver none() {
        return request -> List.of();
    }
}
