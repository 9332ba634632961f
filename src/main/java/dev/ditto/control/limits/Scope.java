package dev.ditto.control.limits;

import dev.ditto.control.Caller;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whose quota a counter or a budget belongs to: a virtual key, a user, a project (LiteLLM's
 * team) or a tenant, by id. Ids are namespaced by the caller's tenant in the stores, so the same
 * user id in two tenants is two scopes.
 *
 * @param kind what the id names
 * @param id the id
 */
public record Scope(Kind kind, String id) {

    /** What a scope id names, narrowest first. */
    public enum Kind {
        /** A virtual key. */
        KEY,
        /** The user a key belongs to. */
        USER,
        /** The project (LiteLLM's team) a key belongs to. */
        PROJECT,
        /** The tenant. */
        TENANT;

        /**
         * Returns the name used in configuration, keys and messages.
         *
         * @return {@code key}, {@code user}, {@code project} or {@code tenant}
         */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Rejects a blank id. */
    public Scope {
        if (id.isBlank()) {
            throw new IllegalArgumentException("a " + kind.label() + " scope needs an id");
        }
    }

    /**
     * Returns the scopes a caller belongs to, narrowest first: its key always, then its user,
     * project and tenant when it has them.
     *
     * @param caller the caller
     * @return the scopes
     */
    public static List<Scope> of(Caller caller) {
        List<Scope> scopes = new ArrayList<>(4);
        scopes.add(new Scope(Kind.KEY, caller.keyId()));
        if (caller.userId() != null && !caller.userId().isBlank()) {
            scopes.add(new Scope(Kind.USER, caller.userId()));
        }
        if (caller.projectId() != null && !caller.projectId().isBlank()) {
            scopes.add(new Scope(Kind.PROJECT, caller.projectId()));
        }
        if (caller.tenantId() != null && !caller.tenantId().isBlank()) {
            scopes.add(new Scope(Kind.TENANT, caller.tenantId()));
        }
        return scopes;
    }

    @Override
    public String toString() {
        return kind.label() + " " + id;
    }
}
