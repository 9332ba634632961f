package dev.ditto.control.tenancy;

import dev.ditto.control.Timestamps;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A project: LiteLLM's team. Keys and users work in projects; budgets and limits can be set
 * per project. Immutable.
 *
 * @param id the id, such as {@code prj_01jd...} or a LiteLLM {@code team_id}
 * @param tenantId the tenant it belongs to, or null for a gateway without tenants
 * @param alias a human name (LiteLLM's {@code team_alias})
 * @param metadata free-form labels
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 */
public record Project(String id, @Nullable String tenantId, @Nullable String alias, Map<String, String> metadata,
        Instant createdAt, Instant updatedAt) {

    /** Copies the collections and truncates the times to what the store keeps. */
    public Project {
        Objects.requireNonNull(id, "id");
        metadata = Map.copyOf(metadata);
        createdAt = Timestamps.truncate(createdAt);
        updatedAt = Timestamps.truncate(updatedAt);
    }

    /**
     * Returns a new project.
     *
     * @param id the id
     * @param tenantId the tenant, or null
     * @param alias the human name, or null
     * @param now the creation time
     * @return the project, without metadata
     */
    public static Project of(String id, @Nullable String tenantId, @Nullable String alias, Instant now) {
        return new Project(id, tenantId, alias, Map.of(), now, now);
    }

    /**
     * Returns a copy with another alias and metadata.
     *
     * @param alias the new alias
     * @param metadata the new labels
     * @param now when they changed
     * @return the copy
     */
    public Project with(@Nullable String alias, Map<String, String> metadata, Instant now) {
        return new Project(id, tenantId, alias, metadata, createdAt, now);
    }
}
