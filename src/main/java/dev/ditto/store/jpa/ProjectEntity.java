package dev.ditto.store.jpa;

import dev.ditto.control.tenancy.Project;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A row of {@code ditto_project}. */
@Entity
@Table(name = "ditto_project")
class ProjectEntity {

    @Id
    @Column(name = "id", length = 64)
    String id = "";

    @Column(name = "tenant_id", length = 64, updatable = false)
    @Nullable String tenantId;

    @Column(name = "alias")
    @Nullable String alias;

    @Convert(converter = JsonText.StringMap.class)
    @Column(name = "metadata", nullable = false, length = 100_000)
    Map<String, String> metadata = Map.of();

    @Column(name = "created_at", nullable = false)
    Instant createdAt = Instant.EPOCH;

    @Column(name = "updated_at", nullable = false)
    Instant updatedAt = Instant.EPOCH;

    /** For JPA. */
    ProjectEntity() {}

    static ProjectEntity of(Project project) {
        ProjectEntity entity = new ProjectEntity();
        entity.id = project.id();
        entity.tenantId = project.tenantId();
        entity.createdAt = project.createdAt();
        entity.apply(project);
        return entity;
    }

    void apply(Project project) {
        alias = project.alias();
        metadata = project.metadata();
        updatedAt = project.updatedAt();
    }

    Project toRecord() {
        return new Project(id, tenantId, alias, metadata, createdAt, updatedAt);
    }
}
