package dev.ditto.store.jpa;

import dev.ditto.control.Page;
import dev.ditto.control.PageRequest;
import dev.ditto.control.Scope;
import dev.ditto.control.ScopeFilter;
import dev.ditto.control.limits.LimitDefinition;
import dev.ditto.control.limits.LimitStore;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** {@link LimitStore} on {@code ditto_limit}. */
final class JpaLimitStore implements LimitStore {

    private final Crud<LimitEntity, LimitDefinition> crud;

    JpaLimitStore(Transactions tx) {
        this.crud = new Crud<>(tx, LimitEntity.class, "limit", LimitEntity::of, LimitEntity::toRecord,
                LimitEntity::apply, LimitDefinition::id, entity -> entity.id);
    }

    @Override
    public LimitDefinition create(LimitDefinition limit) {
        return crud.create(limit);
    }

    @Override
    public Optional<LimitDefinition> get(String id) {
        return crud.get(id);
    }

    @Override
    public LimitDefinition update(LimitDefinition limit) {
        return crud.update(limit);
    }

    @Override
    public boolean delete(String id) {
        return crud.delete(id);
    }

    @Override
    public Page<LimitDefinition> list(ScopeFilter filter, PageRequest page) {
        return crud.list(Scopes.filter(filter), page);
    }

    @Override
    public List<LimitDefinition> forScopes(Collection<Scope> scopes) {
        if (scopes.isEmpty()) {
            return List.of();
        }
        Keyset where = Scopes.anyOf(scopes);
        return crud.tx().call(em -> where.bind(em.createQuery(
                        "select e from LimitEntity e" + where.whereClause() + " order by e.id", LimitEntity.class))
                .getResultList().stream().map(LimitEntity::toRecord).toList());
    }
}
