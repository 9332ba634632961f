package dev.ditto.control;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An authenticated administrator: who, with which role, and for tenant roles which tenant.
 * Every admin operation asks it first; a tenant-scoped caller reaching for another tenant's
 * data, or for a global listing, gets 403, never an empty answer.
 *
 * @param actor who it is, for the audit log (a user name, {@code master-key}, an admin token's name)
 * @param role what it may do
 * @param tenantId the tenant of a tenant role; null for global roles
 */
public record AdminPrincipal(String actor, AdminRole role, @Nullable String tenantId) {

    /** Checks that tenant roles name their tenant and global roles none. */
    public AdminPrincipal {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(role, "role");
        if (role.isGlobal() != (tenantId == null)) {
            throw new IllegalArgumentException(role.isGlobal() ? "a global role has no tenant"
                    : "a tenant role needs its tenant");
        }
    }

    /**
     * Returns the master key's principal.
     *
     * @return a global admin named {@code master-key}
     */
    public static AdminPrincipal masterKey() {
        return new AdminPrincipal("master-key", AdminRole.GLOBAL_ADMIN, null);
    }

    /**
     * Requires read access to a tenant's data.
     *
     * @param tenant the tenant the data belongs to; null for data outside any tenant, which only
     *     global roles read
     * @throws AccessDeniedException 403 otherwise
     */
    public void requireRead(@Nullable String tenant) {
        if (!role.isGlobal() && !Objects.equals(tenantId, tenant)) {
            throw new AccessDeniedException(403, "tenant_forbidden", "This admin may only see tenant '" + tenantId + "'.");
        }
    }

    /**
     * Requires write access to a tenant's data.
     *
     * @param tenant the tenant the data belongs to; null for data outside any tenant
     * @throws AccessDeniedException 403 otherwise
     */
    public void requireWrite(@Nullable String tenant) {
        requireRead(tenant);
        if (!role.canWrite()) {
            throw new AccessDeniedException(403, "read_only", "This admin may only read.");
        }
    }

    /**
     * Requires a global role, for listings across tenants and gateway-wide operations.
     *
     * @param write whether the operation changes things
     * @throws AccessDeniedException 403 otherwise
     */
    public void requireGlobal(boolean write) {
        if (!role.isGlobal()) {
            throw new AccessDeniedException(403, "global_role_required",
                    "This needs a global admin role; a tenant admin must name its tenant.");
        }
        if (write && !role.canWrite()) {
            throw new AccessDeniedException(403, "read_only", "This admin may only read.");
        }
    }
}
