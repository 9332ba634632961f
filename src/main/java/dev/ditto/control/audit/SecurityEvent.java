package dev.ditto.control.audit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Something security-relevant that happened outside an admin write: a rejected API key, a 403,
 * a budget or rate-limit refusal, a reaper run, a configuration reload. Becomes an audit record
 * whose {@code after} holds the details as a JSON object of strings. Immutable.
 *
 * @param action what happened, such as {@value #KEY_REJECTED}
 * @param actor who caused it: a key id, an administrator, {@code anonymous}, {@code system}
 * @param role the role it acted in: {@value #ROLE} for API keys, an admin role, {@value #SYSTEM}
 * @param tenantId the tenant it concerns (its chain), or null
 * @param targetType what it was aimed at, such as {@code route}, {@code model}
 * @param targetId which one, if any
 * @param details what else to keep (never a secret), in order
 * @param requestId the request's id, if any
 * @param clientAddress the client's address, if any
 */
public record SecurityEvent(String action, String actor, String role, @Nullable String tenantId, String targetType,
        @Nullable String targetId, Map<String, String> details, @Nullable String requestId,
        @Nullable String clientAddress) {

    /** An API key that was missing, unknown, blocked or expired (401). */
    public static final String KEY_REJECTED = "security.key_rejected";
    /** A known caller refused a route or model (403). */
    public static final String FORBIDDEN = "security.forbidden";
    /** A request refused by a rate limit or a budget (429). */
    public static final String ADMISSION_DENIED = "security.admission_denied";
    /**
     * The stale-reservation reaper ran: from {@code POST /admin/reservations/reap}, the JMX
     * {@code reap} operation (dry runs too), or on its schedule when it released something.
     */
    public static final String REAPER_RUN = "system.reaper_run";
    /**
     * A configuration reload, through {@code POST /admin/config/reload} or the gateway MBean's
     * {@code reloadConfig}, whether it applied a change, found nothing to apply, or failed to
     * validate (and changed nothing).
     */
    public static final String CONFIG_RELOAD = "system.config_reload";
    /** The role of events caused by an API key on the data plane. */
    public static final String ROLE = "data_plane";
    /** The role (and actor) of events the gateway causes itself, such as a scheduled reaper run. */
    public static final String SYSTEM = "system";

    /** Checks the required fields and copies the details. */
    public SecurityEvent {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(targetType, "targetType");
        details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /**
     * Creates an event of the data plane ({@value #ROLE}) without request origin.
     *
     * @param action what happened
     * @param actor who caused it
     * @param tenantId the tenant, or null
     * @param targetType what it was aimed at
     * @param targetId which one, or null
     * @param details what else to keep
     * @return the event
     */
    public static SecurityEvent of(String action, String actor, @Nullable String tenantId, String targetType,
            @Nullable String targetId, Map<String, String> details) {
        return new SecurityEvent(action, actor, ROLE, tenantId, targetType, targetId, details, null, null);
    }

    /**
     * Returns a copy acted in another role.
     *
     * @param role such as an admin role's name or {@value #SYSTEM}
     * @return the event
     */
    public SecurityEvent as(String role) {
        return new SecurityEvent(action, actor, role, tenantId, targetType, targetId, details, requestId, clientAddress);
    }

    /**
     * Returns a copy with the request's origin.
     *
     * @param requestId the request id, or null
     * @param clientAddress the client address, or null
     * @return the event
     */
    public SecurityEvent from(@Nullable String requestId, @Nullable String clientAddress) {
        return new SecurityEvent(action, actor, role, tenantId, targetType, targetId, details, requestId, clientAddress);
    }

    /**
     * Returns a copy with one more detail.
     *
     * @param name the detail's name
     * @param value its value
     * @return the event
     */
    public SecurityEvent with(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(details);
        more.put(name, value);
        return new SecurityEvent(action, actor, role, tenantId, targetType, targetId, more, requestId, clientAddress);
    }

    /**
     * Builds the audit record of the event.
     *
     * @param id the record id
     * @param occurredAt when it happened
     * @return the record, not yet chained
     */
    public AuditRecord toRecord(String id, java.time.Instant occurredAt) {
        Map<String, @Nullable String> json = new LinkedHashMap<>(details);
        return AuditRecord.builder(id, occurredAt).actor(actor, role).action(action, targetType, targetId)
                .change(null, details.isEmpty() ? null : AuditChain.json(json)).origin(requestId, clientAddress)
                .tenantId(tenantId).build();
    }
}
