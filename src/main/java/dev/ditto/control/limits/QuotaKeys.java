package dev.ditto.control.limits;

import dev.ditto.control.Caller;
import dev.ditto.control.Scope;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The store-neutral names of counters and ledgers. Ids are percent-encoded so that they cannot
 * contain the separator {@code :}, a Redis Cluster hash-tag brace, the wildcard {@code *} or
 * whitespace. A counter's name holds its scope, metric, window, algorithm and qualifiers but
 * not its limit, so changing a limit keeps the count; a ledger's name holds its period's start
 * and end, so a new period starts at zero.
 */
final class QuotaKeys {

    /** The partition of callers without a tenant. */
    static final String NO_TENANT = "-";
    private static final String ANY = "*";

    private QuotaKeys() {}

    static String partition(Caller caller) {
        String tenant = caller.tenantId();
        return tenant == null || tenant.isBlank() ? NO_TENANT : escape(tenant);
    }

    static String counter(Scope scope, RateLimit limit) {
        String algorithm = limit.metric() == RateLimit.Metric.PARALLEL ? "cc"
                : limit.algorithm() == RateLimit.Algorithm.TOKEN_BUCKET ? "tb" : "sw";
        String metric = switch (limit.metric()) {
            case REQUESTS -> "req";
            case TOKENS -> "tok";
            case PARALLEL -> "par";
        };
        long window = limit.metric() == RateLimit.Metric.PARALLEL ? 0 : limit.window().toMillis();
        return "rl:" + scope.kind().wireName() + ":" + escape(scope.id()) + ":" + metric + ":" + window + ":" + algorithm
                + ":" + qualifier(limit.routeGroup()) + ":" + qualifier(limit.model());
    }

    /**
     * Names a ledger by its scope and its period's start and end, so that two budgets of one scope
     * whose periods start together (a daily and a monthly one on the first of a month) keep
     * ledgers of their own.
     */
    static String ledger(Scope scope, BudgetPeriod.Window window) {
        return "bud:" + scope.kind().wireName() + ":" + escape(scope.id()) + ":" + window.start().toEpochMilli() + ":"
                + (window.end() == null ? ANY : Long.toString(window.end().toEpochMilli()));
    }

    private static String qualifier(@Nullable String value) {
        return value == null ? ANY : escape(value);
    }

    /** Percent-encodes every byte outside {@code [A-Za-z0-9._~/@+=-]}. */
    static String escape(String value) {
        StringBuilder out = null;
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean plain = b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
                    || b == '.' || b == '_' || b == '~' || b == '/' || b == '@' || b == '+' || b == '=' || b == '-';
            if (plain && out == null) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(bytes.length + 8).append(new String(bytes, 0, i, StandardCharsets.UTF_8));
            }
            if (plain) {
                out.append((char) b);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out == null ? value : out.toString();
    }
}
