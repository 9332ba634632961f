package dev.ditto.control;

import java.util.LinkedHashSet;
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
 * @param allowedRoutes the route groups the key may call, such as {@code /v1/chat/completions}
 *     (LiteLLM's {@code /chat/completions} is read as the same); empty means all
 * @param metadata free-form labels carried to the spend log
 */
public record Caller(String keyId, @Nullable String keyAlias, @Nullable String userId, @Nullable String projectId,
        @Nullable String tenantId, Set<String> allowedModels, Set<String> allowedRoutes, Map<String, String> metadata) {

    /** The key id of requests to a gateway that has no keys configured. */
    public static final String ANONYMOUS = "anonymous";
    /** The key id of requests made with the master key. */
    public static final String MASTER = "master";

    private static final String API_PREFIX = "/v1";

    /** Copies the collections; route groups are written with the {@code /v1} prefix. */
    public Caller {
        allowedModels = Set.copyOf(allowedModels);
        Set<String> routes = new LinkedHashSet<>();
        for (String route : allowedRoutes) {
            routes.add(withApiPrefix(route));
        }
        allowedRoutes = Set.copyOf(routes);
        metadata = Map.copyOf(metadata);
    }

    /**
     * Returns the caller of a gateway without keys.
     *
     * @return the anonymous caller, allowed every model and route
     */
    public static Caller anonymous() {
        return new Caller(ANONYMOUS, null, null, null, null, Set.of(), Set.of(), Map.of());
    }

    /**
     * Returns the caller holding the master key.
     *
     * @return the master caller, allowed every model and route
     */
    public static Caller master() {
        return new Caller(MASTER, "master key", null, null, null, Set.of(), Set.of(), Map.of());
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

    /**
     * Tells whether the key may call a route: the route is one of the allowed route groups or
     * lies under one ({@code /v1/models} allows {@code /v1/models/gpt-4o}).
     *
     * @param route the request's route, such as {@code /v1/chat/completions}
     * @return true if allowed
     */
    public boolean mayCall(String route) {
        if (allowedRoutes.isEmpty()) {
            return true;
        }
        String normalized = withApiPrefix(route);
        for (String allowed : allowedRoutes) {
            if (normalized.equals(allowed) || normalized.startsWith(allowed.endsWith("/") ? allowed : allowed + "/")) {
                return true;
            }
        }
        return false;
    }

    private static String withApiPrefix(String route) {
        String path = route.startsWith("/") ? route : "/" + route;
        return path.equals(API_PREFIX) || path.startsWith(API_PREFIX + "/") ? path : API_PREFIX + path;
    }
}
