package dev.ditto.control.budget;

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
 * Stores budgets. Thread-safe; each call is its own transaction unless made inside
 * {@link dev.ditto.control.ControlStore#inTransaction}.
 */
public interface BudgetStore {

    /**
     * Stores a new budget.
     *
     * @param budget the budget
     * @return the budget as stored
     * @throws ConflictException if the id exists
     */
    Budget create(Budget budget);

    /**
     * Finds a budget.
     *
     * @param id the id
     * @return the budget, or empty
     */
    Optional<Budget> get(String id);

    /**
     * Replaces a budget's amounts, period and period start (its scope never changes).
     *
     * @param budget the new state
     * @return the budget as stored
     * @throws NotFoundException if no budget has that id
     */
    Budget update(Budget budget);

    /**
     * Deletes a budget.
     *
     * @param id the id
     * @return true if it existed
     */
    boolean delete(String id);

    /**
     * Lists budgets by id.
     *
     * @param filter which budgets
     * @param page where to start and how many
     * @return the page
     */
    Page<Budget> list(ScopeFilter filter, PageRequest page);

    /**
     * Returns every budget of some scopes in one query: a caller's key, user, project and tenant.
     *
     * @param scopes the scopes
     * @return their budgets, by id
     */
    List<Budget> forScopes(Collection<Scope> scopes);
}
