package dev.ditto.store.jpa;

import dev.ditto.control.Scope;
import dev.ditto.control.budget.LedgerEntry;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A row of {@code ditto_ledger}; read through JPA, written by {@link JpaLedgerStore}'s MERGE. */
@Entity
@Table(name = "ditto_ledger")
class LedgerEntity {

    @Id
    @Column(name = "id", length = 128)
    String id = "";

    @Column(name = "scope_kind", nullable = false, length = 16)
    String scopeKind = "";

    @Column(name = "scope_id", nullable = false, length = 64)
    String scopeId = "";

    @Column(name = "period_start", nullable = false)
    Instant periodStart = Instant.EPOCH;

    @Column(name = "tenant_id", length = 64)
    @Nullable String tenantId;

    @Column(name = "spend", nullable = false, precision = 20, scale = 10)
    BigDecimal spend = BigDecimal.ZERO;

    @Column(name = "input_tokens", nullable = false)
    long inputTokens;

    @Column(name = "output_tokens", nullable = false)
    long outputTokens;

    @Column(name = "requests", nullable = false)
    long requests;

    @Column(name = "updated_at", nullable = false)
    Instant updatedAt = Instant.EPOCH;

    /** For JPA. */
    LedgerEntity() {}

    LedgerEntry toRecord() {
        return new LedgerEntry(new Scope(Scope.Kind.ofWireName(scopeKind), scopeId), tenantId, periodStart, spend,
                inputTokens, outputTokens, requests, updatedAt);
    }
}
