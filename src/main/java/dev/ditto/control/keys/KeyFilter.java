package dev.ditto.control.keys;

import org.jspecify.annotations.Nullable;

/**
 * Which keys a listing returns: every non-null field must match. Immutable.
 *
 * @param tenantId only keys of this tenant
 * @param projectId only keys of this project
 * @param userId only keys of this user
 */
public record KeyFilter(@Nullable String tenantId, @Nullable String projectId, @Nullable String userId) {

    private static final KeyFilter ALL = new KeyFilter(null, null, null);

    /**
     * Returns the filter that matches every key.
     *
     * @return the filter
     */
    public static KeyFilter all() {
        return ALL;
    }

    /**
     * Returns the filter of one tenant's keys.
     *
     * @param tenantId the tenant
     * @return the filter
     */
    public static KeyFilter ofTenant(String tenantId) {
        return new KeyFilter(tenantId, null, null);
    }
}
