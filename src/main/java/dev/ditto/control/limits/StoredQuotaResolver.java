package dev.ditto.control.limits;

import dev.ditto.control.AdmissionRequest;
import dev.ditto.control.Scope;
import dev.ditto.control.budget.Budget;
import dev.ditto.control.budget.BudgetStore;
import dev.ditto.control.internal.BoundedCache;
import dev.ditto.sdk.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * The quotas of the database on top of the configured defaults: each scope of the caller (key,
 * user, project, tenant) gets its stored limits and budgets ({@link LimitStore},
 * {@link BudgetStore}) merged over the defaults of its kind ({@link ConfiguredQuotaResolver}).
 *
 * <p>Merging, per scope: a stored limit replaces the configured limit of the same metric,
 * route group and model (so a key's stored {@code rpm: 1000} raises or lowers the configured key
 * default, while the configured tpm still applies); stored budgets replace the configured budget
 * of the kind. A scope may have several stored budgets (a daily and a monthly one): each is a
 * quota of its own. Among stored limits of the same metric, route group and model, or budgets
 * of the same period, the strictest wins.
 *
 * <p>No database round trip per request: what each scope has stored is cached for
 * {@link Settings#cacheTtl()} (a scope with nothing stored too), in a bounded cache, and a miss
 * reads every missing scope of the request in one query per store. A change made through the
 * admin API takes effect at once on every replica ({@link #invalidate}, called through
 * {@link dev.ditto.control.Invalidations}), at the latest within the TTL. When the database cannot answer, a scope's last known quotas are used for up to
 * {@link Settings#staleTtl()}; a scope never read (or read longer ago) makes the request follow
 * the engine's {@link FailurePolicy} ({@link QuotaStoreUnavailableException}). Thread-safe.
 *
 * <pre>{@code
 * QuotaResolver resolver = new StoredQuotaResolver(store.limits(), store.budgets(), configured,
 *         StoredQuotaResolver.Settings.ofDefaults(), Ticker.system());
 * }</pre>
 */
public final class StoredQuotaResolver implements QuotaResolver {

    private static final System.Logger LOG = System.getLogger(StoredQuotaResolver.class.getName());

    private final LimitStore limits;
    private final BudgetStore budgets;
    private final ConfiguredQuotaResolver defaults;
    private final Ticker ticker;
    private final long ttlNanos;
    private final BoundedCache<Stored> cache;
    private final LongAdder loads = new LongAdder();
    private final AtomicBoolean databaseDown = new AtomicBoolean();
    /** Reads in flight, by the scopes they read: concurrent requests of the same caller share one. */
    private final ConcurrentHashMap<String, CompletableFuture<Map<Scope, Stored>>> reading = new ConcurrentHashMap<>();

    /**
     * Cache size and lifetimes.
     *
     * @param cacheSize the most scopes whose stored quotas are kept
     * @param cacheTtl how long a scope's stored quotas are used without reading them again
     * @param staleTtl how long they are still used while the database cannot answer
     */
    public record Settings(int cacheSize, Duration cacheTtl, Duration staleTtl) {

        /** The default number of cached scopes. */
        public static final int DEFAULT_CACHE_SIZE = 100_000;
        /** The default time a change made on another replica may take to apply here. */
        public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(15);
        /** The default time last known quotas serve while the database is down. */
        public static final Duration DEFAULT_STALE_TTL = Duration.ofMinutes(10);

        /** Checks the values. */
        public Settings {
            if (cacheSize < 1) {
                throw new IllegalArgumentException("cache size must be at least 1, got " + cacheSize);
            }
            if (cacheTtl.isNegative() || cacheTtl.isZero()) {
                throw new IllegalArgumentException("cache TTL must be positive, got " + cacheTtl);
            }
            if (staleTtl.compareTo(cacheTtl) < 0) {
                throw new IllegalArgumentException("stale TTL must be at least the cache TTL (" + cacheTtl + "), got "
                        + staleTtl);
            }
        }

        /**
         * Returns the defaults: 100,000 scopes, 15 s, stale for up to 10 minutes.
         *
         * @return the settings
         */
        public static Settings ofDefaults() {
            return new Settings(DEFAULT_CACHE_SIZE, DEFAULT_CACHE_TTL, DEFAULT_STALE_TTL);
        }
    }

    /** What one scope has stored, and when it was read (ticker nanos). */
    private record Stored(List<LimitDefinition> limits, List<Budget> budgets, long readAt) {

        boolean isEmpty() {
            return limits.isEmpty() && budgets.isEmpty();
        }
    }

    /**
     * Creates the resolver.
     *
     * @param limits the stored rate limits
     * @param budgets the stored budgets
     * @param defaults the configured defaults and route groups
     * @param settings cache size and lifetimes
     * @param ticker monotonic time, for the cache
     */
    public StoredQuotaResolver(LimitStore limits, BudgetStore budgets, ConfiguredQuotaResolver defaults,
            Settings settings, Ticker ticker) {
        this.limits = limits;
        this.budgets = budgets;
        this.defaults = defaults;
        this.ticker = ticker;
        this.ttlNanos = settings.cacheTtl().toNanos();
        this.cache = new BoundedCache<>(settings.cacheSize(), settings.staleTtl(), ticker);
    }

    @Override
    public List<Quota> resolve(AdmissionRequest request) {
        List<Scope> scopes = Scope.of(request.caller());
        Map<Scope, Stored> stored = stored(scopes);
        List<Quota> configured = defaults.resolve(request);
        if (stored.values().stream().allMatch(Stored::isEmpty)) {
            return configured;
        }
        Map<Scope, Quota> byScope = new HashMap<>();
        configured.forEach(quota -> byScope.put(quota.scope(), quota));
        String group = defaults.routeGroup(request.route());
        List<Quota> quotas = new ArrayList<>(scopes.size() + 2);
        for (Scope scope : scopes) {
            Stored own = stored.get(scope);
            StoredQuotas.merge(scope, byScope.get(scope), own.limits(), own.budgets(), request, group, quotas);
        }
        return quotas;
    }

    /**
     * Forgets what a scope has stored, so the next request reads it again: call after changing
     * its limits or budgets.
     *
     * @param scope the scope whose limits or budgets changed
     */
    @Override
    public void invalidate(Scope scope) {
        cache.remove(cacheKey(scope));
    }

    /** Forgets every scope. */
    @Override
    public void invalidateAll() {
        cache.clear();
    }

    /**
     * Returns how many times the database was read, for tests and metrics.
     *
     * @return the number of reads (each of one query per store) since start
     */
    public long loads() {
        return loads.sum();
    }

    /** The stored quotas of every scope: fresh from the cache, else read in one query per store. */
    private Map<Scope, Stored> stored(List<Scope> scopes) {
        long now = ticker.read();
        Map<Scope, Stored> found = new LinkedHashMap<>();
        List<Scope> missing = new ArrayList<>(0);
        for (Scope scope : scopes) {
            Stored cached = cache.get(cacheKey(scope));
            if (cached != null && now - cached.readAt() < ttlNanos) {
                found.put(scope, cached);
            } else {
                missing.add(scope);
                if (cached != null) {
                    found.put(scope, cached);
                }
            }
        }
        if (missing.isEmpty()) {
            return found;
        }
        try {
            found.putAll(readOnce(missing, now));
            if (databaseDown.compareAndSet(true, false)) {
                LOG.log(System.Logger.Level.INFO, "event=stored_quotas_recovered");
            }
        } catch (RuntimeException e) {
            return stale(found, missing, e);
        }
        return found;
    }

    /**
     * Reads the missing scopes, or waits for the read of the same scopes that another request
     * started: a burst of a cold (or just expired) caller's requests must cost one read, not one
     * each, or it takes every pooled connection and the requests fail as if the database were down.
     */
    private Map<Scope, Stored> readOnce(List<Scope> missing, long now) {
        String key = missing.stream().map(StoredQuotaResolver::cacheKey).collect(Collectors.joining(","));
        CompletableFuture<Map<Scope, Stored>> mine = new CompletableFuture<>();
        CompletableFuture<Map<Scope, Stored>> running = reading.putIfAbsent(key, mine);
        if (running != null) {
            try {
                return running.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
        try {
            Map<Scope, Stored> read = read(missing, now);
            mine.complete(read);
            return read;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            reading.remove(key, mine);
        }
    }

    private Map<Scope, Stored> read(List<Scope> missing, long now) {
        loads.increment();
        List<LimitDefinition> storedLimits = limits.forScopes(missing);
        List<Budget> storedBudgets = budgets.forScopes(missing);
        Map<Scope, Stored> read = new LinkedHashMap<>();
        for (Scope scope : missing) {
            Stored stored = new Stored(storedLimits.stream().filter(limit -> limit.scope().equals(scope)).toList(),
                    storedBudgets.stream().filter(budget -> budget.scope().equals(scope)).toList(), now);
            cache.put(cacheKey(scope), stored);
            read.put(scope, stored);
        }
        return read;
    }

    private Map<Scope, Stored> stale(Map<Scope, Stored> found, List<Scope> missing, RuntimeException e) {
        boolean complete = missing.stream().allMatch(found::containsKey);
        if (databaseDown.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, () -> "event=stored_quotas_unavailable error=\"" + e
                    + "\" (last known limits and budgets serve for up to the stale TTL; scopes not known yet follow "
                    + "ditto.limits.on_store_failure)");
        }
        if (!complete) {
            throw new QuotaStoreUnavailableException("the database did not answer for the stored limits and budgets of "
                    + missing.stream().map(scope -> scope.kind().wireName() + " " + scope.id()).toList() + ": "
                    + e.getMessage(), e);
        }
        return found;
    }

    private static String cacheKey(Scope scope) {
        return scope.kind().wireName() + ":" + scope.id();
    }
}
