package dev.ditto.control.spend;

import dev.ditto.control.Money;
import dev.ditto.control.Timestamps;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One row of the spend log: one request, who made it, what it used and cost. Immutable; build
 * with {@link #builder(String, String, String, Instant)}.
 *
 * @param id the row's id, such as {@code spd_01jd...} (time-ordered by {@code startedAt})
 * @param requestId the gateway's request id
 * @param keyId the key's id ({@code master} or {@code anonymous} without a virtual key)
 * @param userId the key's user, if any
 * @param projectId the key's project, if any
 * @param tenantId the key's tenant, if any
 * @param route the route group, such as {@code /v1/chat/completions}
 * @param model the model group asked for, if any
 * @param deployment the deployment that served it, if any
 * @param inputTokens prompt tokens
 * @param outputTokens completion tokens
 * @param cachedTokens prompt tokens served from the provider's cache
 * @param reasoningTokens completion tokens spent reasoning
 * @param cost USD charged, or null when not priced
 * @param latencyMs milliseconds from receiving the request to the end of the answer
 * @param status how it ended ({@link dev.ditto.control.Outcome.Status} names)
 * @param httpStatus the status the client got
 * @param cacheHit whether the answer came from the gateway's response cache
 * @param startedAt when the gateway received it
 */
public record SpendLogEntry(String id, String requestId, String keyId, @Nullable String userId,
        @Nullable String projectId, @Nullable String tenantId, String route, @Nullable String model,
        @Nullable String deployment, long inputTokens, long outputTokens, long cachedTokens, long reasoningTokens,
        @Nullable BigDecimal cost, long latencyMs, String status, int httpStatus, boolean cacheHit, Instant startedAt) {

    /** Normalizes the cost and time. */
    public SpendLogEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(status, "status");
        cost = Money.normalizeNullable(cost);
        startedAt = Timestamps.truncate(startedAt);
    }

    /**
     * Returns the UTC day the request started on, which spend totals group by.
     *
     * @return the day
     */
    public LocalDate startedDay() {
        return LocalDate.ofInstant(startedAt, ZoneOffset.UTC);
    }

    /**
     * Starts a row.
     *
     * @param id the row id
     * @param requestId the request id
     * @param keyId the key id
     * @param startedAt when the request started
     * @return a builder for route {@code /v1/chat/completions}, status {@code OK} 200, no usage
     */
    public static Builder builder(String id, String requestId, String keyId, Instant startedAt) {
        return new Builder(id, requestId, keyId, startedAt);
    }

    /** Builds a {@link SpendLogEntry}. Not thread-safe. */
    public static final class Builder {
        private final String id;
        private final String requestId;
        private final String keyId;
        private final Instant startedAt;
        private @Nullable String userId;
        private @Nullable String projectId;
        private @Nullable String tenantId;
        private String route = "/v1/chat/completions";
        private @Nullable String model;
        private @Nullable String deployment;
        private long inputTokens;
        private long outputTokens;
        private long cachedTokens;
        private long reasoningTokens;
        private @Nullable BigDecimal cost;
        private long latencyMs;
        private String status = "OK";
        private int httpStatus = 200;
        private boolean cacheHit;

        private Builder(String id, String requestId, String keyId, Instant startedAt) {
            this.id = id;
            this.requestId = requestId;
            this.keyId = keyId;
            this.startedAt = startedAt;
        }

        /**
         * Sets the owners.
         *
         * @param userId the user, or null
         * @param projectId the project, or null
         * @param tenantId the tenant, or null
         * @return this builder
         */
        public Builder owners(@Nullable String userId, @Nullable String projectId, @Nullable String tenantId) {
            this.userId = userId;
            this.projectId = projectId;
            this.tenantId = tenantId;
            return this;
        }

        /**
         * Sets where it went.
         *
         * @param route the route group
         * @param model the model group, or null
         * @param deployment the deployment, or null
         * @return this builder
         */
        public Builder target(String route, @Nullable String model, @Nullable String deployment) {
            this.route = route;
            this.model = model;
            this.deployment = deployment;
            return this;
        }

        /**
         * Sets the token counts.
         *
         * @param input prompt tokens
         * @param output completion tokens
         * @param cached cached prompt tokens
         * @param reasoning reasoning tokens
         * @return this builder
         */
        public Builder tokens(long input, long output, long cached, long reasoning) {
            this.inputTokens = input;
            this.outputTokens = output;
            this.cachedTokens = cached;
            this.reasoningTokens = reasoning;
            return this;
        }

        /** @param cost USD charged, or null when not priced @return this builder */
        public Builder cost(@Nullable BigDecimal cost) {
            this.cost = cost;
            return this;
        }

        /** @param latencyMs milliseconds to the end of the answer @return this builder */
        public Builder latencyMs(long latencyMs) {
            this.latencyMs = latencyMs;
            return this;
        }

        /**
         * Sets how it ended.
         *
         * @param status the outcome status name
         * @param httpStatus the status the client got
         * @return this builder
         */
        public Builder status(String status, int httpStatus) {
            this.status = status;
            this.httpStatus = httpStatus;
            return this;
        }

        /** @param cacheHit whether the gateway's cache answered @return this builder */
        public Builder cacheHit(boolean cacheHit) {
            this.cacheHit = cacheHit;
            return this;
        }

        /**
         * Builds the row.
         *
         * @return the row
         */
        public SpendLogEntry build() {
            return new SpendLogEntry(id, requestId, keyId, userId, projectId, tenantId, route, model, deployment,
                    inputTokens, outputTokens, cachedTokens, reasoningTokens, cost, latencyMs, status, httpStatus,
                    cacheHit, startedAt);
        }
    }
}
