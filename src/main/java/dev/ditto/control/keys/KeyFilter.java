package dev.ditto.control.keys;

import org.jspecify.annotations.Nullable;

/**
 * Which keys a listing returns: every non-null field must match. Immutable.
 *
 * @param tenantId only keys of this tenant
 * @param projectId only keys of this project
 * @param userId only keys of this user
 * @param alias only keys with exactly this alias
 */
public record KeyFilter(@Nullable String tenantId, @Nullable String projectId, @Nullable String userId,
        @Nullable String alias) {

    private static final KeyFilter ALL = new KeyFilter(null, null, null);

    /**
     * A filter by owners, of any alias.
     *
     * @param tenantId only keys of this tenant
     * @param projectId only keys of this project
     * @param userId only keys of this user
     */
    public KeyFilter(@Nullable String tenantId, @Nullable String projectId, @Nullable String userId) {
        this(tenantId, projectId, userId, null);
    }

    /**
     * Returns this filter, narrowed to one alias.
     *
     * @param keyAlias the alias; null for any
     * @return the filter
     */
    public KeyFilter withAlias(@Nullable String keyAlias) {
        return new KeyFilter(tenantId, projectId, userId, keyAlias);
    }

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
