package dev.ditto.control.tenancy;

import dev.ditto.control.Timestamps;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * An organisation that owns projects, users and keys; the unit of isolation of the admin API
 * (a tenant admin sees only its tenant). Immutable.
 *
 * @param id the id, such as {@code ten_01jd...}
 * @param name a human name
 * @param metadata free-form labels
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 */
public record Tenant(String id, String name, Map<String, String> metadata, Instant createdAt, Instant updatedAt) {

    /** Copies the collections and truncates the times to what the store keeps. */
    public Tenant {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        metadata = Map.copyOf(metadata);
        createdAt = Timestamps.truncate(createdAt);
        updatedAt = Timestamps.truncate(updatedAt);
    }

    /**
     * Returns a new tenant.
     *
     * @param id the id
     * @param name the human name
     * @param now the creation time
     * @return the tenant, without metadata
     */
    public static Tenant of(String id, String name, Instant now) {
        return new Tenant(id, name, Map.of(), now, now);
    }

    /**
     * Returns a copy with another name.
     *
     * @param name the new name
     * @param now when it changed
     * @return the copy
     */
    public Tenant withName(String name, Instant now) {
        return new Tenant(id, name, metadata, createdAt, now);
    }

    /**
     * Returns a copy with other metadata.
     *
     * @param metadata the new labels
     * @param now when they changed
     * @return the copy
     */
    public Tenant withMetadata(Map<String, String> metadata, Instant now) {
        return new Tenant(id, name, metadata, createdAt, now);
    }
}
