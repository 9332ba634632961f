package dev.ditto.control;

import org.jspecify.annotations.Nullable;

/**
 * Which per-scope records (budgets, limits, ledger rows) a listing returns: every non-null
 * field must match. Immutable.
 *
 * @param tenantId only records of this tenant
 * @param scope only records of this scope
 */
public record ScopeFilter(@Nullable String tenantId, @Nullable Scope scope) {

    private static final ScopeFilter ALL = new ScopeFilter(null, null);

    /**
     * Returns the filter that matches everything.
     *
     * @return the filter
     */
    public static ScopeFilter all() {
        return ALL;
    }

    /**
     * Returns the filter of one tenant's records.
     *
     * @param tenantId the tenant
     * @return the filter
     */
    public static ScopeFilter ofTenant(String tenantId) {
        return new ScopeFilter(tenantId, null);
    }

    /**
     * Returns the filter of one scope's records.
     *
     * @param scope the scope
     * @return the filter
     */
    public static ScopeFilter of(Scope scope) {
        return new ScopeFilter(null, scope);
    }
}
