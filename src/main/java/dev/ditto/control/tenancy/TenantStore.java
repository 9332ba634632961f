package dev.ditto.control.tenancy;

import dev.ditto.control.ConflictException;
import dev.ditto.control.NotFoundException;
import dev.ditto.control.Page;
import dev.ditto.control.PageRequest;
import java.util.Optional;

/**
 * Stores tenants. Thread-safe; each call is its own transaction unless made inside
 * {@link dev.ditto.control.ControlStore#inTransaction}.
 */
public interface TenantStore {

    /**
     * Stores a new tenant.
     *
     * @param tenant the tenant
     * @return the tenant as stored
     * @throws ConflictException if a tenant with that id exists
     */
    Tenant create(Tenant tenant);

    /**
     * Finds a tenant.
     *
     * @param id the id
     * @return the tenant, or empty
     */
    Optional<Tenant> get(String id);

    /**
     * Replaces a tenant's fields (all but its id and creation time).
     *
     * @param tenant the new state
     * @return the tenant as stored
     * @throws NotFoundException if no tenant has that id
     */
    Tenant update(Tenant tenant);

    /**
     * Deletes a tenant.
     *
     * @param id the id
     * @return true if it existed
     * @throws ConflictException if projects, users or keys still belong to it
     */
    boolean delete(String id);

    /**
     * Lists tenants by id (which is creation order for generated ids).
     *
     * @param page where to start and how many
     * @return the page
     */
    Page<Tenant> list(PageRequest page);
}
