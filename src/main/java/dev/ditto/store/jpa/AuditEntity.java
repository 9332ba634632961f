package dev.ditto.store.jpa;

import dev.ditto.control.audit.AuditRecord;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A row of {@code ditto_audit}; never updated, deleted only by retention. */
@Entity
@Table(name = "ditto_audit")
class AuditEntity {

    @Id
    @Column(name = "id", length = 64)
    String id = "";

    @Column(name = "occurred_at", nullable = false)
    Instant occurredAt = Instant.EPOCH;

    @Column(name = "actor", nullable = false)
    String actor = "";

    @Column(name = "actor_role", nullable = false, length = 64)
    String role = "";

    @Column(name = "action", nullable = false, length = 64)
    String action = "";

    @Column(name = "target_type", nullable = false, length = 64)
    String targetType = "";

    @Column(name = "target_id", length = 128)
    @Nullable String targetId;

    @Column(name = "before_json", length = 1_000_000)
    @Nullable String before;

    @Column(name = "after_json", length = 1_000_000)
    @Nullable String after;

    @Column(name = "request_id", length = 128)
    @Nullable String requestId;

    @Column(name = "client_address", length = 64)
    @Nullable String clientAddress;

    @Column(name = "tenant_id", length = 64)
    @Nullable String tenantId;

    @Column(name = "prev_hash", length = 64)
    @Nullable String prevHash;

    @Column(name = "hash", length = 64)
    @Nullable String hash;

    @Column(name = "chain_id", length = 80)
    @Nullable String chain;

    @Column(name = "seq")
    @Nullable Long seq;

    /** For JPA. */
    AuditEntity() {}

    static AuditEntity of(AuditRecord record) {
        AuditEntity entity = new AuditEntity();
        entity.id = record.id();
        entity.occurredAt = record.occurredAt();
        entity.actor = record.actor();
        entity.role = record.role();
        entity.action = record.action();
        entity.targetType = record.targetType();
        entity.targetId = record.targetId();
        entity.before = record.before();
        entity.after = record.after();
        entity.requestId = record.requestId();
        entity.clientAddress = record.clientAddress();
        entity.tenantId = record.tenantId();
        entity.prevHash = record.prevHash();
        entity.hash = record.hash();
        entity.chain = record.chain();
        entity.seq = record.chain() == null ? null : record.seq();
        return entity;
    }

    AuditRecord toRecord() {
        return new AuditRecord(id, occurredAt, actor, role, action, targetType, targetId, before, after, requestId,
                clientAddress, tenantId, prevHash, hash, chain, seq == null ? 0 : seq);
    }
}
