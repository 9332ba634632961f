package dev.ditto.store.jpa;

import dev.ditto.control.tenancy.User;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A row of {@code ditto_user}. */
@Entity
@Table(name = "ditto_user")
class UserEntity {

    @Id
    @Column(name = "id", length = 64)
    String id = "";

    @Column(name = "tenant_id", length = 64, updatable = false)
    @Nullable String tenantId;

    @Column(name = "email", length = 320)
    @Nullable String email;

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
    UserEntity() {}

    static UserEntity of(User user) {
        UserEntity entity = new UserEntity();
        entity.id = user.id();
        entity.tenantId = user.tenantId();
        entity.createdAt = user.createdAt();
        entity.apply(user);
        return entity;
    }

    void apply(User user) {
        email = user.email();
        alias = user.alias();
        metadata = user.metadata();
        updatedAt = user.updatedAt();
    }

    User toRecord() {
        return new User(id, tenantId, email, alias, metadata, createdAt, updatedAt);
    }
}
