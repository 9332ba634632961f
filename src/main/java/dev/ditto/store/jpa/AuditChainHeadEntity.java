package dev.ditto.store.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A row of {@code ditto_audit_chain_head}: where a chain ends. Locked by every append to the chain. */
@Entity
@Table(name = "ditto_audit_chain_head")
class AuditChainHeadEntity {

    @Id
    @Column(name = "chain_id", length = 80)
    String chain = "";

    @Column(name = "last_seq", nullable = false)
    long lastSeq;

    @Column(name = "last_hash", nullable = false, length = 64)
    String lastHash = "";

    /** For JPA. */
    AuditChainHeadEntity() {}

    AuditChainHeadEntity(String chain, long lastSeq, String lastHash) {
        this.chain = chain;
        this.lastSeq = lastSeq;
        this.lastHash = lastHash;
    }
}
