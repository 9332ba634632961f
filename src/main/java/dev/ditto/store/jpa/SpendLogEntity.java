package dev.ditto.store.jpa;

import dev.ditto.control.spend.SpendLogEntry;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/** A row of {@code ditto_spend_log}; never updated. */
@Entity
@Table(name = "ditto_spend_log")
class SpendLogEntity {

    @Id
    @Column(name = "id", length = 64)
    String id = "";

    @Column(name = "request_id", nullable = false, length = 128)
    String requestId = "";

    @Column(name = "key_id", nullable = false, length = 64)
    String keyId = "";

    @Column(name = "user_id", length = 64)
    @Nullable String userId;

    @Column(name = "project_id", length = 64)
    @Nullable String projectId;

    @Column(name = "tenant_id", length = 64)
    @Nullable String tenantId;

    @Column(name = "route", nullable = false)
    String route = "";

    @Column(name = "model")
    @Nullable String model;

    @Column(name = "deployment")
    @Nullable String deployment;

    @Column(name = "input_tokens", nullable = false)
    long inputTokens;

    @Column(name = "output_tokens", nullable = false)
    long outputTokens;

    @Column(name = "cached_tokens", nullable = false)
    long cachedTokens;

    @Column(name = "reasoning_tokens", nullable = false)
    long reasoningTokens;

    @Column(name = "cost", precision = 20, scale = 10)
    @Nullable BigDecimal cost;

    @Column(name = "latency_ms", nullable = false)
    long latencyMs;

    @Column(name = "status", nullable = false, length = 32)
    String status = "";

    @Column(name = "http_status", nullable = false)
    int httpStatus;

    @Column(name = "cache_hit", nullable = false)
    boolean cacheHit;

    @Column(name = "started_at", nullable = false)
    Instant startedAt = Instant.EPOCH;

    @Column(name = "started_day", nullable = false)
    LocalDate startedDay = LocalDate.EPOCH;

    /** For JPA. */
    SpendLogEntity() {}

    static SpendLogEntity of(SpendLogEntry entry) {
        SpendLogEntity entity = new SpendLogEntity();
        entity.id = entry.id();
        entity.requestId = entry.requestId();
        entity.keyId = entry.keyId();
        entity.userId = entry.userId();
        entity.projectId = entry.projectId();
        entity.tenantId = entry.tenantId();
        entity.route = entry.route();
        entity.model = entry.model();
        entity.deployment = entry.deployment();
        entity.inputTokens = entry.inputTokens();
        entity.outputTokens = entry.outputTokens();
        entity.cachedTokens = entry.cachedTokens();
        entity.reasoningTokens = entry.reasoningTokens();
        entity.cost = entry.cost();
        entity.latencyMs = entry.latencyMs();
        entity.status = entry.status();
        entity.httpStatus = entry.httpStatus();
        entity.cacheHit = entry.cacheHit();
        entity.startedAt = entry.startedAt();
        entity.startedDay = entry.startedDay();
        return entity;
    }

    SpendLogEntry toRecord() {
        return new SpendLogEntry(id, requestId, keyId, userId, projectId, tenantId, route, model, deployment,
                inputTokens, outputTokens, cachedTokens, reasoningTokens, cost, latencyMs, status, httpStatus, cacheHit,
                startedAt);
    }
}
