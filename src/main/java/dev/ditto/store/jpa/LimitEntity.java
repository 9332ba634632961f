package dev.ditto.store.jpa;

import dev.ditto.control.Scope;
import dev.ditto.control.limits.LimitAlgorithm;
import dev.ditto.control.limits.LimitDefinition;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A row of {@code ditto_limit}. */
@Entity
@Table(name = "ditto_limit")
class LimitEntity {

    @Id
    @Column(name = "id", length = 64)
    String id = "";

    @Column(name = "scope_kind", nullable = false, length = 16, updatable = false)
    String scopeKind = "";

    @Column(name = "scope_id", nullable = false, length = 64, updatable = false)
    String scopeId = "";

    @Column(name = "tenant_id", length = 64, updatable = false)
    @Nullable String tenantId;

    @Column(name = "rpm")
    @Nullable Integer rpm;

    @Column(name = "tpm")
    @Nullable Long tpm;

    @Column(name = "max_parallel")
    @Nullable Integer maxParallel;

    @Column(name = "model")
    @Nullable String model;

    @Column(name = "route_group")
    @Nullable String routeGroup;

    @Column(name = "algorithm", nullable = false, length = 32)
    String algorithm = "";

    @Column(name = "created_at", nullable = false)
    Instant createdAt = Instant.EPOCH;

    @Column(name = "updated_at", nullable = false)
    Instant updatedAt = Instant.EPOCH;

    /** For JPA. */
    LimitEntity() {}

    static LimitEntity of(LimitDefinition limit) {
        LimitEntity entity = new LimitEntity();
        entity.id = limit.id();
        entity.scopeKind = limit.scope().kind().wireName();
        entity.scopeId = limit.scope().id();
        entity.tenantId = limit.tenantId();
        entity.createdAt = limit.createdAt();
        entity.apply(limit);
        return entity;
    }

    void apply(LimitDefinition limit) {
        rpm = limit.rpm();
        tpm = limit.tpm();
        maxParallel = limit.maxParallel();
        model = limit.model();
        routeGroup = limit.routeGroup();
        algorithm = limit.algorithm().wireName();
        updatedAt = limit.updatedAt();
    }

    LimitDefinition toRecord() {
        return new LimitDefinition(id, new Scope(Scope.Kind.ofWireName(scopeKind), scopeId), tenantId, rpm, tpm,
                maxParallel, model, routeGroup, LimitAlgorithm.ofWireName(algorithm), createdAt, updatedAt);
    }
}
