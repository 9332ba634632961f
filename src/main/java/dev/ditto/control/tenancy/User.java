package dev.ditto.control.tenancy;

import dev.ditto.control.Timestamps;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A person or service that keys are issued to; budgets and limits can be set per user.
 * Immutable.
 *
 * @param id the id, such as {@code usr_01jd...} or a LiteLLM {@code user_id}
 * @param tenantId the tenant it belongs to, or null for a gateway without tenants
 * @param email the e-mail address, if known (LiteLLM's {@code user_email})
 * @param alias a human name (LiteLLM's {@code user_alias})
 * @param metadata free-form labels
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 */
public record User(String id, @Nullable String tenantId, @Nullable String email, @Nullable String alias,
        Map<String, String> metadata, Instant createdAt, Instant updatedAt) {

    /** Copies the collections and truncates the times to what the store keeps. */
    public User {
        Objects.requireNonNull(id, "id");
        metadata = Map.copyOf(metadata);
        createdAt = Timestamps.truncate(createdAt);
        updatedAt = Timestamps.truncate(updatedAt);
    }

    /**
     * Returns a new user.
     *
     * @param id the id
     * @param tenantId the tenant, or null
     * @param email the e-mail address, or null
     * @param now the creation time
     * @return the user, without alias or metadata
     */
    public static User of(String id, @Nullable String tenantId, @Nullable String email, Instant now) {
        return new User(id, tenantId, email, null, Map.of(), now, now);
    }

    /**
     * Returns a copy with other details.
     *
     * @param email the new e-mail address
     * @param alias the new alias
     * @param metadata the new labels
     * @param now when they changed
     * @return the copy
     */
    public User with(@Nullable String email, @Nullable String alias, Map<String, String> metadata, Instant now) {
        return new User(id, tenantId, email, alias, metadata, createdAt, now);
    }
}
