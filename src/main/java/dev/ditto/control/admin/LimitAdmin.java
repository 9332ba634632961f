package dev.ditto.control.admin;

import dev.ditto.control.AccessDeniedException;
import dev.ditto.control.IdGenerator;
import dev.ditto.control.NotFoundException;
import dev.ditto.control.Page;
import dev.ditto.control.PageRequest;
import dev.ditto.control.Scope;
import dev.ditto.control.ScopeFilter;
import dev.ditto.control.limits.LimitDefinition;
import java.time.Instant;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Rate limits of keys, users, projects and tenants. A limit belongs to its scope's tenant:
 * only administrators of that tenant (or global ones) see and change it. A change is announced
 * after its commit ({@link dev.ditto.control.Invalidations}), so it applies to the next request
 * on every replica. Thread-safe.
 */
public final class LimitAdmin {

    private final AdminContext context;

    LimitAdmin(AdminContext context) {
        this.context = context;
    }

    /**
     * Creates a limit.
     *
     * @param call who asks
     * @param scope whose requests it counts; the scope's record must exist
     * @param spec the numbers, model, route group and algorithm
     * @return the limit as stored
     * @throws InvalidFieldException if the scope's record does not exist
     * @throws AccessDeniedException 403 if the caller may not write the scope's tenant
     */
    public LimitDefinition create(AdminCall call, Scope scope, LimitSpec spec) {
        LimitDefinition changed = context.write(tx -> {
            String tenant = context.tenantOf(tx, scope, "scope");
            call.principal().requireWrite(tenant);
            Instant now = context.now();
            LimitDefinition created = tx.limits().create(definition(context.nextId(IdGenerator.LIMIT), scope, tenant,
                    spec, now, now));
            context.audit(tx, call, "limit.create", "limit", created.id(), tenant, null, Snapshots.limit(created));
            return created;
        });
        context.quotasChanged(changed.scope());
        return changed;
    }

    /**
     * Reads a limit.
     *
     * @param call who asks
     * @param id the limit
     * @return the limit
     * @throws NotFoundException if it does not exist
     * @throws AccessDeniedException 403 if it belongs to a tenant the caller may not read
     */
    public LimitDefinition get(AdminCall call, String id) {
        LimitDefinition limit = context.store().limits().get(id).orElseThrow(() -> new NotFoundException("limit", id));
        call.principal().requireRead(limit.tenantId());
        return limit;
    }

    /**
     * Changes a limit's numbers, model, route group or algorithm.
     *
     * @param call who asks
     * @param id the limit
     * @param change the new spec from the current one
     * @return the limit as stored
     * @throws NotFoundException if it does not exist
     * @throws AccessDeniedException 403 if the caller may not write its tenant
     */
    public LimitDefinition update(AdminCall call, String id, UnaryOperator<LimitSpec> change) {
        LimitDefinition changed = context.write(tx -> {
            LimitDefinition before = tx.limits().get(id).orElseThrow(() -> new NotFoundException("limit", id));
            call.principal().requireWrite(before.tenantId());
            LimitSpec spec = change.apply(LimitSpec.of(before));
            LimitDefinition updated = tx.limits().update(definition(id, before.scope(), before.tenantId(), spec,
                    before.createdAt(), context.now()));
            context.audit(tx, call, "limit.update", "limit", id, before.tenantId(), Snapshots.limit(before),
                    Snapshots.limit(updated));
            return updated;
        });
        context.quotasChanged(changed.scope());
        return changed;
    }

    /**
     * Deletes a limit.
     *
     * @param call who asks
     * @param id the limit
     * @return the limit as it was
     * @throws NotFoundException if it does not exist
     * @throws AccessDeniedException 403 if the caller may not write its tenant
     */
    public LimitDefinition delete(AdminCall call, String id) {
        LimitDefinition changed = context.write(tx -> {
            LimitDefinition before = tx.limits().get(id).orElseThrow(() -> new NotFoundException("limit", id));
            call.principal().requireWrite(before.tenantId());
            tx.limits().delete(id);
            context.audit(tx, call, "limit.delete", "limit", id, before.tenantId(), Snapshots.limit(before), null);
            return before;
        });
        context.quotasChanged(changed.scope());
        return changed;
    }

    /**
     * Lists limits.
     *
     * @param call who asks
     * @param filter which limits; without a tenant it needs a global role
     * @param page where to start and how many
     * @return the page
     * @throws AccessDeniedException 403 if the caller may not read that tenant, or lists all without a global role
     */
    public Page<LimitDefinition> list(AdminCall call, ScopeFilter filter, PageRequest page) {
        Listing.check(call, filter.tenantId());
        return context.store().limits().list(filter, page);
    }

    private static LimitDefinition definition(String id, Scope scope, @Nullable String tenant, LimitSpec spec, Instant created,
            Instant updated) {
        return new LimitDefinition(id, scope, tenant, spec.rpm(), spec.tpm(), spec.maxParallel(), spec.model(),
                spec.routeGroup(), spec.algorithm(), created, updated);
    }
}
