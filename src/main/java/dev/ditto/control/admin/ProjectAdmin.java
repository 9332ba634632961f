package dev.ditto.control.admin;

import dev.ditto.control.AccessDeniedException;
import dev.ditto.control.ConflictException;
import dev.ditto.control.IdGenerator;
import dev.ditto.control.NotFoundException;
import dev.ditto.control.Page;
import dev.ditto.control.PageRequest;
import dev.ditto.control.tenancy.Project;
import java.time.Instant;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Projects (LiteLLM's teams), within the caller's reach: a tenant administrator works in its
 * own tenant only, and a project it creates without naming a tenant lands there. Thread-safe.
 */
public final class ProjectAdmin {

    private final AdminContext context;

    ProjectAdmin(AdminContext context) {
        this.context = context;
    }

    /**
     * Creates a project.
     *
     * @param call who asks
     * @param id the id to use (a LiteLLM {@code team_id}), or null for a generated {@code prj_...}
     * @param tenantId the tenant, or null for the caller's own (none for a global caller)
     * @param alias the human name, or null
     * @param metadata free-form labels
     * @return the project as stored
     * @throws AccessDeniedException 403 if the caller may not write that tenant
     * @throws InvalidFieldException if the tenant does not exist
     * @throws ConflictException if the id exists
     */
    public Project create(AdminCall call, @Nullable String id, @Nullable String tenantId, @Nullable String alias,
            Map<String, String> metadata) {
        String tenant = tenantId != null ? tenantId : call.principal().tenantId();
        call.principal().requireWrite(tenant);
        Instant now = context.now();
        Project project = new Project(id != null ? id : context.nextId(IdGenerator.PROJECT), tenant, alias, metadata,
                now, now);
        return context.write(tx -> {
            context.requireTenant(tx, tenant, "tenant_id");
            Project created = tx.projects().create(project);
            context.audit(tx, call, "project.create", "project", created.id(), tenant, null, Snapshots.project(created));
            return created;
        });
    }

    /**
     * Reads a project.
     *
     * @param call who asks
     * @param id the project
     * @return the project
     * @throws NotFoundException if it does not exist
     * @throws AccessDeniedException 403 if it belongs to a tenant the caller may not read
     */
    public Project get(AdminCall call, String id) {
        Project project = context.store().projects().get(id).orElseThrow(() -> new NotFoundException("project", id));
        call.principal().requireRead(project.tenantId());
        return project;
    }

    /**
     * Changes a project's alias and metadata.
     *
     * @param call who asks
     * @param id the project
     * @param change the new state from the current one (only alias and metadata are kept)
     * @return the project as stored
     * @throws NotFoundException if it does not exist
     * @throws AccessDeniedException 403 if the caller may not write its tenant
     */
    public Project update(AdminCall call, String id, UnaryOperator<Project> change) {
        return context.write(tx -> {
            Project before = tx.projects().get(id).orElseThrow(() -> new NotFoundException("project", id));
            call.principal().requireWrite(before.tenantId());
            Project changed = change.apply(before);
            Project updated = tx.projects().update(before.with(changed.alias(), changed.metadata(), context.now()));
            context.audit(tx, call, "project.update", "project", id, before.tenantId(), Snapshots.project(before),
                    Snapshots.project(updated));
            return updated;
        });
    }

    /**
     * Deletes a project that has no keys any more.
     *
     * @param call who asks
     * @param id the project
     * @return the project as it was
     * @throws NotFoundException if it does not exist
     * @throws AccessDeniedException 403 if the caller may not write its tenant
     * @throws ConflictException if keys still belong to it
     */
    public Project delete(AdminCall call, String id) {
        return context.write(tx -> {
            Project before = tx.projects().get(id).orElseThrow(() -> new NotFoundException("project", id));
            call.principal().requireWrite(before.tenantId());
            tx.projects().delete(id);
            context.audit(tx, call, "project.delete", "project", id, before.tenantId(), Snapshots.project(before), null);
            return before;
        });
    }

    /**
     * Lists projects.
     *
     * @param call who asks
     * @param tenantId only this tenant's projects; null for every project, which needs a global role
     * @param page where to start and how many
     * @return the page
     * @throws AccessDeniedException 403 if the caller may not read that tenant, or lists all without a global role
     */
    public Page<Project> list(AdminCall call, @Nullable String tenantId, PageRequest page) {
        Listing.check(call, tenantId);
        return context.store().projects().list(tenantId, page);
    }
}
