package dev.ditto.control.keys;

import dev.ditto.control.Caller;
import dev.ditto.control.Timestamps;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A virtual key as stored: never the key itself, only the hash of the whole key string
 * ({@link KeyHasher}) and a display form such as {@code sk-...abcd}. Immutable; build with
 * {@link #builder(String, String)} and change with {@link #toBuilder()}.
 *
 * <p>Rotation keeps the old hash valid until a grace deadline, so clients can switch over:
 * {@link #previousHash()} is accepted while {@code now < previousHashValidUntil}.
 *
 * @param id the stable id, such as {@code key_01jd...}; spend and limits are kept under it
 * @param tokenHash the lowercase hex hash of the current key string
 * @param alias a human name (LiteLLM's {@code key_alias})
 * @param displayPrefix what may be shown of the key, such as {@code sk-...abcd}
 * @param tenantId the tenant it belongs to, if any
 * @param projectId the project (team) it belongs to, if any
 * @param userId the user it was issued to, if any
 * @param allowedModels the model groups it may call; empty means all
 * @param allowedRoutes the route groups it may call, such as {@code /v1/chat/completions}; empty means all
 * @param expiresAt when it stops working, or null for never
 * @param blocked whether it is blocked (refused with 401 until unblocked)
 * @param metadata free-form labels carried to the spend log
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 * @param previousHash the hash of the key it replaced at its last rotation, if any
 * @param previousHashValidUntil until when the previous key still works
 */
public record VirtualKey(String id, String tokenHash, @Nullable String alias, String displayPrefix,
        @Nullable String tenantId, @Nullable String projectId, @Nullable String userId, Set<String> allowedModels,
        Set<String> allowedRoutes, @Nullable Instant expiresAt, boolean blocked, Map<String, String> metadata,
        Instant createdAt, Instant updatedAt, @Nullable String previousHash, @Nullable Instant previousHashValidUntil) {

    /** Copies the collections and truncates the times to what the store keeps. */
    public VirtualKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tokenHash, "tokenHash");
        Objects.requireNonNull(displayPrefix, "displayPrefix");
        allowedModels = Set.copyOf(allowedModels);
        allowedRoutes = Set.copyOf(allowedRoutes);
        metadata = Map.copyOf(metadata);
        expiresAt = Timestamps.truncateNullable(expiresAt);
        createdAt = Timestamps.truncate(createdAt);
        updatedAt = Timestamps.truncate(updatedAt);
        previousHashValidUntil = Timestamps.truncateNullable(previousHashValidUntil);
        if (previousHash != null && previousHashValidUntil == null) {
            throw new IllegalArgumentException("a previous hash needs a grace deadline (previousHashValidUntil)");
        }
    }

    /**
     * Starts a key.
     *
     * @param id the id
     * @param tokenHash the hash of the key string
     * @return a builder with no owner, no restrictions, not blocked, never expiring
     */
    public static Builder builder(String id, String tokenHash) {
        return new Builder(id, tokenHash);
    }

    /**
     * Returns a builder holding this key's fields.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        Builder builder = new Builder(id, tokenHash).alias(alias).displayPrefix(displayPrefix).tenantId(tenantId)
                .projectId(projectId).userId(userId).allowedModels(allowedModels).allowedRoutes(allowedRoutes)
                .expiresAt(expiresAt).blocked(blocked).metadata(metadata).createdAt(createdAt).updatedAt(updatedAt);
        builder.previousHash = previousHash;
        builder.previousHashValidUntil = previousHashValidUntil;
        return builder;
    }

    /**
     * Tells whether the key has expired.
     *
     * @param now the current time
     * @return true if it has an expiry at or before {@code now}
     */
    public boolean isExpiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    /**
     * Tells whether a hash opens this key at a time: the current hash always does (blocked and
     * expired are checked apart), the previous one until its grace deadline.
     *
     * @param hash the presented key's hash
     * @param now the current time
     * @return true if the hash is accepted
     */
    public boolean acceptsHash(String hash, Instant now) {
        if (tokenHash.equals(hash)) {
            return true;
        }
        return hash.equals(previousHash) && previousHashValidUntil != null && now.isBefore(previousHashValidUntil);
    }

    /**
     * Returns the key after a rotation: a new key string whose hash replaces the current one,
     * which stays valid until {@code graceUntil}.
     *
     * @param newHash the new key string's hash
     * @param newDisplayPrefix the new key's display form
     * @param graceUntil until when the old key still works; {@code now} for no grace
     * @param now the rotation time
     * @return the rotated key
     */
    public VirtualKey rotated(String newHash, String newDisplayPrefix, Instant graceUntil, Instant now) {
        Builder builder = toBuilder().displayPrefix(newDisplayPrefix).updatedAt(now);
        builder.tokenHash = newHash;
        builder.previousHash = tokenHash;
        builder.previousHashValidUntil = graceUntil;
        return builder.build();
    }

    /**
     * Returns who calls with this key, as the data plane sees it.
     *
     * @return the caller
     */
    public Caller toCaller() {
        return new Caller(id, alias, userId, projectId, tenantId, allowedModels, allowedRoutes, metadata);
    }

    /** Builds a {@link VirtualKey}. Not thread-safe. */
    public static final class Builder {

        private final String id;
        private String tokenHash;
        private @Nullable String alias;
        private String displayPrefix = "sk-...";
        private @Nullable String tenantId;
        private @Nullable String projectId;
        private @Nullable String userId;
        private Set<String> allowedModels = new LinkedHashSet<>();
        private Set<String> allowedRoutes = new LinkedHashSet<>();
        private @Nullable Instant expiresAt;
        private boolean blocked;
        private Map<String, String> metadata = new LinkedHashMap<>();
        private Instant createdAt = Instant.EPOCH;
        private Instant updatedAt = Instant.EPOCH;
        private @Nullable String previousHash;
        private @Nullable Instant previousHashValidUntil;

        private Builder(String id, String tokenHash) {
            this.id = Objects.requireNonNull(id, "id");
            this.tokenHash = Objects.requireNonNull(tokenHash, "tokenHash");
        }

        /** @param alias the human name @return this builder */
        public Builder alias(@Nullable String alias) {
            this.alias = alias;
            return this;
        }

        /** @param displayPrefix such as {@code sk-...abcd} @return this builder */
        public Builder displayPrefix(String displayPrefix) {
            this.displayPrefix = Objects.requireNonNull(displayPrefix, "displayPrefix");
            return this;
        }

        /** @param tenantId the owning tenant @return this builder */
        public Builder tenantId(@Nullable String tenantId) {
            this.tenantId = tenantId;
            return this;
        }

        /** @param projectId the owning project @return this builder */
        public Builder projectId(@Nullable String projectId) {
            this.projectId = projectId;
            return this;
        }

        /** @param userId the owning user @return this builder */
        public Builder userId(@Nullable String userId) {
            this.userId = userId;
            return this;
        }

        /** @param models the model groups it may call; empty means all @return this builder */
        public Builder allowedModels(Set<String> models) {
            this.allowedModels = new LinkedHashSet<>(models);
            return this;
        }

        /** @param routes the route groups it may call; empty means all @return this builder */
        public Builder allowedRoutes(Set<String> routes) {
            this.allowedRoutes = new LinkedHashSet<>(routes);
            return this;
        }

        /** @param expiresAt when it stops working, or null for never @return this builder */
        public Builder expiresAt(@Nullable Instant expiresAt) {
            this.expiresAt = expiresAt;
            return this;
        }

        /** @param blocked whether it is blocked @return this builder */
        public Builder blocked(boolean blocked) {
            this.blocked = blocked;
            return this;
        }

        /** @param metadata free-form labels @return this builder */
        public Builder metadata(Map<String, String> metadata) {
            this.metadata = new LinkedHashMap<>(metadata);
            return this;
        }

        /** @param createdAt the creation time @return this builder */
        public Builder createdAt(Instant createdAt) {
            this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
            return this;
        }

        /** @param updatedAt the time of the last change @return this builder */
        public Builder updatedAt(Instant updatedAt) {
            this.updatedAt = Objects.requireNonNull(updatedAt, "updatedAt");
            return this;
        }

        /**
         * Sets both times, for a new key.
         *
         * @param now the creation time
         * @return this builder
         */
        public Builder created(Instant now) {
            return createdAt(now).updatedAt(now);
        }

        /**
         * Builds the key.
         *
         * @return the key
         */
        public VirtualKey build() {
            return new VirtualKey(id, tokenHash, alias, displayPrefix, tenantId, projectId, userId, allowedModels,
                    allowedRoutes, expiresAt, blocked, metadata, createdAt, updatedAt, previousHash,
                    previousHashValidUntil);
        }
    }
}
