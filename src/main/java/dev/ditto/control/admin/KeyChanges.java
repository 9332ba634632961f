package dev.ditto.control.admin;

import dev.ditto.control.keys.VirtualKey;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The fields of a key that an update may change; owners, hashes and times are not among them.
 * Immutable; change with the {@code with...} methods.
 *
 * @param alias the human name
 * @param models the model groups it may call; empty means all
 * @param routes the route groups it may call; empty means all
 * @param expiresAt when it stops working, or null for never
 * @param metadata free-form labels
 * @param blocked whether it is blocked
 */
public record KeyChanges(@Nullable String alias, Set<String> models, Set<String> routes, @Nullable Instant expiresAt,
        Map<String, String> metadata, boolean blocked) {

    /** Copies the collections. */
    public KeyChanges {
        models = Set.copyOf(models);
        routes = Set.copyOf(routes);
        metadata = Map.copyOf(metadata);
    }

    /**
     * Returns a key's changeable fields.
     *
     * @param key the key
     * @return its fields
     */
    public static KeyChanges of(VirtualKey key) {
        return new KeyChanges(key.alias(), key.allowedModels(), key.allowedRoutes(), key.expiresAt(), key.metadata(),
                key.blocked());
    }

    /** @param alias the new alias @return the copy */
    public KeyChanges withAlias(@Nullable String alias) {
        return new KeyChanges(alias, models, routes, expiresAt, metadata, blocked);
    }

    /** @param models the new models @return the copy */
    public KeyChanges withModels(Set<String> models) {
        return new KeyChanges(alias, models, routes, expiresAt, metadata, blocked);
    }

    /** @param routes the new routes @return the copy */
    public KeyChanges withRoutes(Set<String> routes) {
        return new KeyChanges(alias, models, routes, expiresAt, metadata, blocked);
    }

    /** @param expiresAt the new expiry, or null for never @return the copy */
    public KeyChanges withExpiresAt(@Nullable Instant expiresAt) {
        return new KeyChanges(alias, models, routes, expiresAt, metadata, blocked);
    }

    /** @param metadata the new labels @return the copy */
    public KeyChanges withMetadata(Map<String, String> metadata) {
        return new KeyChanges(alias, models, routes, expiresAt, metadata, blocked);
    }

    /** @param blocked whether blocked @return the copy */
    public KeyChanges withBlocked(boolean blocked) {
        return new KeyChanges(alias, models, routes, expiresAt, metadata, blocked);
    }

    VirtualKey applyTo(VirtualKey key, Instant now) {
        return key.toBuilder().alias(alias).allowedModels(models).allowedRoutes(routes).expiresAt(expiresAt)
                .metadata(metadata).blocked(blocked).updatedAt(now).build();
    }
}
