package dev.ditto.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.control.Page;
import dev.ditto.control.audit.AuditRecord;
import dev.ditto.control.budget.Budget;
import dev.ditto.control.budget.LedgerEntry;
import dev.ditto.control.keys.VirtualKey;
import dev.ditto.control.limits.LimitDefinition;
import dev.ditto.control.spend.SpendLogEntry;
import dev.ditto.control.spend.SpendTotal;
import dev.ditto.control.tenancy.Project;
import dev.ditto.control.tenancy.Tenant;
import dev.ditto.control.tenancy.User;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The admin API's JSON: records in snake_case with LiteLLM's names where the concept is the
 * same, times in ISO-8601 UTC, USD amounts as exact plain decimals, lists as
 * {@code {"data":[...],"next_cursor":...,"has_more":...}}. A key's view never holds the key or
 * its hash. Immutable and thread-safe.
 */
final class AdminViews {

    private final ObjectMapper json;
    private final ObjectWriter writer;

    AdminViews(ObjectMapper json) {
        this.json = json;
        this.writer = json.writer().with(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN);
    }

    ObjectMapper json() {
        return json;
    }

    ObjectNode object() {
        return json.createObjectNode();
    }

    /** Writes a JSON tree, amounts in plain notation. */
    String write(JsonNode node) {
        try {
            return writer.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    <T> ObjectNode page(Page<T> page, Function<T, ObjectNode> view) {
        ObjectNode body = object();
        ArrayNode data = body.putArray("data");
        page.items().forEach(item -> data.add(view.apply(item)));
        body.put("next_cursor", page.nextCursor());
        body.put("has_more", page.nextCursor() != null);
        return body;
    }

    ObjectNode tenant(Tenant tenant) {
        ObjectNode node = object().put("id", tenant.id()).put("name", tenant.name());
        metadata(node, tenant.metadata());
        return times(node, tenant.createdAt(), tenant.updatedAt());
    }

    ObjectNode project(Project project) {
        ObjectNode node = object().put("id", project.id()).put("tenant_id", project.tenantId())
                .put("alias", project.alias());
        metadata(node, project.metadata());
        return times(node, project.createdAt(), project.updatedAt());
    }

    ObjectNode user(User user) {
        ObjectNode node = object().put("id", user.id()).put("tenant_id", user.tenantId()).put("email", user.email())
                .put("alias", user.alias());
        metadata(node, user.metadata());
        return times(node, user.createdAt(), user.updatedAt());
    }

    ObjectNode key(VirtualKey key) {
        ObjectNode node = object().put("id", key.id()).put("key_name", key.displayPrefix()).put("key_alias", key.alias())
                .put("tenant_id", key.tenantId()).put("project_id", key.projectId()).put("user_id", key.userId());
        strings(node, "models", key.allowedModels());
        strings(node, "allowed_routes", key.allowedRoutes());
        node.put("expires", time(key.expiresAt())).put("blocked", key.blocked());
        metadata(node, key.metadata());
        node.put("previous_key_valid_until", time(key.previousHashValidUntil()));
        return times(node, key.createdAt(), key.updatedAt());
    }

    ObjectNode budget(Budget budget) {
        ObjectNode node = object().put("id", budget.id()).put("scope", budget.scope().toString())
                .put("tenant_id", budget.tenantId());
        amount(node, "max_budget", budget.maxBudget());
        amount(node, "soft_budget", budget.softBudget());
        node.put("budget_duration", Durations.render(budget.resetPeriod()))
                .put("reset_period", budget.resetPeriod().kind().wireName())
                .put("period_start", time(budget.periodStart()))
                .put("budget_reset_at", time(budget.periodEnd()));
        return times(node, budget.createdAt(), budget.updatedAt());
    }

    ObjectNode limit(LimitDefinition limit) {
        ObjectNode node = object().put("id", limit.id()).put("scope", limit.scope().toString())
                .put("tenant_id", limit.tenantId()).put("rpm_limit", limit.rpm()).put("tpm_limit", limit.tpm())
                .put("max_parallel_requests", limit.maxParallel()).put("model", limit.model())
                .put("route_group", limit.routeGroup()).put("algorithm", limit.algorithm().wireName());
        return times(node, limit.createdAt(), limit.updatedAt());
    }

    ObjectNode ledger(LedgerEntry entry) {
        ObjectNode node = object().put("id", entry.id()).put("scope", entry.scope().toString())
                .put("tenant_id", entry.tenantId()).put("period_start", time(entry.periodStart()));
        amount(node, "spend", entry.spend());
        return node.put("input_tokens", entry.inputTokens()).put("output_tokens", entry.outputTokens())
                .put("requests", entry.requests()).put("updated_at", time(entry.updatedAt()));
    }

    ObjectNode spendTotal(SpendTotal total) {
        ObjectNode node = object().put("group", total.group());
        amount(node, "spend", total.spend());
        return node.put("requests", total.requests()).put("input_tokens", total.inputTokens())
                .put("output_tokens", total.outputTokens());
    }

    ObjectNode spendLog(SpendLogEntry entry) {
        ObjectNode node = object().put("id", entry.id()).put("request_id", entry.requestId())
                .put("key_id", entry.keyId()).put("user_id", entry.userId()).put("project_id", entry.projectId())
                .put("tenant_id", entry.tenantId()).put("route", entry.route()).put("model", entry.model())
                .put("deployment", entry.deployment()).put("input_tokens", entry.inputTokens())
                .put("output_tokens", entry.outputTokens()).put("cached_tokens", entry.cachedTokens())
                .put("reasoning_tokens", entry.reasoningTokens());
        amount(node, "spend", entry.cost());
        return node.put("latency_ms", entry.latencyMs()).put("status", entry.status())
                .put("http_status", entry.httpStatus()).put("cache_hit", entry.cacheHit())
                .put("started_at", time(entry.startedAt()));
    }

    ObjectNode audit(AuditRecord record) {
        ObjectNode node = object().put("id", record.id()).put("occurred_at", time(record.occurredAt()))
                .put("actor", record.actor()).put("role", record.role()).put("action", record.action())
                .put("target_type", record.targetType()).put("target_id", record.targetId())
                .put("tenant_id", record.tenantId());
        node.set("before", parse(record.before()));
        node.set("after", parse(record.after()));
        return node.put("request_id", record.requestId()).put("client_address", record.clientAddress());
    }

    static @Nullable String time(@Nullable Instant instant) {
        return instant == null ? null : instant.toString();
    }

    /** An exact USD amount, without trailing zeros, as a JSON number. */
    static void amount(ObjectNode node, String name, @Nullable BigDecimal amount) {
        if (amount == null) {
            node.putNull(name);
        } else {
            BigDecimal stripped = amount.stripTrailingZeros();
            node.put(name, stripped.scale() < 0 ? stripped.setScale(0) : stripped);
        }
    }

    private static void metadata(ObjectNode node, Map<String, String> metadata) {
        ObjectNode labels = node.putObject("metadata");
        new TreeMap<>(metadata).forEach(labels::put);
    }

    private static void strings(ObjectNode node, String name, Collection<String> values) {
        ArrayNode array = node.putArray(name);
        new TreeSet<>(values).forEach(array::add);
    }

    private static ObjectNode times(ObjectNode node, Instant createdAt, Instant updatedAt) {
        return node.put("created_at", time(createdAt)).put("updated_at", time(updatedAt));
    }

    private @Nullable JsonNode parse(@Nullable String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            return json.getNodeFactory().textNode(text);
        }
    }
}
