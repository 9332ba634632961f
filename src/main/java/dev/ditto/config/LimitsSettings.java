package dev.ditto.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Rate limits and budgets applied to every caller ({@code ditto.limits}): defaults per scope
 * kind, with LiteLLM's names ({@code rpm_limit}, {@code tpm_limit}, {@code max_parallel_requests},
 * {@code max_budget}, {@code budget_duration}, {@code soft_budget}).
 *
 * @param onStoreFailure what to do when the shared store (Redis) cannot answer
 * @param redisKeyPrefix the prefix of every Redis key the limits use
 * @param maxMemoryEntries the bound on the in-memory store (single node)
 * @param routeGroups named groups of routes, each with its own counters
 * @param scopes the defaults per scope kind ({@code key}, {@code user}, {@code project}, {@code tenant}), as configured
 * @param cacheSize the most scopes whose stored limits and budgets each replica keeps; null means the default
 * @param cacheTtl how long a replica uses a scope's stored limits and budgets without reading them again; null
 *     means the default
 * @param reaper the scheduled release of stale reservations
 */
public record LimitsSettings(StoreFailure onStoreFailure, String redisKeyPrefix, int maxMemoryEntries,
        Map<String, List<String>> routeGroups, Map<String, ScopeLimits> scopes, @Nullable Integer cacheSize,
        @Nullable Duration cacheTtl, Reaper reaper) {

    /** The scope kinds that take defaults, in the order they are listed. */
    public static final List<String> SCOPE_KINDS = List.of("key", "user", "project", "tenant");
    /** The key prefix when none is configured. */
    public static final String DEFAULT_REDIS_KEY_PREFIX = "ditto:";
    /** The in-memory bound when none is configured. */
    public static final int DEFAULT_MAX_MEMORY_ENTRIES = 200_000;

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(mo|s|m|h|d|w)");

    /** Copies the collections. */
    public LimitsSettings {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        routeGroups.forEach((name, routes) -> groups.put(name, List.copyOf(routes)));
        routeGroups = java.util.Collections.unmodifiableMap(groups);
        scopes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(scopes));
    }

    /**
     * The scheduled reaper of reservations left by requests that never settled ({@code ditto.limits.reaper}).
     *
     * @param interval how often it runs; null means it does not (reap through the admin API or JMX)
     * @param olderThan how old a reservation must be to be released; also the admin endpoint's default
     */
    public record Reaper(@Nullable Duration interval, Duration olderThan) {

        /** The default age of a stale reservation: longer than any request should run. */
        public static final Duration DEFAULT_OLDER_THAN = Duration.ofHours(1);

        /**
         * Returns the reaper that does not run on its own.
         *
         * @return no interval, the default age
         */
        public static Reaper disabled() {
            return new Reaper(null, DEFAULT_OLDER_THAN);
        }

        static Reaper read(ConfigReader in) {
            Duration olderThan = in.seconds("older_than");
            Reaper reaper = new Reaper(in.seconds("interval"), olderThan == null ? DEFAULT_OLDER_THAN : olderThan);
            in.finish();
            return reaper;
        }
    }

    /** What admission does when the shared store cannot answer. */
    public enum StoreFailure {
        /** Refuse with 503. */
        FAIL_CLOSED,
        /** Admit unchecked. */
        FAIL_OPEN;

        /** @return the name as written in the file, for the effective-configuration log */
        @JsonValue
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How a windowed limit is enforced. */
    public enum Algorithm {
        /** Two fixed windows, the previous one weighted. */
        SLIDING_WINDOW,
        /** A token bucket (GCRA). */
        TOKEN_BUCKET;

        /** @return the name as written in the file, for the effective-configuration log */
        @JsonValue
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Tells whether the configuration limits anything (limits and budgets stored in the database
     * apply either way).
     *
     * @return true when some scope kind has a limit or a budget
     */
    public boolean configured() {
        return !scopes.isEmpty();
    }

    /**
     * One scope kind's defaults.
     *
     * @param limits the limits over all routes and models
     * @param maxBudget USD per period, or null for no budget
     * @param budgetDuration the period, or null for a budget that never resets
     * @param budgetAnchor the start of one period, or null for the calendar default
     * @param softBudget the USD spend that raises an alert, or null
     * @param routeGroups limits counted per route group (by group name, or route path)
     * @param models limits counted per model group
     */
    public record ScopeLimits(RateLimits limits, @Nullable BigDecimal maxBudget, @Nullable BudgetDuration budgetDuration,
            @Nullable Instant budgetAnchor, @Nullable BigDecimal softBudget, Map<String, RateLimits> routeGroups,
            Map<String, RateLimits> models) {

        /** Copies the maps. */
        public ScopeLimits {
            routeGroups = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(routeGroups));
            models = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(models));
        }
    }

    /**
     * Rate limits of one scope, route group or model.
     *
     * @param rpmLimit requests per minute
     * @param tpmLimit tokens per minute
     * @param maxParallelRequests requests in flight
     * @param algorithm how rpm and tpm are enforced; null inherits (the default is the sliding window)
     */
    public record RateLimits(@Nullable Integer rpmLimit, @Nullable Integer tpmLimit, @Nullable Integer maxParallelRequests,
            @Nullable Algorithm algorithm) {

        boolean isEmpty() {
            return rpmLimit == null && tpmLimit == null && maxParallelRequests == null;
        }
    }

    /**
     * A budget period as LiteLLM writes it: {@code 30s}, {@code 12h}, {@code 1d}, {@code 1w}, {@code 1mo},
     * or the words {@code daily}, {@code weekly}, {@code monthly}.
     *
     * @param amount how many units
     * @param unit the unit: {@code s}, {@code m}, {@code h}, {@code d}, {@code w} or {@code mo}
     */
    public record BudgetDuration(long amount, String unit) {

        /** @return the period as written in the file, such as {@code 1mo} */
        @JsonValue
        @Override
        public String toString() {
            return amount + unit;
        }
    }

    static LimitsSettings read(ConfigReader in) {
        String failure = in.string("on_store_failure", "fail_closed");
        StoreFailure onFailure = switch (failure.toLowerCase(Locale.ROOT)) {
            case "fail_closed" -> StoreFailure.FAIL_CLOSED;
            case "fail_open" -> StoreFailure.FAIL_OPEN;
            default -> {
                in.context().problem(in.pathOf("on_store_failure"), "expected fail_closed or fail_open, got '" + failure + "'");
                yield StoreFailure.FAIL_CLOSED;
            }
        };
        String prefix = in.string("redis_key_prefix", DEFAULT_REDIS_KEY_PREFIX);
        Integer maxEntries = in.integer("max_memory_entries", 100, Integer.MAX_VALUE);
        Map<String, List<String>> groups = readRouteGroups(in.object("route_groups"));
        Map<String, ScopeLimits> scopes = new LinkedHashMap<>();
        for (String kind : SCOPE_KINDS) {
            if (in.has(kind)) {
                ScopeLimits scope = readScope(in.object(kind), groups);
                if (scope != null) {
                    scopes.put(kind, scope);
                }
            }
        }
        Integer cacheSize = in.integer("cache_size", 1, 10_000_000);
        Duration cacheTtl = in.seconds("cache_ttl");
        Reaper reaper = Reaper.read(in.object("reaper"));
        in.finish();
        return new LimitsSettings(onFailure, prefix, maxEntries == null ? DEFAULT_MAX_MEMORY_ENTRIES : maxEntries,
                groups, scopes, cacheSize, cacheTtl, reaper);
    }

    /**
     * Returns the settings of a gateway without limits.
     *
     * @return no limits, fail-closed, the default prefix and bound
     */
    public static LimitsSettings none() {
        return new LimitsSettings(StoreFailure.FAIL_CLOSED, DEFAULT_REDIS_KEY_PREFIX, DEFAULT_MAX_MEMORY_ENTRIES, Map.of(),
                Map.of(), null, null, Reaper.disabled());
    }

    private static Map<String, List<String>> readRouteGroups(ConfigReader in) {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        Map<String, String> owner = new LinkedHashMap<>();
        for (String name : in.keys()) {
            List<String> routes = new java.util.ArrayList<>();
            for (String route : in.stringList(name)) {
                if (!route.startsWith("/")) {
                    in.context().problem(in.pathOf(name), "route '" + route + "' must be a path such as /v1/chat/completions");
                    continue;
                }
                String normalized = route.startsWith("/v1/") ? route : "/v1" + route;
                String previous = owner.putIfAbsent(normalized, name);
                if (previous != null && !previous.equals(name)) {
                    in.context().problem(in.pathOf(name), "route '" + normalized + "' is already in route group '"
                            + previous + "'");
                }
                routes.add(normalized);
            }
            groups.put(name, routes);
        }
        return groups;
    }

    private static @Nullable ScopeLimits readScope(ConfigReader in, Map<String, List<String>> groups) {
        RateLimits limits = readLimits(in);
        BigDecimal maxBudget = in.money("max_budget");
        BudgetDuration duration = readDuration(in);
        Instant anchor = readAnchor(in);
        BigDecimal soft = in.money("soft_budget");
        Map<String, RateLimits> perGroup = new LinkedHashMap<>();
        ConfigReader groupsIn = in.object("route_groups");
        for (String name : groupsIn.keys()) {
            if (!groups.containsKey(name) && !name.startsWith("/")) {
                groupsIn.context().problem(groupsIn.pathOf(name), Suggestions.hint("route group '" + name
                        + "' is not defined under ditto.limits.route_groups (or write a route path)", name, groups.keySet()));
            }
            ConfigReader groupIn = groupsIn.object(name);
            perGroup.put(name.startsWith("/") && !name.startsWith("/v1/") ? "/v1" + name : name, readLimits(groupIn));
            groupIn.finish();
        }
        Map<String, RateLimits> perModel = new LinkedHashMap<>();
        ConfigReader modelsIn = in.object("models");
        for (String model : modelsIn.keys()) {
            ConfigReader modelIn = modelsIn.object(model);
            perModel.put(model, readLimits(modelIn));
            modelIn.finish();
        }
        if (maxBudget == null && (duration != null || soft != null || anchor != null)) {
            in.context().problem(in.pathOf("max_budget"), "is required with budget_duration, budget_anchor or soft_budget");
        }
        if (maxBudget != null && soft != null && soft.compareTo(maxBudget) > 0) {
            in.context().problem(in.pathOf("soft_budget"), "must not exceed max_budget (" + maxBudget.toPlainString()
                    + "), got " + soft.toPlainString());
        }
        in.finish();
        if (limits.isEmpty() && maxBudget == null && perGroup.values().stream().allMatch(RateLimits::isEmpty)
                && perModel.values().stream().allMatch(RateLimits::isEmpty)) {
            return null;
        }
        return new ScopeLimits(limits, maxBudget, duration, anchor, soft, perGroup, perModel);
    }

    private static RateLimits readLimits(ConfigReader in) {
        String algorithm = in.string("algorithm");
        Algorithm parsed = null;
        if (algorithm != null) {
            parsed = switch (algorithm.toLowerCase(Locale.ROOT)) {
                case "sliding_window" -> Algorithm.SLIDING_WINDOW;
                case "token_bucket" -> Algorithm.TOKEN_BUCKET;
                default -> {
                    in.context().problem(in.pathOf("algorithm"), "expected sliding_window or token_bucket, got '"
                            + algorithm + "'");
                    yield null;
                }
            };
        }
        return new RateLimits(in.integer("rpm_limit", 0, Integer.MAX_VALUE), in.integer("tpm_limit", 0, Integer.MAX_VALUE),
                in.integer("max_parallel_requests", 0, Integer.MAX_VALUE), parsed);
    }

    private static @Nullable BudgetDuration readDuration(ConfigReader in) {
        String text = in.string("budget_duration");
        if (text == null) {
            return null;
        }
        String value = text.trim().toLowerCase(Locale.ROOT);
        switch (value) {
            case "daily":
                return new BudgetDuration(1, "d");
            case "weekly":
                return new BudgetDuration(1, "w");
            case "monthly":
                return new BudgetDuration(1, "mo");
            default:
                break;
        }
        Matcher matcher = DURATION.matcher(value);
        if (!matcher.matches() || Long.parseLong(matcher.group(1)) < 1) {
            in.context().problem(in.pathOf("budget_duration"), "expected daily, weekly, monthly or a duration such as "
                    + "30s, 12h, 1d, 2w, 1mo, got '" + text + "'");
            return null;
        }
        return new BudgetDuration(Long.parseLong(matcher.group(1)), matcher.group(2));
    }

    private static @Nullable Instant readAnchor(ConfigReader in) {
        String text = in.string("budget_anchor");
        if (text == null) {
            return null;
        }
        try {
            return text.contains("T") ? Instant.parse(text.trim())
                    : LocalDate.parse(text.trim()).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            in.context().problem(in.pathOf("budget_anchor"), "expected a date (2025-01-15) or a UTC time "
                    + "(2025-01-15T09:00:00Z), got '" + text + "'");
            return null;
        }
    }
}
