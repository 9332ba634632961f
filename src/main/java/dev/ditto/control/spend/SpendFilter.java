package dev.ditto.control.spend;

import dev.ditto.control.TimeRange;
import org.jspecify.annotations.Nullable;

/**
 * Which spend-log rows a listing or a total covers: every non-null field must match, and the
 * request must have started in the time range. Immutable.
 *
 * @param tenantId only this tenant's requests
 * @param projectId only this project's requests
 * @param userId only this user's requests
 * @param keyId only this key's requests
 * @param model only requests for this model group
 * @param time when the requests started
 */
public record SpendFilter(@Nullable String tenantId, @Nullable String projectId, @Nullable String userId,
        @Nullable String keyId, @Nullable String model, TimeRange time) {

    /**
     * Returns the filter of every request in a time range.
     *
     * @param time the range
     * @return the filter
     */
    public static SpendFilter during(TimeRange time) {
        return new SpendFilter(null, null, null, null, null, time);
    }

    /**
     * Returns a copy limited to one tenant.
     *
     * @param tenantId the tenant
     * @return the filter
     */
    public SpendFilter tenant(@Nullable String tenantId) {
        return new SpendFilter(tenantId, projectId, userId, keyId, model, time);
    }

    /**
     * Returns a copy limited to one key.
     *
     * @param keyId the key
     * @return the filter
     */
    public SpendFilter key(@Nullable String keyId) {
        return new SpendFilter(tenantId, projectId, userId, keyId, model, time);
    }
}
