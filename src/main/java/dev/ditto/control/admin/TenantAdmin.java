package dev.ditto.control.admin;

import dev.ditto.control.AccessDeniedException;
import dev.ditto.control.ConflictException;
import dev.ditto.control.IdGenerator;
import dev.ditto.control.NotFoundException;
import dev.ditto.control.Page;
import dev.ditto.control.PageRequest;
import dev.ditto.control.tenancy.Tenant;
import java.time.Instant;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Tenants: created, deleted and listed by global administrators; read and renamed by their own
 * tenant's administrators too. A tenant-scoped caller naming another tenant gets 403 whether
 * or not that tenant exists. Thread-safe.
 */
public final class TenantAdmin {

    private final AdminContext context;

    TenantAdmin(AdminContext context) {
        this.context = context;
    }

    /**
     * Creates a tenant.
     *
     * @param call who asks (a global administrator)
     * @param id the id to use, or null for a generated {@code ten_...}
     * @param name the human name
     * @param metadata free-form labels
     * @return the tenant as stored
     * @throws AccessDeniedException 403 for any other caller
     * @throws ConflictException if the id exists
     */
    public Tenant create(AdminCall call, @Nullable String id, String name, Map<String, String> metadata) {
        call.principal().requireGlobal(true);
        Instant now = context.now();
        Tenant tenant = new Tenant(id != null ? id : context.nextId(IdGenerator.TENANT), name, metadata, now, now);
        return context.write(tx -> {
            Tenant created = tx.tenants().create(tenant);
            context.audit(tx, call, "tenant.create", "tenant", created.id(), created.id(), null,
                    Snapshots.tenant(created));
            return created;
        });
    }

    /**
     * Reads a tenant.
     *
     * @param call who asks
     * @param id the tenant
     * @return the tenant
     * @throws AccessDeniedException 403 if the caller may not read it
     * @throws NotFoundException if it does not exist
     */
    public Tenant get(AdminCall call, String id) {
        call.principal().requireRead(id);
        return context.store().tenants().get(id).orElseThrow(() -> new NotFoundException("tenant", id));
    }

    /**
     * Changes a tenant's name and metadata.
     *
     * @param call who asks
     * @param id the tenant
     * @param change the new state from the current one (only name and metadata are kept)
     * @return the tenant as stored
     * @throws AccessDeniedException 403 if the caller may not change it
     * @throws NotFoundException if it does not exist
     */
    public Tenant update(AdminCall call, String id, UnaryOperator<Tenant> change) {
        call.principal().requireWrite(id);
        return context.write(tx -> {
            Tenant before = tx.tenants().get(id).orElseThrow(() -> new NotFoundException("tenant", id));
            Tenant changed = change.apply(before);
            Instant now = context.now();
            Tenant updated = tx.tenants().update(before.withName(changed.name(), now).withMetadata(changed.metadata(), now));
            context.audit(tx, call, "tenant.update", "tenant", id, id, Snapshots.tenant(before), Snapshots.tenant(updated));
            return updated;
        });
    }

    /**
     * Deletes a tenant that owns nothing any more.
     *
     * @param call who asks (a global administrator)
     * @param id the tenant
     * @return the tenant as it was
     * @throws AccessDeniedException 403 for any other caller
     * @throws NotFoundException if it does not exist
     * @throws ConflictException if projects, users or keys still belong to it
     */
    public Tenant delete(AdminCall call, String id) {
        call.principal().requireGlobal(true);
        return context.write(tx -> {
            Tenant before = tx.tenants().get(id).orElseThrow(() -> new NotFoundException("tenant", id));
            tx.tenants().delete(id);
            context.audit(tx, call, "tenant.delete", "tenant", id, id, Snapshots.tenant(before), null);
            return before;
        });
    }

    /**
     * Lists every tenant.
     *
     * @param call who asks (a global role)
     * @param page where to start and how many
     * @return the page
     * @throws AccessDeniedException 403 for a tenant-scoped caller
     */
    public Page<Tenant> list(AdminCall call, PageRequest page) {
        call.principal().requireGlobal(false);
        return context.store().tenants().list(page);
    }
}
