package dev.ditto.control.tenancy;

import dev.ditto.control.ConflictException;
import dev.ditto.control.NotFoundException;
import dev.ditto.control.Page;
import dev.ditto.control.PageRequest;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Stores projects (LiteLLM's teams). Thread-safe; each call is its own transaction unless
 * made inside {@link dev.ditto.control.ControlStore#inTransaction}.
 */
public interface ProjectStore {

    /**
     * Stores a new project.
     *
     * @param project the project
     * @return the project as stored
     * @throws ConflictException if the id exists or the tenant does not
     */
    Project create(Project project);

    /**
     * Finds a project.
     *
     * @param id the id
     * @return the project, or empty
     */
    Optional<Project> get(String id);

    /**
     * Replaces a project's alias and metadata (its tenant never changes).
     *
     * @param project the new state
     * @return the project as stored
     * @throws NotFoundException if no project has that id
     */
    Project update(Project project);

    /**
     * Deletes a project.
     *
     * @param id the id
     * @return true if it existed
     * @throws ConflictException if keys still belong to it
     */
    boolean delete(String id);

    /**
     * Lists projects by id.
     *
     * @param tenantId only this tenant's projects, or null for every project
     * @param page where to start and how many
     * @return the page
     */
    Page<Project> list(@Nullable String tenantId, PageRequest page);
}
