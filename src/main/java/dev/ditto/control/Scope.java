package dev.ditto.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Something limits, budgets and ledgers are kept for: a key, a user, a project or a tenant,
 * named by its id. Immutable.
 *
 * @param kind what kind of owner
 * @param id the owner's id
 */
public record Scope(Kind kind, String id) {

    /** The kinds of scopes, narrowest first. */
    public enum Kind {
        /** A virtual key. */
        KEY,
        /** A user. */
        USER,
        /** A project (LiteLLM's team). */
        PROJECT,
        /** A tenant. */
        TENANT;

        /**
         * Returns the name used in the database and on the wire.
         *
         * @return such as {@code key}
         */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * Parses a wire name.
         *
         * @param wireName such as {@code project}, any case
         * @return the kind
         * @throws IllegalArgumentException if no kind has that name, naming the four that exist
         */
        public static Kind ofWireName(String wireName) {
            for (Kind kind : values()) {
                if (kind.wireName().equalsIgnoreCase(wireName)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("scope kind must be key, user, project or tenant, got '" + wireName + "'");
        }
    }

    /** Checks the id. */
    public Scope {
        Objects.requireNonNull(kind, "kind");
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("scope id must not be empty");
        }
    }

    /**
     * Returns the scope of a key.
     *
     * @param keyId the key's id
     * @return the scope
     */
    public static Scope key(String keyId) {
        return new Scope(Kind.KEY, keyId);
    }

    /**
     * Returns the scope of a user.
     *
     * @param userId the user's id
     * @return the scope
     */
    public static Scope user(String userId) {
        return new Scope(Kind.USER, userId);
    }

    /**
     * Returns the scope of a project.
     *
     * @param projectId the project's id
     * @return the scope
     */
    public static Scope project(String projectId) {
        return new Scope(Kind.PROJECT, projectId);
    }

    /**
     * Returns the scope of a tenant.
     *
     * @param tenantId the tenant's id
     * @return the scope
     */
    public static Scope tenant(String tenantId) {
        return new Scope(Kind.TENANT, tenantId);
    }

    /**
     * Returns the scopes a caller belongs to, narrowest first: its key always, then its user,
     * project and tenant when it has them. Limits and budgets apply per scope; the quota stores
     * namespace the ids by the caller's tenant, so the same user id in two tenants is two scopes.
     *
     * @param caller the caller
     * @return the scopes
     */
    public static List<Scope> of(Caller caller) {
        List<Scope> scopes = new ArrayList<>(4);
        scopes.add(key(caller.keyId()));
        if (caller.userId() != null && !caller.userId().isBlank()) {
            scopes.add(user(caller.userId()));
        }
        if (caller.projectId() != null && !caller.projectId().isBlank()) {
            scopes.add(project(caller.projectId()));
        }
        if (caller.tenantId() != null && !caller.tenantId().isBlank()) {
            scopes.add(tenant(caller.tenantId()));
        }
        return scopes;
    }

    /**
     * Parses the text form {@code kind:id}.
     *
     * @param text such as {@code key:key_01j...}
     * @return the scope
     * @throws IllegalArgumentException if the text has no colon or an unknown kind
     */
    public static Scope parse(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("a scope is written kind:id, got '" + text + "'");
        }
        return new Scope(Kind.ofWireName(text.substring(0, colon)), text.substring(colon + 1));
    }

    /** @return {@code kind:id}, the form {@link #parse(String)} reads */
    @Override
    public String toString() {
        return kind.wireName() + ":" + id;
    }
}
