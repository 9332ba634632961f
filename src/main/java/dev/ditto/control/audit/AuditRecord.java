package dev.ditto.control.audit;

import dev.ditto.control.Timestamps;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One entry of the audit log: who did what to which record, and the record before and after.
 * Written in the same transaction as the change it describes. Immutable; build with
 * {@link #builder(String, Instant)}.
 *
 * @param id the id, such as {@code aud_01jd...}
 * @param occurredAt when it happened
 * @param actor who did it: an admin token's name, a container principal, {@code master}
 * @param role the role the actor acted in, such as {@code global_admin}
 * @param action what was done, such as {@code key.create}, {@code key.block}
 * @param targetType what kind of record, such as {@code key}
 * @param targetId which record, if the action had one
 * @param before the record before, as JSON with secrets redacted; null for a creation
 * @param after the record after, as JSON with secrets redacted; null for a deletion
 * @param requestId the admin request's id, if any
 * @param clientAddress the client's address, if any
 * @param tenantId the tenant the target belongs to, if any (tenant-scoped queries filter on it)
 * @param prevHash the previous record's hash in the tamper-evident chain, once chained
 * @param hash this record's hash in the chain, once chained
 * @param chain the chain the record is in ({@link AuditChain#chainOf}), once chained
 * @param seq the record's sequence number in its chain (1 is the genesis record), once
 *     chained; 0 before
 */
public record AuditRecord(String id, Instant occurredAt, String actor, String role, String action, String targetType,
        @Nullable String targetId, @Nullable String before, @Nullable String after, @Nullable String requestId,
        @Nullable String clientAddress, @Nullable String tenantId, @Nullable String prevHash, @Nullable String hash,
        @Nullable String chain, long seq) {

    /** Checks the required fields and truncates the time. */
    public AuditRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(targetType, "targetType");
        occurredAt = Timestamps.truncate(occurredAt);
        if (seq < 0) {
            throw new IllegalArgumentException("seq must not be negative, got " + seq);
        }
    }

    /**
     * Creates a record not yet placed in a chain (the store places it when it appends it).
     *
     * @param id the id
     * @param occurredAt when it happened
     * @param actor who did it
     * @param role the role acted in
     * @param action what was done
     * @param targetType what kind of record
     * @param targetId which record, or null
     * @param before the record before, or null
     * @param after the record after, or null
     * @param requestId the request id, or null
     * @param clientAddress the client address, or null
     * @param tenantId the target's tenant, or null
     * @param prevHash the previous hash, or null
     * @param hash the hash, or null
     */
    public AuditRecord(String id, Instant occurredAt, String actor, String role, String action, String targetType,
            @Nullable String targetId, @Nullable String before, @Nullable String after, @Nullable String requestId,
            @Nullable String clientAddress, @Nullable String tenantId, @Nullable String prevHash,
            @Nullable String hash) {
        this(id, occurredAt, actor, role, action, targetType, targetId, before, after, requestId, clientAddress,
                tenantId, prevHash, hash, null, 0);
    }

    /**
     * Returns a copy placed in a chain.
     *
     * @param chain the chain
     * @param seq the sequence number
     * @param prevHash the previous record's hash
     * @param hash this record's hash
     * @return the chained record
     */
    public AuditRecord withChain(String chain, long seq, String prevHash, String hash) {
        return new AuditRecord(id, occurredAt, actor, role, action, targetType, targetId, before, after, requestId,
                clientAddress, tenantId, prevHash, hash, chain, seq);
    }

    /**
     * Starts a record.
     *
     * @param id the id
     * @param occurredAt when it happened
     * @return a builder
     */
    public static Builder builder(String id, Instant occurredAt) {
        return new Builder(id, occurredAt);
    }

    /** Builds an {@link AuditRecord}. Not thread-safe. */
    public static final class Builder {
        private final String id;
        private final Instant occurredAt;
        private String actor = "system";
        private String role = "system";
        private String action = "";
        private String targetType = "";
        private @Nullable String targetId;
        private @Nullable String before;
        private @Nullable String after;
        private @Nullable String requestId;
        private @Nullable String clientAddress;
        private @Nullable String tenantId;
        private @Nullable String prevHash;
        private @Nullable String hash;

        private Builder(String id, Instant occurredAt) {
            this.id = id;
            this.occurredAt = occurredAt;
        }

        /**
         * Sets who did it.
         *
         * @param actor the actor's name
         * @param role the role acted in
         * @return this builder
         */
        public Builder actor(String actor, String role) {
            this.actor = actor;
            this.role = role;
            return this;
        }

        /**
         * Sets what was done to what.
         *
         * @param action such as {@code key.create}
         * @param targetType such as {@code key}
         * @param targetId the record's id, or null
         * @return this builder
         */
        public Builder action(String action, String targetType, @Nullable String targetId) {
            this.action = action;
            this.targetType = targetType;
            this.targetId = targetId;
            return this;
        }

        /**
         * Sets the record's states, redacted.
         *
         * @param before JSON before, or null
         * @param after JSON after, or null
         * @return this builder
         */
        public Builder change(@Nullable String before, @Nullable String after) {
            this.before = before;
            this.after = after;
            return this;
        }

        /**
         * Sets where the request came from.
         *
         * @param requestId the request id, or null
         * @param clientAddress the client address, or null
         * @return this builder
         */
        public Builder origin(@Nullable String requestId, @Nullable String clientAddress) {
            this.requestId = requestId;
            this.clientAddress = clientAddress;
            return this;
        }

        /** @param tenantId the target's tenant, or null @return this builder */
        public Builder tenantId(@Nullable String tenantId) {
            this.tenantId = tenantId;
            return this;
        }

        /**
         * Sets the chain hashes.
         *
         * @param prevHash the previous record's hash
         * @param hash this record's hash
         * @return this builder
         */
        public Builder chain(@Nullable String prevHash, @Nullable String hash) {
            this.prevHash = prevHash;
            this.hash = hash;
            return this;
        }

        /**
         * Builds the record.
         *
         * @return the record
         * @throws IllegalArgumentException if no action or target type was set
         */
        public AuditRecord build() {
            if (action.isEmpty() || targetType.isEmpty()) {
                throw new IllegalArgumentException("an audit record needs an action and a target type");
            }
            return new AuditRecord(id, occurredAt, actor, role, action, targetType, targetId, before, after, requestId,
                    clientAddress, tenantId, prevHash, hash);
        }
    }
}
