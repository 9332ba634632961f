package dev.ditto.control.admin;

import dev.ditto.control.AccessDeniedException;
import dev.ditto.control.ConflictException;
import dev.ditto.control.IdGenerator;
import dev.ditto.control.NotFoundException;
import dev.ditto.control.Page;
import dev.ditto.control.PageRequest;
import dev.ditto.control.tenancy.User;
import java.time.Instant;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Users, within the caller's reach: a tenant administrator works in its own tenant only, and
 * a user it creates without naming a tenant lands there. Thread-safe.
 */
public final class UserAdmin {

    private final AdminContext context;

    UserAdmin(AdminContext context) {
        this.context = context;
    }

    /**
     * Creates a user.
     *
     * @param call who asks
     * @param id the id to use (a LiteLLM {@code user_id}), or null for a generated {@code usr_...}
     * @param tenantId the tenant, or null for the caller's own (none for a global caller)
     * @param email the e-mail address, or null
     * @param alias the human name, or null
     * @param metadata free-form labels
     * @return the user as stored
     * @throws AccessDeniedException 403 if the caller may not write that tenant
     * @throws InvalidFieldException if the tenant does not exist
     * @throws ConflictException if the id exists
     */
    public User create(AdminCall call, @Nullable String id, @Nullable String tenantId, @Nullable String email,
            @Nullable String alias, Map<String, String> metadata) {
        String tenant = tenantId != null ? tenantId : call.principal().tenantId();
        call.principal().requireWrite(tenant);
        Instant now = context.now();
        User user = new User(id != null ? id : context.nextId(IdGenerator.USER), tenant, email, alias, metadata, now, now);
        return context.write(tx -> {
            context.requireTenant(tx, tenant, "tenant_id");
            User created = tx.users().create(user);
            context.audit(tx, call, "user.create", "user", created.id(), tenant, null, Snapshots.user(created));
            return created;
        });
    }

    /**
     * Reads a user.
     *
     * @param call who asks
     * @param id the user
     * @return the user
     * @throws NotFoundException if it does not exist
     * @throws AccessDeniedException 403 if it belongs to a tenant the caller may not read
     */
    public User get(AdminCall call, String id) {
        User user = context.store().users().get(id).orElseThrow(() -> new NotFoundException("user", id));
        call.principal().requireRead(user.tenantId());
        return user;
    }

    /**
     * Changes a user's e-mail, alias and metadata.
     *
     * @param call who asks
     * @param id the user
     * @param change the new state from the current one (only e-mail, alias and metadata are kept)
     * @return the user as stored
     * @throws NotFoundException if it does not exist
     * @throws AccessDeniedException 403 if the caller may not write its tenant
     */
    public User update(AdminCall call, String id, UnaryOperator<User> change) {
        return context.write(tx -> {
            User before = tx.users().get(id).orElseThrow(() -> new NotFoundException("user", id));
            call.principal().requireWrite(before.tenantId());
            User changed = change.apply(before);
            User updated = tx.users().update(before.with(changed.email(), changed.alias(), changed.metadata(),
                    context.now()));
            context.audit(tx, call, "user.update", "user", id, before.tenantId(), Snapshots.user(before),
                    Snapshots.user(updated));
            return updated;
        });
    }

    /**
     * Deletes a user that has no keys any more.
     *
     * @param call who asks
     * @param id the user
     * @return the user as it was
     * @throws NotFoundException if it does not exist
     * @throws AccessDeniedException 403 if the caller may not write its tenant
     * @throws ConflictException if keys still belong to the user
     */
    public User delete(AdminCall call, String id) {
        return context.write(tx -> {
            User before = tx.users().get(id).orElseThrow(() -> new NotFoundException("user", id));
            call.principal().requireWrite(before.tenantId());
            tx.users().delete(id);
            context.audit(tx, call, "user.delete", "user", id, before.tenantId(), Snapshots.user(before), null);
            return before;
        });
    }

    /**
     * Lists users.
     *
     * @param call who asks
     * @param tenantId only this tenant's users; null for every user, which needs a global role
     * @param page where to start and how many
     * @return the page
     * @throws AccessDeniedException 403 if the caller may not read that tenant, or lists all without a global role
     */
    public Page<User> list(AdminCall call, @Nullable String tenantId, PageRequest page) {
        Listing.check(call, tenantId);
        return context.store().users().list(tenantId, page);
    }
}
