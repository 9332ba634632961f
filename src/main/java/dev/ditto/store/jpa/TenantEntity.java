package dev.ditto.store.jpa;

import dev.ditto.control.tenancy.Tenant;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;

/** A row of {@code ditto_tenant}. */
@Entity
@Table(name = "ditto_tenant")
class TenantEntity {

    @Id
    @Column(name = "id", length = 64)
    String id = "";

    @Column(name = "name", nullable = false)
    String name = "";

    @Convert(converter = JsonText.StringMap.class)
    @Column(name = "metadata", nullable = false, length = 100_000)
    Map<String, String> metadata = Map.of();

    @Column(name = "created_at", nullable = false)
    Instant createdAt = Instant.EPOCH;

    @Column(name = "updated_at", nullable = false)
    Instant updatedAt = Instant.EPOCH;

    /** For JPA. */
    TenantEntity() {}

    static TenantEntity of(Tenant tenant) {
        TenantEntity entity = new TenantEntity();
        entity.id = tenant.id();
        entity.createdAt = tenant.createdAt();
        entity.apply(tenant);
        return entity;
    }

    void apply(Tenant tenant) {
        name = tenant.name();
        metadata = tenant.metadata();
        updatedAt = tenant.updatedAt();
    }

    Tenant toRecord() {
        return new Tenant(id, name, metadata, createdAt, updatedAt);
    }
}
