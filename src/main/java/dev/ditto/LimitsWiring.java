package dev.ditto;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ditto.config.Fallback;
import dev.ditto.config.GatewaySettings;
import dev.ditto.config.LimitsSettings;
import dev.ditto.config.LitellmParams;
import dev.ditto.config.ModelDeployment;
import dev.ditto.config.PricingSettings;
import dev.ditto.config.DittoSettings;
import dev.ditto.control.ControlStore;
import dev.ditto.control.audit.AuditLog;
import dev.ditto.control.limits.BudgetAlerts;
import dev.ditto.control.limits.BudgetLimit;
import dev.ditto.control.limits.BudgetPeriod;
import dev.ditto.control.limits.ConfiguredQuotaResolver;
import dev.ditto.control.limits.FailurePolicy;
import dev.ditto.control.limits.GovernedAdmission;
import dev.ditto.control.limits.QuotaStore;
import dev.ditto.control.limits.RateLimit;
import dev.ditto.control.limits.ScheduledReaper;
import dev.ditto.control.limits.StoredQuotaResolver;
import dev.ditto.control.Scope;
import dev.ditto.control.pricing.ModelPrice;
import dev.ditto.control.pricing.PriceBook;
import dev.ditto.control.pricing.PriceCatalog;
import dev.ditto.control.pricing.UnpricedPolicy;
import dev.ditto.control.spend.WriteBehind;
import dev.ditto.ops.RedisMetrics;
import dev.ditto.sdk.Ticker;
import dev.ditto.store.memory.InMemoryQuotaStore;
import dev.ditto.store.redis.RedisQuotaStore;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPooled;

/**
 * The part of the composition root that turns {@code ditto.limits} and {@code ditto.pricing}
 * into the admission engine: the quota resolver (the configured defaults under the limits and
 * budgets stored in the database), the price book of the deployments (built-in prices with the
 * configuration's overrides), and the store (Redis when one is configured, else memory); the
 * scheduled reaper of stale reservations; and the write-behind spend log
 * ({@code ditto.database.write_behind}).
 */
final class LimitsWiring {

    private static final Logger LOG = LoggerFactory.getLogger(LimitsWiring.class);

    private LimitsWiring() {}

    /**
     * Builds the admission engine. It is always built, since limits and budgets stored in the
     * database apply even when the configuration has none; a request that nothing limits costs
     * no store call (only cached look-ups of its scopes), and its cost is still computed.
     *
     * @param settings the configuration
     * @param prices the deployments' prices ({@link #priceBook})
     * @param control the database's stores, for the stored limits and budgets
     * @param redis the shared Redis, or null
     * @param redisMetrics where the Redis store's round trips are timed and its failures counted
     * @param clock wall time
     * @param ticker monotonic time, for the stored-quota cache
     * @param replicaId this node's id
     * @param alerts where soft-budget crossings go
     * @param track registers what the caller must close
     * @return the engine
     */
    static GovernedAdmission admission(GatewaySettings settings, PriceBook prices, ControlStore control,
            @Nullable JedisPooled redis, RedisMetrics redisMetrics, Clock clock, Ticker ticker, String replicaId,
            BudgetAlerts alerts, UnaryOperator<AutoCloseable> track) {
        LimitsSettings limits = settings.ditto().limits();
        QuotaStore store = redis != null
                ? new TimedQuotaStore(new RedisQuotaStore(redis, limits.redisKeyPrefix()), redisMetrics, ticker)
                : new InMemoryQuotaStore(limits.maxMemoryEntries());
        track.apply(store);
        StoredQuotaResolver.Settings defaults = StoredQuotaResolver.Settings.ofDefaults();
        Duration ttl = limits.cacheTtl() != null ? limits.cacheTtl() : defaults.cacheTtl();
        StoredQuotaResolver resolver = new StoredQuotaResolver(control.limits(), control.budgets(), resolver(limits),
                new StoredQuotaResolver.Settings(limits.cacheSize() != null ? limits.cacheSize() : defaults.cacheSize(),
                        ttl, ttl.compareTo(defaults.staleTtl()) > 0 ? ttl : defaults.staleTtl()),
                ticker);
        LOG.info("event=limits_enabled store={} configured_scopes={} stored_limits=cached_{}s on_store_failure={}",
                redis != null ? "redis" : "memory", String.join(",", limits.scopes().keySet()), ttl.toSeconds(),
                limits.onStoreFailure().name().toLowerCase(Locale.ROOT));
        return GovernedAdmission.builder(resolver, store, prices)
                .clock(clock)
                .replicaId(replicaId)
                .alerts(alerts)
                .failurePolicy(limits.onStoreFailure() == LimitsSettings.StoreFailure.FAIL_OPEN
                        ? FailurePolicy.FAIL_OPEN : FailurePolicy.FAIL_CLOSED)
                .build();
    }

    /**
     * Starts the scheduled reaper when {@code ditto.limits.reaper.interval} is set.
     *
     * @param limits the limits settings
     * @param engine the engine to reap
     * @param audit where runs that released something are reported
     * @param track registers the reaper, which the caller must close
     */
    static void scheduleReaper(LimitsSettings limits, GovernedAdmission engine, AuditLog audit,
            UnaryOperator<AutoCloseable> track) {
        Duration interval = limits.reaper().interval();
        if (interval != null) {
            track.apply(ScheduledReaper.start(engine, interval, limits.reaper().olderThan(), audit));
        }
    }

    /**
     * Starts the writer of the spend log and the ledger.
     *
     * @param settings the configuration ({@code ditto.database.write_behind})
     * @param control where it writes
     * @param clock wall time
     * @param ticker monotonic time
     * @return the running writer, which the caller must close before the database
     */
    static WriteBehind writeBehind(GatewaySettings settings, ControlStore control, Clock clock, Ticker ticker) {
        DittoSettings.WriteBehindSettings configured = settings.ditto().database().writeBehind();
        WriteBehind.Settings defaults = WriteBehind.Settings.ofDefaults();
        WriteBehind.Settings effective = new WriteBehind.Settings(
                configured.queueSize() != null ? configured.queueSize() : defaults.queueSize(),
                configured.batchSize() != null ? configured.batchSize() : defaults.batchSize(),
                configured.flushInterval() != null ? configured.flushInterval() : defaults.flushInterval(),
                configured.shutdownTimeout() != null ? configured.shutdownTimeout() : defaults.shutdownTimeout());
        if (effective.batchSize() > effective.queueSize()) {
            LOG.warn("event=configuration_clamped setting=ditto.database.write_behind.batch_size value={} used={}",
                    effective.batchSize(), effective.queueSize());
            effective = new WriteBehind.Settings(effective.queueSize(), effective.queueSize(), effective.flushInterval(),
                    effective.shutdownTimeout());
        }
        return WriteBehind.start(control, effective, clock, ticker);
    }

    static ConfiguredQuotaResolver resolver(LimitsSettings limits) {
        ConfiguredQuotaResolver.Builder builder = ConfiguredQuotaResolver.builder();
        limits.routeGroups().forEach(builder::routeGroup);
        limits.scopes().forEach((kind, scope) -> {
            List<RateLimit> rateLimits = new ArrayList<>();
            LimitsSettings.Algorithm inherited = scope.limits().algorithm();
            add(rateLimits, scope.limits(), inherited, null, null);
            scope.routeGroups().forEach((group, groupLimits) -> add(rateLimits, groupLimits, inherited, group, null));
            scope.models().forEach((model, modelLimits) -> add(rateLimits, modelLimits, inherited, null, model));
            BudgetLimit budget = scope.maxBudget() == null ? null
                    : new BudgetLimit(scope.maxBudget(), period(scope.budgetDuration(), scope.budgetAnchor()), scope.softBudget());
            builder.defaults(Scope.Kind.valueOf(kind.toUpperCase(Locale.ROOT)), rateLimits, budget);
        });
        return builder.build();
    }

    private static void add(List<RateLimit> out, LimitsSettings.RateLimits limits, LimitsSettings.@Nullable Algorithm inherited,
            @Nullable String group, @Nullable String model) {
        LimitsSettings.Algorithm configured = limits.algorithm() != null ? limits.algorithm() : inherited;
        RateLimit.Algorithm algorithm = configured == LimitsSettings.Algorithm.TOKEN_BUCKET
                ? RateLimit.Algorithm.TOKEN_BUCKET : RateLimit.Algorithm.SLIDING_WINDOW;
        if (limits.rpmLimit() != null) {
            out.add(RateLimit.rpm(limits.rpmLimit()).with(algorithm).forRouteGroup(group).forModel(model));
        }
        if (limits.tpmLimit() != null) {
            out.add(RateLimit.tpm(limits.tpmLimit()).with(algorithm).forRouteGroup(group).forModel(model));
        }
        if (limits.maxParallelRequests() != null) {
            out.add(RateLimit.parallel(limits.maxParallelRequests()).forRouteGroup(group).forModel(model));
        }
    }

    static BudgetPeriod period(LimitsSettings.@Nullable BudgetDuration duration, @Nullable Instant anchor) {
        if (duration == null) {
            return BudgetPeriod.lifetime();
        }
        long n = duration.amount();
        return switch (duration.unit()) {
            case "mo" -> BudgetPeriod.months(Math.toIntExact(n), anchor != null ? anchor : BudgetPeriod.EPOCH);
            case "w" -> BudgetPeriod.every(Duration.ofDays(7 * n), anchor != null ? anchor : BudgetPeriod.FIRST_MONDAY);
            case "d" -> BudgetPeriod.every(Duration.ofDays(n), anchor != null ? anchor : BudgetPeriod.EPOCH);
            case "h" -> BudgetPeriod.every(Duration.ofHours(n), anchor != null ? anchor : BudgetPeriod.EPOCH);
            case "m" -> BudgetPeriod.every(Duration.ofMinutes(n), anchor != null ? anchor : BudgetPeriod.EPOCH);
            default -> BudgetPeriod.every(Duration.ofSeconds(n), anchor != null ? anchor : BudgetPeriod.EPOCH);
        };
    }

    /** The deployments' prices; a group's worst case covers the groups its fallbacks reach. */
    static PriceBook priceBook(GatewaySettings settings, PriceCatalog catalog) {
        PricingSettings pricing = settings.ditto().pricing();
        PriceBook.Builder book = PriceBook.builder();
        Set<String> groups = new LinkedHashSet<>();
        List<String> unpriced = new ArrayList<>();
        for (ModelDeployment deployment : settings.modelList()) {
            ModelPrice price = price(deployment, catalog);
            if (price == null) {
                unpriced.add(deployment.modelName() + " (" + deployment.litellmParams().qualifiedModel() + ")");
            }
            book.deployment(deployment.id(), deployment.modelName(), price);
            groups.add(deployment.modelName());
        }
        List<Fallback> rules = new ArrayList<>(settings.routerSettings().fallbacks());
        rules.addAll(settings.litellmSettings().fallbacks());
        rules.addAll(settings.litellmSettings().contextWindowFallbacks());
        rules.addAll(settings.litellmSettings().contentPolicyFallbacks());
        for (Fallback rule : rules) {
            for (String group : rule.modelName().equals("*") ? groups : Set.of(rule.modelName())) {
                rule.fallbacks().forEach(target -> book.reaches(group, target));
            }
        }
        for (String group : groups) {
            settings.litellmSettings().defaultFallbacks().forEach(target -> book.reaches(group, target));
        }
        if (pricing.unpriced() == PricingSettings.Unpriced.CHARGE_DEFAULT) {
            book.unpriced(UnpricedPolicy.CHARGE_DEFAULT, new ModelPrice(perMillion(pricing.defaultInputCostPerToken()),
                    perMillion(pricing.defaultOutputCostPerToken()), null, null, null, null));
        }
        if (pricing.defaultMaxOutputTokens() != null) {
            book.defaultMaxOutputTokens(pricing.defaultMaxOutputTokens());
        }
        if (!unpriced.isEmpty()) {
            LOG.warn("event=models_without_price policy={} models=\"{}\" (set model_info.input_cost_per_token and "
                    + "output_cost_per_token)", pricing.unpriced().name().toLowerCase(Locale.ROOT), String.join(", ", unpriced));
        }
        return book.build();
    }

    /**
     * A deployment's price: the built-in one, with LiteLLM's per-token overrides from
     * {@code litellm_params} or {@code model_info} on top. Null when neither gives both an input
     * and an output price.
     */
    static @Nullable ModelPrice price(ModelDeployment deployment, PriceCatalog catalog) {
        LitellmParams params = deployment.litellmParams();
        JsonNode info = deployment.modelInfo();
        ModelPrice base = catalog.find(params.provider(), params.model()).orElse(null);
        BigDecimal input = first(params.inputCostPerToken(), info, "input_cost_per_token");
        BigDecimal output = first(params.outputCostPerToken(), info, "output_cost_per_token");
        if (base == null && (input == null || output == null)) {
            return null;
        }
        ModelPrice price = new ModelPrice(input != null ? input : base.input(), output != null ? output : base.output(),
                base == null ? null : base.cachedInput(), base == null ? null : base.cacheWrite(),
                base == null ? null : base.reasoning(), base == null ? null : base.maxOutputTokens());
        BigDecimal cacheRead = first(null, info, "cache_read_input_token_cost");
        BigDecimal cacheWrite = first(null, info, "cache_creation_input_token_cost");
        BigDecimal reasoning = first(null, info, "output_cost_per_reasoning_token");
        JsonNode cap = info.path("max_output_tokens");
        return price.withCachedInput(cacheRead != null ? cacheRead : price.cachedInput())
                .withCacheWrite(cacheWrite != null ? cacheWrite : price.cacheWrite())
                .withReasoning(reasoning != null ? reasoning : price.reasoning())
                .withMaxOutputTokens(cap.canConvertToLong() && cap.isIntegralNumber() ? Long.valueOf(cap.asLong())
                        : price.maxOutputTokens());
    }

    /** A per-token USD price from the parameter, else from model_info, as USD per million tokens. */
    private static @Nullable BigDecimal first(@Nullable Double param, JsonNode info, String field) {
        if (param != null) {
            return perMillion(BigDecimal.valueOf(param));
        }
        JsonNode value = info.path(field);
        if (value.isNumber() || value.isTextual() && !value.asText().isBlank()) {
            try {
                BigDecimal perToken = new BigDecimal(value.asText().trim());
                return perToken.signum() < 0 ? null : perMillion(perToken);
            } catch (NumberFormatException e) {
                LOG.warn("event=price_ignored field=model_info.{} value=\"{}\" (not a number)", field, value.asText());
            }
        }
        return null;
    }

    private static BigDecimal perMillion(@Nullable BigDecimal perToken) {
        return perToken == null ? BigDecimal.ZERO : perToken.movePointRight(6).stripTrailingZeros();
    }
}
