package dev.ditto.control.admin;

import dev.ditto.control.budget.Budget;
import dev.ditto.control.keys.VirtualKey;
import dev.ditto.control.limits.LimitDefinition;
import dev.ditto.control.tenancy.Project;
import dev.ditto.control.tenancy.Tenant;
import dev.ditto.control.tenancy.User;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The audit log's picture of a record: its fields as JSON, with what must never be logged left
 * out. A key's hashes are never written (a hash opens nothing, but it identifies the key in a
 * leaked copy of the key table, and LiteLLM's stored hashes are plain SHA-256); only its
 * display form ({@code sk-...abcd}) is. Metadata values under names that look like
 * credentials ({@link #SECRET_NAMES}) are written as {@value #REDACTED}.
 *
 * <p>Written by hand rather than with Jackson because the control plane is plain Java; the
 * output is compact JSON with keys in a fixed order.
 */
final class Snapshots {

    /** What a redacted value is written as. */
    static final String REDACTED = "<redacted>";
    /** Metadata names whose values are redacted: anything naming a key, token, secret or password. */
    static final Pattern SECRET_NAMES = Pattern.compile(
            ".*(key|token|secret|password|passwd|credential|authorization).*", Pattern.CASE_INSENSITIVE);

    private Snapshots() {}

    static String tenant(Tenant tenant) {
        Map<String, @Nullable Object> fields = new LinkedHashMap<>();
        fields.put("id", tenant.id());
        fields.put("name", tenant.name());
        fields.put("metadata", redact(tenant.metadata()));
        return write(fields);
    }

    static String project(Project project) {
        Map<String, @Nullable Object> fields = new LinkedHashMap<>();
        fields.put("id", project.id());
        fields.put("tenant_id", project.tenantId());
        fields.put("alias", project.alias());
        fields.put("metadata", redact(project.metadata()));
        return write(fields);
    }

    static String user(User user) {
        Map<String, @Nullable Object> fields = new LinkedHashMap<>();
        fields.put("id", user.id());
        fields.put("tenant_id", user.tenantId());
        fields.put("email", user.email());
        fields.put("alias", user.alias());
        fields.put("metadata", redact(user.metadata()));
        return write(fields);
    }

    static String key(VirtualKey key) {
        Map<String, @Nullable Object> fields = new LinkedHashMap<>();
        fields.put("id", key.id());
        fields.put("key_name", key.displayPrefix());
        fields.put("key_alias", key.alias());
        fields.put("tenant_id", key.tenantId());
        fields.put("project_id", key.projectId());
        fields.put("user_id", key.userId());
        fields.put("models", new TreeSet<>(key.allowedModels()));
        fields.put("allowed_routes", new TreeSet<>(key.allowedRoutes()));
        fields.put("expires", key.expiresAt());
        fields.put("blocked", key.blocked());
        fields.put("metadata", redact(key.metadata()));
        fields.put("previous_key_valid_until", key.previousHashValidUntil());
        return write(fields);
    }

    static String budget(Budget budget) {
        Map<String, @Nullable Object> fields = new LinkedHashMap<>();
        fields.put("id", budget.id());
        fields.put("scope", budget.scope().toString());
        fields.put("tenant_id", budget.tenantId());
        fields.put("max_budget", budget.maxBudget());
        fields.put("soft_budget", budget.softBudget());
        fields.put("reset_period", budget.resetPeriod().kind().wireName());
        fields.put("reset_seconds", budget.resetPeriod().duration() == null ? null
                : budget.resetPeriod().duration().getSeconds());
        fields.put("period_start", budget.periodStart());
        return write(fields);
    }

    static String limit(LimitDefinition limit) {
        Map<String, @Nullable Object> fields = new LinkedHashMap<>();
        fields.put("id", limit.id());
        fields.put("scope", limit.scope().toString());
        fields.put("tenant_id", limit.tenantId());
        fields.put("rpm_limit", limit.rpm());
        fields.put("tpm_limit", limit.tpm());
        fields.put("max_parallel_requests", limit.maxParallel());
        fields.put("model", limit.model());
        fields.put("route_group", limit.routeGroup());
        fields.put("algorithm", limit.algorithm().wireName());
        return write(fields);
    }

    /** Sorted labels, with credential-looking values replaced. */
    static Map<String, String> redact(Map<String, String> metadata) {
        Map<String, String> redacted = new TreeMap<>();
        metadata.forEach((name, value) -> redacted.put(name, SECRET_NAMES.matcher(name).matches() ? REDACTED : value));
        return redacted;
    }

    static String write(Map<String, @Nullable Object> fields) {
        StringBuilder out = new StringBuilder(256);
        value(out, fields);
        return out.toString();
    }

    private static void value(StringBuilder out, @Nullable Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String text) {
            string(out, text);
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            out.append(value);
        } else if (value instanceof BigDecimal decimal) {
            out.append(decimal.stripTrailingZeros().toPlainString());
        } else if (value instanceof Instant instant) {
            string(out, instant.toString());
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.append(first ? "" : ",");
                first = false;
                string(out, String.valueOf(entry.getKey()));
                out.append(':');
                value(out, entry.getValue());
            }
            out.append('}');
        } else if (value instanceof Collection<?> items) {
            out.append('[');
            boolean first = true;
            for (Object item : items) {
                out.append(first ? "" : ",");
                first = false;
                value(out, item);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("no JSON form for " + value.getClass().getName());
        }
    }

    private static void string(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
