package dev.ditto.control;

import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Who is calling, as the {@link Authenticator} resolved it: the virtual key and the scopes it
 * belongs to. Limits, budgets and the spend log are kept per scope.
 *
 * @param keyId the key's stable id (never the key itself); {@value #ANONYMOUS} when the gateway
 *     runs without keys, {@value #MASTER} for the master key
 * @param keyAlias the key's human name, if it has one
 * @param userId the user the key belongs to, if any
 * @param projectId the project (LiteLLM's team) the key belongs to, if any
 * @param tenantId the tenant, if any
 * @param allowedModels the model groups the key may call; empty means all
 * @param metadata free-form labels carried to the spend log
 */
public record Caller(String keyId, @Nullable String keyAlias, @Nullable String userId, @Nullable String projectId,
        @Nullable String tenantId, Set<String> allowedModels, Map<String, String> metadata) {

    /** The key id of requests to a gateway that has no keys configured. */
    public static final String ANONYMOUS = "anonymous";
    /** The key id of requests made with the master key. */
    public static final String MASTER = "master";

    /** Copies the collections. */
    public Caller {
        allowedModels = Set.copyOf(allowedModels);
        metadata = Map.copyOf(metadata);
    }

    /**
     * Returns the caller of a gateway without keys.
     *
     * @return the anonymous caller, allowed every model
     */
    public static Caller anonymous() {
        return new Caller(ANONYMOUS, null, null, null, null, Set.of(), Map.of());
    }

    /**
     * Returns the caller holding the master key.
     *
     * @return the master caller, allowed every model
     */
    public static Caller master() {
        return new Caller(MASTER, "master key", null, null, null, Set.of(), Map.of());
    }

    /**
     * Tells whether the key may call a model group.
     *
     * @param modelGroup the model name the client asked for
     * @return true if allowed
     */
    public boolean mayUse(String modelGroup) {
        return allowedModels.isEmpty() || allowedModels.contains(modelGroup);
    }
}
