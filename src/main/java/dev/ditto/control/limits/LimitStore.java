package dev.ditto.control.limits;

import dev.ditto.control.ConflictException;
import dev.ditto.control.NotFoundException;
import dev.ditto.control.Page;
import dev.ditto.control.PageRequest;
import dev.ditto.control.Scope;
import dev.ditto.control.ScopeFilter;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Stores rate limit definitions. Thread-safe; each call is its own transaction unless made
 * inside {@link dev.ditto.control.ControlStore#inTransaction}.
 */
public interface LimitStore {

    /**
     * Stores a new limit.
     *
     * @param limit the limit
     * @return the limit as stored
     * @throws ConflictException if the id exists
     */
    LimitDefinition create(LimitDefinition limit);

    /**
     * Finds a limit.
     *
     * @param id the id
     * @return the limit, or empty
     */
    Optional<LimitDefinition> get(String id);

    /**
     * Replaces a limit's numbers, model, route group and algorithm (its scope never changes).
     *
     * @param limit the new state
     * @return the limit as stored
     * @throws NotFoundException if no limit has that id
     */
    LimitDefinition update(LimitDefinition limit);

    /**
     * Deletes a limit.
     *
     * @param id the id
     * @return true if it existed
     */
    boolean delete(String id);

    /**
     * Lists limits by id.
     *
     * @param filter which limits
     * @param page where to start and how many
     * @return the page
     */
    Page<LimitDefinition> list(ScopeFilter filter, PageRequest page);

    /**
     * Returns every limit of some scopes in one query: a caller's key, user, project and tenant.
     *
     * @param scopes the scopes
     * @return their limits, by id
     */
    List<LimitDefinition> forScopes(Collection<Scope> scopes);
}
