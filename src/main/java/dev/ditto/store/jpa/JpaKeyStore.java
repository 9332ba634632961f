package dev.ditto.store.jpa;

import dev.ditto.control.Page;
import dev.ditto.control.PageRequest;
import dev.ditto.control.keys.KeyFilter;
import dev.ditto.control.keys.KeyStore;
import dev.ditto.control.keys.VirtualKey;
import java.util.Optional;

/** {@link KeyStore} on {@code ditto_key}; lookups by hash use its two unique hash indexes. */
final class JpaKeyStore implements KeyStore {

    private final Crud<KeyEntity, VirtualKey> crud;

    JpaKeyStore(Transactions tx) {
        this.crud = new Crud<>(tx, KeyEntity.class, "key", KeyEntity::of, KeyEntity::toRecord, KeyEntity::apply,
                VirtualKey::id, entity -> entity.id);
    }

    @Override
    public VirtualKey create(VirtualKey key) {
        return crud.create(key);
    }

    @Override
    public Optional<VirtualKey> get(String id) {
        return crud.get(id);
    }

    @Override
    public Optional<VirtualKey> findByHash(String tokenHash) {
        return crud.tx().call(em -> em.createQuery(
                        "select e from KeyEntity e where e.tokenHash = :hash or e.previousHash = :hash", KeyEntity.class)
                .setParameter("hash", tokenHash)
                .setMaxResults(1)
                .getResultStream()
                .findFirst()
                .map(KeyEntity::toRecord));
    }

    @Override
    public VirtualKey update(VirtualKey key) {
        return crud.update(key);
    }

    @Override
    public boolean delete(String id) {
        return crud.delete(id);
    }

    @Override
    public Page<VirtualKey> list(KeyFilter filter, PageRequest page) {
        return crud.list(new Keyset().eq("tenantId", filter.tenantId()).eq("projectId", filter.projectId())
                .eq("userId", filter.userId()).eq("alias", filter.alias()), page);
    }
}
