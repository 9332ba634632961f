package dev.ditto.store.jpa;

import dev.ditto.control.Page;
import dev.ditto.control.PageRequest;
import dev.ditto.control.tenancy.Tenant;
import dev.ditto.control.tenancy.TenantStore;
import java.util.Optional;

/** {@link TenantStore} on {@code ditto_tenant}. */
final class JpaTenantStore implements TenantStore {

    private final Crud<TenantEntity, Tenant> crud;

    JpaTenantStore(Transactions tx) {
        this.crud = new Crud<>(tx, TenantEntity.class, "tenant", TenantEntity::of, TenantEntity::toRecord,
                TenantEntity::apply, Tenant::id, entity -> entity.id);
    }

    @Override
    public Tenant create(Tenant tenant) {
        return crud.create(tenant);
    }

    @Override
    public Optional<Tenant> get(String id) {
        return crud.get(id);
    }

    @Override
    public Tenant update(Tenant tenant) {
        return crud.update(tenant);
    }

    @Override
    public boolean delete(String id) {
        return crud.delete(id);
    }

    @Override
    public Page<Tenant> list(PageRequest page) {
        return crud.list(new Keyset(), page);
    }
}
