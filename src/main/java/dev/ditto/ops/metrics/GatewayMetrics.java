package dev.ditto.ops.metrics;

import dev.ditto.config.DittoSettings.MetricsSettings;
import dev.ditto.config.ModelDeployment;
import dev.ditto.control.RequestRecorder;
import dev.ditto.control.Scope;
import dev.ditto.control.limits.AdmissionStats;
import dev.ditto.control.limits.BudgetAlerts;
import dev.ditto.ops.CacheMetrics;
import dev.ditto.ops.DeploymentHealth;
import dev.ditto.ops.MetricsExposition;
import dev.ditto.ops.RedisMetrics;
import dev.ditto.ops.RelayEvents;
import dev.ditto.ops.WriteBehindMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's metrics: owns one Prometheus meter registry (never Micrometer's global one, so
 * two gateways in one JVM, or a redeployed WAR, keep their own), binds the JVM and process
 * meters, and hands out the recorder and the hooks that feed it. Closing it releases the JVM
 * listeners the binders installed (a redeploy must not leave them behind) and the registry.
 *
 * <pre>{@code
 * GatewayMetrics metrics = GatewayMetrics.create(settings.ditto().metrics(), settings.modelList(), version);
 * Router router = new Router(settings, catalog, ticker, random, metrics.relayEvents());
 * metrics.watch(new RouterDeploymentHealth(settings.modelList(), router));
 * RequestRecorder recorder = RequestRecorder.all(recent, metrics.recorder());
 * }</pre>
 *
 * <p>Thread-safe once built.
 */
public final class GatewayMetrics implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayMetrics.class);

    /** The tags, Ditto's and LiteLLM's, whose value is a deployment id. */
    private static final List<String> DEPLOYMENT_TAGS = List.of(MetricNames.DEPLOYMENT, "model_id");
    /** The tags, Ditto's and LiteLLM's, whose value is a model group. */
    private static final List<String> MODEL_TAGS = List.of(MetricNames.MODEL, MetricNames.FROM_MODEL,
            MetricNames.TO_MODEL, "model_group", "requested_model");

    private final PrometheusMeterRegistry registry;
    private final List<AutoCloseable> binders = new ArrayList<>();
    private final Labels labels;
    private final MetricsRecorder recorder;
    private final MeteredRelayEvents events;
    private final @Nullable LiteLlmMetrics litellm;
    private final CacheMetrics cache;
    private volatile @Nullable DeploymentHealth health;
    /** Function counters hold their source weakly: the registry's owner must keep it reachable. */
    private final List<Object> sources = new ArrayList<>();

    private GatewayMetrics(PrometheusMeterRegistry registry, MetricsSettings settings, List<ModelDeployment> deployments,
            String version) {
        this.registry = registry;
        this.labels = new Labels(deployments, settings.keyLabels());
        this.litellm = settings.litellmNames() ? new LiteLlmMetrics(registry, labels) : null;
        this.recorder = new MetricsRecorder(registry, labels, litellm != null ? litellm : record -> { });
        this.events = new MeteredRelayEvents(registry, labels, litellm != null ? litellm : RelayEvents.none());
        this.cache = cacheMetrics(registry);
        // Both outcomes exist from the start, so an alert on increase(...{outcome="failed"}) has a base.
        configReloads("ok");
        configReloads("failed");
        Gauge.builder(MetricNames.BUILD_INFO, () -> 1).description("The gateway's version; always 1")
                .tag(MetricNames.VERSION, version).register(registry);
        bindJvm();
    }

    /**
     * Builds the metrics of one gateway.
     *
     * @param settings {@code ditto.metrics}: key labels and LiteLLM names
     * @param deployments the configured deployments, whose ids and model groups are the label values
     * @param version the gateway version, for {@code ditto_build_info}
     * @return the metrics; close them on shutdown
     */
    public static GatewayMetrics create(MetricsSettings settings, List<ModelDeployment> deployments, String version) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try {
            return new GatewayMetrics(registry, settings, deployments, version);
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
    }

    private static CacheMetrics cacheMetrics(MeterRegistry registry) {
        Counter hits = Counter.builder(MetricNames.CACHE_HITS).description("Answers served from the response cache")
                .register(registry);
        Counter misses = Counter.builder(MetricNames.CACHE_MISSES)
                .description("Response cache lookups that found nothing").register(registry);
        return hit -> (hit ? hits : misses).increment();
    }

    private void bindJvm() {
        List<MeterBinder> all = List.of(new JvmMemoryMetrics(), new JvmGcMetrics(), new JvmThreadMetrics(),
                new ClassLoaderMetrics(), new JvmInfoMetrics(), new ProcessorMetrics(), new UptimeMetrics(),
                new FileDescriptorMetrics());
        for (MeterBinder binder : all) {
            if (binder instanceof AutoCloseable closeable) {
                binders.add(closeable);
            }
            binder.bindTo(registry);
        }
    }

    /**
     * Adds a gauge of each deployment's circuit breaker, read from the router at each scrape. A
     * separate step because the router is built with {@link #relayEvents()}.
     *
     * @param health the deployments' breakers
     */
    public void watch(DeploymentHealth health) {
        this.health = health;
        events.watch(health);
        if (litellm != null) {
            litellm.watch(health);
        }
    }

    /**
     * Switches the labels to a reloaded model list: the series of deployments removed or changed
     * and of model groups no longer configured are removed (so configuration churn does not grow
     * the registry), and the new deployments get their gauges and counters.
     *
     * @param deployments the reloaded model list
     */
    public synchronized void reconfigure(List<ModelDeployment> deployments) {
        Labels.Stale stale = labels.reconfigure(deployments);
        for (Meter meter : registry.getMeters()) {
            if (stale(meter.getId(), stale)) {
                registry.remove(meter);
            }
        }
        events.registerDeployments();
        DeploymentHealth watched = health;
        if (watched != null) {
            watch(watched);
        }
    }

    /**
     * Counts a configuration reload.
     *
     * @param ok whether it validated (and was applied, as far as a reload applies anything)
     */
    public void configReloaded(boolean ok) {
        configReloads(ok ? "ok" : "failed").increment();
    }

    private Counter configReloads(String outcome) {
        return Counter.builder(MetricNames.CONFIG_RELOADS).description("Configuration reloads, by outcome")
                .tag(MetricNames.OUTCOME, outcome).register(registry);
    }

    private static boolean stale(Meter.Id id, Labels.Stale stale) {
        for (String tag : DEPLOYMENT_TAGS) {
            String value = id.getTag(tag);
            if (value != null && stale.deployments().contains(value)) {
                return true;
            }
        }
        for (String tag : MODEL_TAGS) {
            String value = id.getTag(tag);
            if (value != null && stale.models().contains(value)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Adds the admission engine's meters (admitted, store failures by policy, settle failures,
     * soft-budget alerts, open and reaped reservations), read from its counts at each scrape.
     *
     * @param stats the engine's counts; called on the scrape thread, so cheap and thread-safe
     */
    public void watchAdmission(Supplier<AdmissionStats> stats) {
        sources.add(stats);
        AdmissionMeters.register(registry, stats);
    }

    /**
     * Returns the recorder that counts settled requests.
     *
     * @return the recorder
     */
    public MetricsRecorder recorder() {
        return recorder;
    }

    /**
     * Returns the hooks the relay and the router call.
     *
     * @return the hooks
     */
    public RelayEvents relayEvents() {
        return events;
    }

    /**
     * Returns where Redis clients report their commands.
     *
     * @return the sink
     */
    public RedisMetrics redis() {
        return (command, latency, failed) -> {
            try {
                Timer.builder(MetricNames.REDIS_DURATION).description("Redis round trips, failed or not")
                        .serviceLevelObjectives(Buckets.REDIS).tag(MetricNames.COMMAND, command)
                        .register(registry).record(latency);
                if (failed) {
                    Counter.builder(MetricNames.REDIS_FAILURES).description("Redis commands that failed or timed out")
                            .tag(MetricNames.COMMAND, command).register(registry).increment();
                }
            } catch (RuntimeException e) {
                LOG.warn("event=metrics_failed hook=redis error=\"{}\"", e.toString());
            }
        };
    }

    /**
     * Returns where write-behind queues register their depth and lag.
     *
     * @return the sink
     */
    public WriteBehindMetrics writeBehind() {
        return (queue, depth, lag) -> {
            Gauge.builder(MetricNames.WRITE_BEHIND_DEPTH, depth, d -> d.getAsLong())
                    .description("Entries waiting in a write-behind queue").tag(MetricNames.QUEUE, queue)
                    .strongReference(true).register(registry);
            Gauge.builder(MetricNames.WRITE_BEHIND_LAG, lag, l -> l.get().toNanos() / 1e9)
                    .description("How long the oldest entry of a write-behind queue has waited, in seconds")
                    .tag(MetricNames.QUEUE, queue).strongReference(true).register(registry);
            // Without its unit this gauge was exposed as ditto_write_behind_lag, not the documented
            // ditto_write_behind_lag_seconds: both names stay, so nothing that scraped either breaks.
            Gauge.builder(MetricNames.WRITE_BEHIND_LAG_DEPRECATED, lag, l -> l.get().toNanos() / 1e9)
                    .description("Deprecated: ditto_write_behind_lag_seconds under the name it was first exposed as")
                    .tag(MetricNames.QUEUE, queue).strongReference(true).register(registry);
        };
    }

    /**
     * Returns soft-budget alerts that are counted ({@code ditto_budget_soft_alerts_total} by scope
     * kind, every kind registered at 0 so that an alert rule has a series from the start) and
     * then handed on. Counting never fails the settlement: a failure is logged and the alert is
     * still handed on.
     *
     * @param next what else handles each alert, such as {@link BudgetAlerts#logging()}
     * @return the counting alerts
     */
    public BudgetAlerts budgetAlerts(BudgetAlerts next) {
        Map<Scope.Kind, Counter> crossings = new EnumMap<>(Scope.Kind.class);
        for (Scope.Kind kind : Scope.Kind.values()) {
            crossings.put(kind, Counter.builder(MetricNames.BUDGET_SOFT_ALERTS)
                    .description("Budgets whose spend crossed their soft budget (nearly exhausted)")
                    .tag(MetricNames.SCOPE, kind.wireName()).register(registry));
        }
        return alert -> {
            try {
                crossings.get(alert.scope().kind()).increment();
            } catch (RuntimeException e) {
                LOG.warn("event=metrics_failed hook=soft_budget error=\"{}\"", e.toString());
            }
            next.softBudgetReached(alert);
        };
    }

    /**
     * Returns where the response cache reports its lookups.
     *
     * @return the sink
     */
    public CacheMetrics cache() {
        return cache;
    }

    /**
     * Returns the Prometheus text of every meter, for {@code GET /metrics}.
     *
     * @return the exposition
     */
    public MetricsExposition exposition() {
        return out -> registry.scrape(out, MetricsExposition.CONTENT_TYPE);
    }

    /** Releases the JVM listeners and the registry; safe to call twice. */
    @Override
    public void close() {
        for (AutoCloseable binder : binders) {
            try {
                binder.close();
            } catch (Exception e) {
                LOG.warn("event=close_failed component={} error=\"{}\"", binder.getClass().getSimpleName(), e.toString());
            }
        }
        binders.clear();
        registry.close();
    }
}
