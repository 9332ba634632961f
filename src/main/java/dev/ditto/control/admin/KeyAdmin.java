package dev.ditto.control.admin;

import dev.ditto.control.AccessDeniedException;
import dev.ditto.control.ControlStore;
import dev.ditto.control.IdGenerator;
import dev.ditto.control.NotFoundException;
import dev.ditto.control.Page;
import dev.ditto.control.PageRequest;
import dev.ditto.control.keys.GeneratedKey;
import dev.ditto.control.keys.KeyFilter;
import dev.ditto.control.keys.KeyGenerator;
import dev.ditto.control.keys.VirtualKey;
import dev.ditto.control.tenancy.Project;
import dev.ditto.control.tenancy.User;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Virtual keys: issue (the secret is returned once), read, change, rotate with a grace period,
 * block, unblock and delete, each within the caller's reach. A key's project and user must
 * belong to the key's tenant. Every change is announced to the key caches of every replica
 * after it commits, so a blocked, rotated or deleted key stops working at once. Thread-safe.
 */
public final class KeyAdmin {

    /** The longest grace period a rotation may give the old key. */
    public static final Duration MAX_GRACE_PERIOD = Duration.ofDays(30);
    /** The shortest key a caller may bring (LiteLLM's own are 25 characters). */
    public static final int MIN_IMPORTED_LENGTH = 20;

    private final AdminContext context;

    KeyAdmin(AdminContext context) {
        this.context = context;
    }

    /**
     * Issues a key.
     *
     * @param call who asks
     * @param spec the owners and restrictions
     * @return the key and its secret, to show once
     * @throws AccessDeniedException 403 if the key's tenant, project or user is out of the caller's reach
     * @throws InvalidFieldException if an owner does not exist, or the project or user belongs to another tenant
     */
    public IssuedKey create(AdminCall call, NewKey spec) {
        return create(call, spec, null);
    }

    /**
     * Issues a key, optionally with a secret chosen by the caller: a key kept from LiteLLM,
     * whose stored SHA-256 hash is the same in both.
     *
     * @param call who asks
     * @param spec the owners and restrictions
     * @param secret the whole key, starting with {@value KeyGenerator#PREFIX}; null to generate one
     * @return the key and its secret
     * @throws AccessDeniedException 403 if the key's tenant, project or user is out of the caller's reach
     * @throws InvalidFieldException if an owner does not exist or is in another tenant, or the secret is malformed
     * @throws dev.ditto.control.ConflictException if a key with that secret exists
     */
    public IssuedKey create(AdminCall call, NewKey spec, @Nullable String secret) {
        GeneratedKey generated = secret == null ? context.keys().generate() : imported(secret);
        Instant now = context.now();
        VirtualKey key = context.write(tx -> {
            String tenant = ownerTenant(tx, call, spec);
            VirtualKey created = tx.keys().create(VirtualKey.builder(context.nextId(IdGenerator.KEY), generated.hash())
                    .alias(spec.alias()).displayPrefix(generated.displayPrefix()).tenantId(tenant)
                    .projectId(spec.projectId()).userId(spec.userId()).allowedModels(spec.models())
                    .allowedRoutes(spec.routes()).expiresAt(spec.expiresAt()).metadata(spec.metadata())
                    .blocked(spec.blocked()).created(now).build());
            context.audit(tx, call, "key.create", "key", created.id(), tenant, null, Snapshots.key(created));
            return created;
        });
        // A node may hold the new hash in its cache of unknown keys (someone tried it a moment ago).
        context.invalidate(List.of(key.tokenHash()));
        return new IssuedKey(key, generated.secret());
    }

    /**
     * Reads a key.
     *
     * @param call who asks
     * @param id the key's id
     * @return the key
     * @throws NotFoundException if it does not exist
     * @throws AccessDeniedException 403 if it belongs to a tenant the caller may not read
     */
    public VirtualKey get(AdminCall call, String id) {
        VirtualKey key = context.store().keys().get(id).orElseThrow(() -> new NotFoundException("key", id));
        call.principal().requireRead(key.tenantId());
        return key;
    }

    /**
     * Finds a key by its secret (as LiteLLM's {@code /key/info?key=sk-...} does) or by its id.
     *
     * @param call who asks
     * @param keyOrId the whole key ({@code sk-...}) or the key's id
     * @return the key
     * @throws NotFoundException if no key matches
     * @throws AccessDeniedException 403 if it belongs to a tenant the caller may not read
     */
    public VirtualKey find(AdminCall call, String keyOrId) {
        VirtualKey key = (keyOrId.startsWith(KeyGenerator.PREFIX)
                ? context.store().keys().findByHash(context.hasher().hash(keyOrId))
                : context.store().keys().get(keyOrId))
                .orElseThrow(() -> new NotFoundException("key", keyOrId.startsWith(KeyGenerator.PREFIX)
                        ? KeyGenerator.displayPrefix(keyOrId) : keyOrId));
        call.principal().requireRead(key.tenantId());
        return key;
    }

    /**
     * Changes a key's alias, models, routes, expiry, metadata or block.
     *
     * @param call who asks
     * @param id the key's id
     * @param change the new fields from the current ones
     * @return the key as stored
     * @throws NotFoundException if it does not exist
     * @throws AccessDeniedException 403 if the caller may not write its tenant
     */
    public VirtualKey update(AdminCall call, String id, UnaryOperator<KeyChanges> change) {
        return change(call, id, "key.update", key -> change.apply(KeyChanges.of(key)).applyTo(key, context.now()));
    }

    /**
     * Blocks or unblocks a key.
     *
     * @param call who asks
     * @param id the key's id
     * @param blocked true to block
     * @return the key as stored
     * @throws NotFoundException if it does not exist
     * @throws AccessDeniedException 403 if the caller may not write its tenant
     */
    public VirtualKey setBlocked(AdminCall call, String id, boolean blocked) {
        return change(call, id, blocked ? "key.block" : "key.unblock",
                key -> key.toBuilder().blocked(blocked).updatedAt(context.now()).build());
    }

    /**
     * Gives a key a new secret; the old one keeps working for the grace period.
     *
     * @param call who asks
     * @param id the key's id
     * @param grace how long the old secret still works; zero to stop it at once
     * @return the key and its new secret, to show once
     * @throws InvalidFieldException if the grace period is negative or over {@link #MAX_GRACE_PERIOD}
     * @throws NotFoundException if it does not exist
     * @throws AccessDeniedException 403 if the caller may not write its tenant
     */
    public IssuedKey rotate(AdminCall call, String id, Duration grace) {
        if (grace.isNegative() || grace.compareTo(MAX_GRACE_PERIOD) > 0) {
            throw new InvalidFieldException("grace_period_seconds", "the grace period must be between 0 and "
                    + MAX_GRACE_PERIOD.getSeconds() + " seconds, got " + grace.getSeconds());
        }
        GeneratedKey generated = context.keys().generate();
        VirtualKey rotated = change(call, id, "key.rotate", key -> {
            Instant now = context.now();
            return key.rotated(generated.hash(), generated.displayPrefix(), now.plus(grace), now);
        });
        return new IssuedKey(rotated, generated.secret());
    }

    /**
     * Deletes a key; it stops working at once.
     *
     * @param call who asks
     * @param id the key's id
     * @return the key as it was
     * @throws NotFoundException if it does not exist
     * @throws AccessDeniedException 403 if the caller may not write its tenant
     */
    public VirtualKey delete(AdminCall call, String id) {
        VirtualKey deleted = context.write(tx -> {
            VirtualKey before = tx.keys().get(id).orElseThrow(() -> new NotFoundException("key", id));
            call.principal().requireWrite(before.tenantId());
            tx.keys().delete(id);
            context.audit(tx, call, "key.delete", "key", id, before.tenantId(), Snapshots.key(before), null);
            return before;
        });
        context.invalidate(Arrays.asList(deleted.tokenHash(), deleted.previousHash()));
        return deleted;
    }

    /**
     * Lists keys.
     *
     * @param call who asks
     * @param filter which keys; without a tenant it needs a global role
     * @param page where to start and how many
     * @return the page
     * @throws AccessDeniedException 403 if the caller may not read that tenant, or lists all without a global role
     */
    public Page<VirtualKey> list(AdminCall call, KeyFilter filter, PageRequest page) {
        Listing.check(call, filter.tenantId());
        return context.store().keys().list(filter, page);
    }

    private GeneratedKey imported(String secret) {
        if (!secret.startsWith(KeyGenerator.PREFIX) || secret.length() < MIN_IMPORTED_LENGTH || secret.length() > 256
                || secret.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            throw new InvalidFieldException("key", "a key given to keep must start with " + KeyGenerator.PREFIX
                    + ", have " + MIN_IMPORTED_LENGTH + " to 256 printable characters and no spaces");
        }
        return new GeneratedKey(secret, context.hasher().hash(secret), KeyGenerator.displayPrefix(secret));
    }

    private VirtualKey change(AdminCall call, String id, String action, UnaryOperator<VirtualKey> change) {
        VirtualKey[] before = new VirtualKey[1];
        VirtualKey updated = context.write(tx -> {
            before[0] = tx.keys().get(id).orElseThrow(() -> new NotFoundException("key", id));
            call.principal().requireWrite(before[0].tenantId());
            VirtualKey after = tx.keys().update(change.apply(before[0]));
            context.audit(tx, call, action, "key", id, after.tenantId(), Snapshots.key(before[0]), Snapshots.key(after));
            return after;
        });
        // Old and new hashes: caches may hold the key under either, or the new one as unknown.
        context.invalidate(Arrays.asList(before[0].tokenHash(), before[0].previousHash(), updated.tokenHash(),
                updated.previousHash()));
        return updated;
    }

    /**
     * Resolves the key's tenant from what the request names, checking that every owner is in
     * the caller's reach and in the same tenant. Checks reach before existence, so a tenant
     * administrator learns nothing about another tenant's records.
     */
    private @Nullable String ownerTenant(ControlStore tx, AdminCall call, NewKey spec) {
        if (spec.tenantId() != null) {
            call.principal().requireWrite(spec.tenantId());
        }
        Project project = spec.projectId() == null ? null : context.project(tx, spec.projectId(), "project_id");
        User user = spec.userId() == null ? null : context.user(tx, spec.userId(), "user_id");
        if (project != null) {
            call.principal().requireWrite(project.tenantId());
        }
        if (user != null) {
            call.principal().requireWrite(user.tenantId());
        }
        String tenant = spec.tenantId() != null ? spec.tenantId()
                : project != null ? project.tenantId()
                : user != null ? user.tenantId()
                : call.principal().tenantId();
        call.principal().requireWrite(tenant);
        if (project != null && !AdminContext.sameTenant(project.tenantId(), tenant)) {
            throw new InvalidFieldException("project_id", "project '" + project.id() + "' belongs to another tenant "
                    + "than the key ('" + tenant + "')");
        }
        if (user != null && !AdminContext.sameTenant(user.tenantId(), tenant)) {
            throw new InvalidFieldException("user_id", "user '" + user.id() + "' belongs to another tenant than the "
                    + "key ('" + tenant + "')");
        }
        context.requireTenant(tx, tenant, "tenant_id");
        return tenant;
    }
}
