package dev.ditto.control.admin;

import dev.ditto.control.ControlStore;
import dev.ditto.control.IdGenerator;
import dev.ditto.control.Invalidations;
import dev.ditto.control.Scope;
import dev.ditto.control.audit.AuditRecord;
import dev.ditto.control.keys.KeyGenerator;
import dev.ditto.control.keys.KeyHasher;
import dev.ditto.control.tenancy.Project;
import dev.ditto.control.tenancy.Tenant;
import dev.ditto.control.tenancy.User;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What every admin operation shares: the store (bound to a transaction inside
 * {@link Administration#inTransaction}), ids, time, the key generator, and the announcements
 * of changed keys and quotas, which wait for the outermost commit: a replica told to forget a
 * record before the change is committed could read the old row again and cache it for a whole
 * TTL.
 */
final class AdminContext {

    private final ControlStore store;
    private final KeyHasher hasher;
    private final KeyGenerator keys;
    private final Invalidations invalidations;
    private final Clock clock;
    private final IdGenerator ids;
    private final @Nullable List<Runnable> pendingInvalidations;

    AdminContext(ControlStore store, KeyHasher hasher, KeyGenerator keys, Invalidations invalidations, Clock clock,
            IdGenerator ids, @Nullable List<Runnable> pendingInvalidations) {
        this.store = store;
        this.hasher = hasher;
        this.keys = keys;
        this.invalidations = invalidations;
        this.clock = clock;
        this.ids = ids;
        this.pendingInvalidations = pendingInvalidations;
    }

    /** The same context on a store bound to a transaction, collecting announcements in {@code pending}. */
    AdminContext bound(ControlStore tx, List<Runnable> pending) {
        return new AdminContext(tx, hasher, keys, invalidations, clock, ids, pending);
    }

    boolean inUnitOfWork() {
        return pendingInvalidations != null;
    }

    ControlStore store() {
        return store;
    }

    KeyGenerator keys() {
        return keys;
    }

    KeyHasher hasher() {
        return hasher;
    }

    Invalidations invalidations() {
        return invalidations;
    }

    Clock clock() {
        return clock;
    }

    Instant now() {
        return clock.instant();
    }

    String nextId(String prefix) {
        return ids.next(prefix);
    }

    /** Runs a write in a transaction (joining the unit of work, if any). */
    <T> T write(Function<ControlStore, T> work) {
        return store.inTransaction(work::apply);
    }

    /**
     * Tells every key cache to forget these hashes: now, when not in a unit of work (the write
     * has committed), else after the unit of work commits.
     */
    void invalidate(Collection<@Nullable String> hashes) {
        for (String hash : hashes) {
            if (hash != null) {
                announce(() -> invalidations.keyChanged(hash));
            }
        }
    }

    /**
     * Tells every quota cache to forget a scope's stored limits and budgets: now, when not in a
     * unit of work (the write has committed), else after the unit of work commits.
     */
    void quotasChanged(Scope scope) {
        announce(() -> invalidations.quotasChanged(scope));
    }

    private void announce(Runnable announcement) {
        if (pendingInvalidations != null) {
            pendingInvalidations.add(announcement);
        } else {
            announcement.run();
        }
    }

    /**
     * Appends the audit record of a write, in the write's transaction.
     *
     * @param tx the write's stores
     * @param call who and from where
     * @param action such as {@code key.create}
     * @param targetType such as {@code key}
     * @param targetId the record's id
     * @param tenantId the record's tenant, if any
     * @param before the redacted record before, or null for a creation
     * @param after the redacted record after, or null for a deletion
     */
    void audit(ControlStore tx, AdminCall call, String action, String targetType, String targetId,
            @Nullable String tenantId, @Nullable String before, @Nullable String after) {
        tx.audit().append(AuditRecord.builder(ids.next(IdGenerator.AUDIT), now())
                .actor(call.principal().actor(), call.principal().role().name().toLowerCase(Locale.ROOT))
                .action(action, targetType, targetId)
                .change(before, after)
                .origin(call.requestId(), call.clientAddress())
                .tenantId(tenantId)
                .build());
    }

    /**
     * Returns the tenant a scope's records belong to, checking that the scope's owner exists.
     *
     * @param tx the stores
     * @param scope the scope
     * @param field the request field that named it, for the error
     * @return the owner's tenant, or null for an owner outside any tenant
     * @throws InvalidFieldException if no such owner exists
     */
    @Nullable String tenantOf(ControlStore tx, Scope scope, String field) {
        String id = scope.id();
        return switch (scope.kind()) {
            case TENANT -> tx.tenants().get(id).map(Tenant::id).orElseThrow(() -> missing(field, scope));
            case PROJECT -> tx.projects().get(id).orElseThrow(() -> missing(field, scope)).tenantId();
            case USER -> tx.users().get(id).orElseThrow(() -> missing(field, scope)).tenantId();
            case KEY -> tx.keys().get(id).orElseThrow(() -> missing(field, scope)).tenantId();
        };
    }

    /**
     * Checks that a tenant named in a request exists.
     *
     * @throws InvalidFieldException if it does not
     */
    void requireTenant(ControlStore tx, @Nullable String tenantId, String field) {
        if (tenantId != null && tx.tenants().get(tenantId).isEmpty()) {
            throw new InvalidFieldException(field, "tenant '" + tenantId + "' does not exist; create it with "
                    + "POST /admin/tenants first");
        }
    }

    /** Finds a project a request names as an owner. */
    Project project(ControlStore tx, String id, String field) {
        return tx.projects().get(id).orElseThrow(() -> new InvalidFieldException(field,
                "project '" + id + "' does not exist"));
    }

    /** Finds a user a request names as an owner. */
    User user(ControlStore tx, String id, String field) {
        return tx.users().get(id).orElseThrow(() -> new InvalidFieldException(field, "user '" + id + "' does not exist"));
    }

    private static InvalidFieldException missing(String field, Scope scope) {
        return new InvalidFieldException(field, scope.kind().wireName() + " '" + scope.id() + "' does not exist");
    }

    static boolean sameTenant(@Nullable String a, @Nullable String b) {
        return Objects.equals(a, b);
    }
}
