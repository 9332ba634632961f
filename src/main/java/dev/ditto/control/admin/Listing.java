package dev.ditto.control.admin;

import dev.ditto.control.AccessDeniedException;
import org.jspecify.annotations.Nullable;

/** The one rule of every listing: a tenant filter the caller may read, or a global role for none. */
final class Listing {

    private Listing() {}

    /**
     * Checks a listing.
     *
     * @param call who asks
     * @param tenantId the tenant filter, or null for all tenants
     * @throws AccessDeniedException 403 for a tenant-scoped caller without its own tenant as the filter
     */
    static void check(AdminCall call, @Nullable String tenantId) {
        if (tenantId == null) {
            call.principal().requireGlobal(false);
        } else {
            call.principal().requireRead(tenantId);
        }
    }
}
