package dev.ditto.control.audit;

import dev.ditto.control.TimeRange;
import org.jspecify.annotations.Nullable;

/**
 * Which audit records a query returns: every non-null field must match, and the record must
 * lie in the time range. Immutable.
 *
 * @param tenantId only records about this tenant's data
 * @param actor only this actor's records
 * @param action only this action
 * @param targetType only records about this kind of record
 * @param targetId only records about this record
 * @param time when they happened
 */
public record AuditFilter(@Nullable String tenantId, @Nullable String actor, @Nullable String action,
        @Nullable String targetType, @Nullable String targetId, TimeRange time) {

    /**
     * Returns the filter of every record in a time range.
     *
     * @param time the range
     * @return the filter
     */
    public static AuditFilter during(TimeRange time) {
        return new AuditFilter(null, null, null, null, null, time);
    }

    /**
     * Returns a copy limited to one tenant.
     *
     * @param tenantId the tenant
     * @return the filter
     */
    public AuditFilter tenant(@Nullable String tenantId) {
        return new AuditFilter(tenantId, actor, action, targetType, targetId, time);
    }

    /**
     * Returns a copy limited to one record.
     *
     * @param targetType the kind of record
     * @param targetId its id
     * @return the filter
     */
    public AuditFilter target(@Nullable String targetType, @Nullable String targetId) {
        return new AuditFilter(tenantId, actor, action, targetType, targetId, time);
    }
}
