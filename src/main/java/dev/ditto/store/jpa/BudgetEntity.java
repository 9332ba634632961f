package dev.ditto.store.jpa;

import dev.ditto.control.Scope;
import dev.ditto.control.budget.Budget;
import dev.ditto.control.budget.ResetPeriod;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A row of {@code ditto_budget}. */
@Entity
@Table(name = "ditto_budget")
class BudgetEntity {

    @Id
    @Column(name = "id", length = 64)
    String id = "";

    @Column(name = "scope_kind", nullable = false, length = 16, updatable = false)
    String scopeKind = "";

    @Column(name = "scope_id", nullable = false, length = 64, updatable = false)
    String scopeId = "";

    @Column(name = "tenant_id", length = 64, updatable = false)
    @Nullable String tenantId;

    @Column(name = "max_budget", nullable = false, precision = 20, scale = 10)
    BigDecimal maxBudget = BigDecimal.ZERO;

    @Column(name = "soft_budget", precision = 20, scale = 10)
    @Nullable BigDecimal softBudget;

    @Column(name = "reset_period", nullable = false, length = 16)
    String resetPeriod = "";

    @Column(name = "reset_seconds")
    @Nullable Long resetSeconds;

    @Column(name = "period_start", nullable = false)
    Instant periodStart = Instant.EPOCH;

    @Column(name = "created_at", nullable = false)
    Instant createdAt = Instant.EPOCH;

    @Column(name = "updated_at", nullable = false)
    Instant updatedAt = Instant.EPOCH;

    /** For JPA. */
    BudgetEntity() {}

    static BudgetEntity of(Budget budget) {
        BudgetEntity entity = new BudgetEntity();
        entity.id = budget.id();
        entity.scopeKind = budget.scope().kind().wireName();
        entity.scopeId = budget.scope().id();
        entity.tenantId = budget.tenantId();
        entity.createdAt = budget.createdAt();
        entity.apply(budget);
        return entity;
    }

    void apply(Budget budget) {
        maxBudget = budget.maxBudget();
        softBudget = budget.softBudget();
        resetPeriod = budget.resetPeriod().kind().wireName();
        Duration duration = budget.resetPeriod().duration();
        resetSeconds = duration == null ? null : duration.toSeconds();
        periodStart = budget.periodStart();
        updatedAt = budget.updatedAt();
    }

    Budget toRecord() {
        ResetPeriod.Kind kind = ResetPeriod.Kind.ofWireName(resetPeriod);
        ResetPeriod period = new ResetPeriod(kind,
                kind == ResetPeriod.Kind.DURATION && resetSeconds != null ? Duration.ofSeconds(resetSeconds) : null);
        return new Budget(id, new Scope(Scope.Kind.ofWireName(scopeKind), scopeId), tenantId, maxBudget, softBudget,
                period, periodStart, createdAt, updatedAt);
    }
}
