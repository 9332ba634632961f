package dev.ditto.control.admin;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a new key is to be: its owners and restrictions. The tenant may be left out when a
 * project or user implies it, or when a tenant administrator asks (its own tenant). Immutable.
 *
 * @param tenantId the tenant, or null to take it from the project, the user or the caller
 * @param projectId the project (LiteLLM's team), or null
 * @param userId the user, or null
 * @param alias a human name (LiteLLM's {@code key_alias}), or null
 * @param models the model groups it may call; empty means all
 * @param routes the route groups it may call; empty means all
 * @param expiresAt when it stops working, or null for never
 * @param metadata free-form labels
 * @param blocked whether it starts blocked
 */
public record NewKey(@Nullable String tenantId, @Nullable String projectId, @Nullable String userId,
        @Nullable String alias, Set<String> models, Set<String> routes, @Nullable Instant expiresAt,
        Map<String, String> metadata, boolean blocked) {

    /** Copies the collections. */
    public NewKey {
        models = Set.copyOf(models);
        routes = Set.copyOf(routes);
        metadata = Map.copyOf(metadata);
    }
}
