package dev.ditto.store.jpa;

import dev.ditto.control.Page;
import dev.ditto.control.PageRequest;
import dev.ditto.control.Scope;
import dev.ditto.control.ScopeFilter;
import dev.ditto.control.budget.Budget;
import dev.ditto.control.budget.BudgetStore;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** {@link BudgetStore} on {@code ditto_budget}. */
final class JpaBudgetStore implements BudgetStore {

    private final Crud<BudgetEntity, Budget> crud;

    JpaBudgetStore(Transactions tx) {
        this.crud = new Crud<>(tx, BudgetEntity.class, "budget", BudgetEntity::of, BudgetEntity::toRecord,
                BudgetEntity::apply, Budget::id, entity -> entity.id);
    }

    @Override
    public Budget create(Budget budget) {
        return crud.create(budget);
    }

    @Override
    public Optional<Budget> get(String id) {
        return crud.get(id);
    }

    @Override
    public Budget update(Budget budget) {
        return crud.update(budget);
    }

    @Override
    public boolean delete(String id) {
        return crud.delete(id);
    }

    @Override
    public Page<Budget> list(ScopeFilter filter, PageRequest page) {
        return crud.list(Scopes.filter(filter), page);
    }

    @Override
    public List<Budget> forScopes(Collection<Scope> scopes) {
        if (scopes.isEmpty()) {
            return List.of();
        }
        Keyset where = Scopes.anyOf(scopes);
        return crud.tx().call(em -> where.bind(em.createQuery(
                        "select e from BudgetEntity e" + where.whereClause() + " order by e.id", BudgetEntity.class))
                .getResultList().stream().map(BudgetEntity::toRecord).toList());
    }
}
