package dev.ditto.store.jpa;

import dev.ditto.control.NotFoundException;
import dev.ditto.control.Page;
import dev.ditto.control.PageRequest;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Create, read, update, delete and list of one entity type behind one record type: what the
 * directory stores (tenants, projects, users, keys, budgets, limits) have in common. Writes are
 * flushed at once, so a conflict surfaces at the call that caused it, inside or outside a
 * caller's transaction.
 *
 * @param <E> the entity
 * @param <R> the record
 */
final class Crud<E, R> {

    private final Transactions tx;
    private final Class<E> type;
    private final String typeName;
    private final Function<R, E> toEntity;
    private final Function<E, R> toRecord;
    private final BiConsumer<E, R> apply;
    private final Function<R, String> recordId;
    private final Function<E, String> entityId;

    Crud(Transactions tx, Class<E> type, String typeName, Function<R, E> toEntity, Function<E, R> toRecord,
            BiConsumer<E, R> apply, Function<R, String> recordId, Function<E, String> entityId) {
        this.tx = tx;
        this.type = type;
        this.typeName = typeName;
        this.toEntity = toEntity;
        this.toRecord = toRecord;
        this.apply = apply;
        this.recordId = recordId;
        this.entityId = entityId;
    }

    R create(R record) {
        return tx.call(em -> {
            E entity = toEntity.apply(record);
            em.persist(entity);
            em.flush();
            return toRecord.apply(entity);
        });
    }

    Optional<R> get(String id) {
        return tx.call(em -> Optional.ofNullable(em.find(type, id)).map(toRecord));
    }

    R update(R record) {
        String id = recordId.apply(record);
        return tx.call(em -> {
            E entity = em.find(type, id);
            if (entity == null) {
                throw new NotFoundException(typeName, id);
            }
            apply.accept(entity, record);
            em.flush();
            return toRecord.apply(entity);
        });
    }

    boolean delete(String id) {
        return tx.call(em -> {
            E entity = em.find(type, id);
            if (entity == null) {
                return false;
            }
            em.remove(entity);
            em.flush();
            return true;
        });
    }

    Page<R> list(Keyset filter, PageRequest page) {
        return tx.call(em -> filter.byId(em, type, page, entityId, toRecord));
    }

    Transactions tx() {
        return tx;
    }
}
