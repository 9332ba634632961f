package dev.ditto.store.jpa;

import dev.ditto.control.keys.VirtualKey;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** A row of {@code ditto_key}: a virtual key's hash and settings, never the key. */
@Entity
@Table(name = "ditto_key")
class KeyEntity {

    @Id
    @Column(name = "id", length = 64)
    String id = "";

    @Column(name = "token_hash", nullable = false, length = 64)
    String tokenHash = "";

    @Column(name = "key_alias")
    @Nullable String alias;

    @Column(name = "display_prefix", nullable = false, length = 32)
    String displayPrefix = "";

    @Column(name = "tenant_id", length = 64)
    @Nullable String tenantId;

    @Column(name = "project_id", length = 64)
    @Nullable String projectId;

    @Column(name = "user_id", length = 64)
    @Nullable String userId;

    @Convert(converter = JsonText.StringSet.class)
    @Column(name = "allowed_models", nullable = false, length = 100_000)
    Set<String> allowedModels = Set.of();

    @Convert(converter = JsonText.StringSet.class)
    @Column(name = "allowed_routes", nullable = false, length = 100_000)
    Set<String> allowedRoutes = Set.of();

    @Column(name = "expires_at")
    @Nullable Instant expiresAt;

    @Column(name = "blocked", nullable = false)
    boolean blocked;

    @Convert(converter = JsonText.StringMap.class)
    @Column(name = "metadata", nullable = false, length = 100_000)
    Map<String, String> metadata = Map.of();

    @Column(name = "previous_hash", length = 64)
    @Nullable String previousHash;

    @Column(name = "previous_valid_until")
    @Nullable Instant previousValidUntil;

    @Column(name = "created_at", nullable = false)
    Instant createdAt = Instant.EPOCH;

    @Column(name = "updated_at", nullable = false)
    Instant updatedAt = Instant.EPOCH;

    /** For JPA. */
    KeyEntity() {}

    static KeyEntity of(VirtualKey key) {
        KeyEntity entity = new KeyEntity();
        entity.id = key.id();
        entity.createdAt = key.createdAt();
        entity.apply(key);
        return entity;
    }

    void apply(VirtualKey key) {
        tokenHash = key.tokenHash();
        alias = key.alias();
        displayPrefix = key.displayPrefix();
        tenantId = key.tenantId();
        projectId = key.projectId();
        userId = key.userId();
        allowedModels = key.allowedModels();
        allowedRoutes = key.allowedRoutes();
        expiresAt = key.expiresAt();
        blocked = key.blocked();
        metadata = key.metadata();
        previousHash = key.previousHash();
        previousValidUntil = key.previousHashValidUntil();
        updatedAt = key.updatedAt();
    }

    VirtualKey toRecord() {
        return new VirtualKey(id, tokenHash, alias, displayPrefix, tenantId, projectId, userId, allowedModels,
                allowedRoutes, expiresAt, blocked, metadata, createdAt, updatedAt, previousHash, previousValidUntil);
    }
}
