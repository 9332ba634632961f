package dev.ditto.store.jpa;

import dev.ditto.control.Page;
import dev.ditto.control.PageRequest;
import dev.ditto.control.audit.AuditFilter;
import dev.ditto.control.audit.AuditRecord;
import dev.ditto.control.audit.AuditStore;
import java.util.Optional;

/** {@link AuditStore} on {@code ditto_audit}. */
final class JpaAuditStore implements AuditStore {

    private final Transactions tx;

    JpaAuditStore(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public AuditRecord append(AuditRecord record) {
        return tx.call(em -> {
            AuditEntity entity = AuditEntity.of(record);
            em.persist(entity);
            em.flush();
            return entity.toRecord();
        });
    }

    @Override
    public Optional<AuditRecord> get(String id) {
        return tx.call(em -> Optional.ofNullable(em.find(AuditEntity.class, id)).map(AuditEntity::toRecord));
    }

    @Override
    public Page<AuditRecord> list(AuditFilter filter, PageRequest page) {
        Keyset where = new Keyset().eq("tenantId", filter.tenantId()).eq("actor", filter.actor())
                .eq("action", filter.action()).eq("targetType", filter.targetType()).eq("targetId", filter.targetId())
                .range("occurredAt", filter.time().from(), filter.time().to());
        return tx.call(em -> where.byTime(em, AuditEntity.class, "occurredAt", page, entity -> entity.occurredAt,
                entity -> entity.id, AuditEntity::toRecord));
    }
}
