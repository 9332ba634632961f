package dev.ditto;

import dev.ditto.config.ConfigChanges;
import dev.ditto.config.ConfigProblem;
import dev.ditto.config.GatewaySettings;
import dev.ditto.config.InvalidConfigException;
import dev.ditto.control.audit.AuditLog;
import dev.ditto.control.audit.SecurityEvent;
import dev.ditto.control.limits.GovernedAdmission;
import dev.ditto.control.pricing.PriceBook;
import dev.ditto.control.pricing.PriceCatalog;
import dev.ditto.gateway.ModelCatalog;
import dev.ditto.gateway.relay.DataPlane;
import dev.ditto.gateway.relay.DeploymentModels;
import dev.ditto.gateway.relay.Routes;
import dev.ditto.gateway.routing.Router;
import dev.ditto.ops.ConfigReload;
import dev.ditto.ops.RelayEvents;
import dev.ditto.ops.metrics.GatewayMetrics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the configuration into a running gateway: reads and validates it again from where it
 * came from at startup, then, if what a reload applies changed (see {@link ConfigChanges}),
 * builds the new {@link Routes} (the router keeps the cooldowns and statistics of the
 * deployments that stay), re-prices admission, relabels the metrics and swaps the routes in one
 * write. Requests in flight finish on the routes, prices and router they started with. Settings
 * a reload cannot apply are named in the result and the audit record.
 *
 * <p>Thread-safe: reloads are serialized.
 */
final class ConfigReloader implements ConfigReload {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigReloader.class);
    /** Deployment ids listed in an audit record, per kind of change; the counts are always exact. */
    private static final int MAX_IDS = 50;

    private final GatewaySettings running;
    private final @Nullable Supplier<GatewaySettings> reader;
    private final DataPlane dataPlane;
    private final Function<GatewaySettings, DeploymentModels> models;
    private final @Nullable GovernedAdmission admission;
    private final GatewayMetrics metrics;
    private final RelayEvents events;
    private final AuditLog audit;
    private final Consumer<GatewaySettings> replaced;
    /** What the last reload reported as needing a restart, so the watcher reports a change of it once. */
    private List<String> lastRestartRequired = List.of();
    /** The problems the watcher last reported, so a broken file is reported once, not at every look. */
    private @Nullable List<String> lastWatchProblems;

    /**
     * Creates the reloader.
     *
     * @param running the configuration the gateway started with
     * @param reader reads and validates the configuration again, as at startup; null when it was
     *     handed over without a source to read again
     * @param dataPlane whose routes are replaced
     * @param models builds the deployments' models under a configuration
     * @param admission re-priced on reload, when admission is governed
     * @param metrics relabelled on reload
     * @param events the routers' observer
     * @param audit where every reload, failed or not, is recorded
     * @param replaced told of the configuration once its routes are in force, to let go of what
     *     only the previous one used (its providers' HTTP clients)
     */
    ConfigReloader(GatewaySettings running, @Nullable Supplier<GatewaySettings> reader, DataPlane dataPlane,
            Function<GatewaySettings, DeploymentModels> models, @Nullable GovernedAdmission admission,
            GatewayMetrics metrics, RelayEvents events, AuditLog audit, Consumer<GatewaySettings> replaced) {
        this.running = running;
        this.reader = reader;
        this.dataPlane = dataPlane;
        this.models = models;
        this.admission = admission;
        this.metrics = metrics;
        this.events = events;
        this.audit = audit;
        this.replaced = replaced;
    }

    /** The routes of a configuration, for the first start and for every reload. */
    static Routes routes(GatewaySettings settings, Router router, ModelCatalog catalog,
            Function<GatewaySettings, DeploymentModels> models, RelayEvents events, PriceBook prices) {
        return new Routes(settings, catalog, router, models.apply(settings), events, prices);
    }

    @Override
    public synchronized Result reload(Requester who) {
        GatewaySettings next = read(who);
        return apply(who, next, ConfigChanges.between(dataPlane.routes().settings(), next),
                ConfigChanges.restartRequired(running, next));
    }

    /**
     * For {@code ditto.reload.watch_interval}: reads the configuration and reloads it only when
     * it differs from the one in force in what a reload applies, or in what it reports as needing
     * a restart. A file that does not validate is reported (audited, logged, counted) once per
     * distinct set of problems, not at every look; the configuration in force stays.
     *
     * @param who the watcher
     * @return the reload's result, or null when nothing changed or the file is still as broken
     */
    synchronized @Nullable Result reloadIfChanged(Requester who) {
        GatewaySettings next;
        try {
            next = readQuietly();
        } catch (Failed e) {
            if (e.problems().equals(lastWatchProblems)) {
                return null;
            }
            lastWatchProblems = e.problems();
            report(who, e.source(), e.problems());
            return null;
        }
        lastWatchProblems = null;
        ConfigChanges changes = ConfigChanges.between(dataPlane.routes().settings(), next);
        List<String> restart = ConfigChanges.restartRequired(running, next);
        if (!changes.routingChanged() && restart.equals(lastRestartRequired)) {
            return null;
        }
        return apply(who, next, changes, restart);
    }

    /** Swaps in the routes of {@code next} when {@code changes} says so; audits, logs and counts the reload. */
    private Result apply(Requester who, GatewaySettings next, ConfigChanges changes, List<String> restart) {
        Routes current = dataPlane.routes();
        boolean applied = changes.routingChanged();
        if (applied) {
            ModelCatalog catalog = ModelCatalog.of(next.modelList());
            Router router = current.router().reconfigured(next, catalog, new SplittableRandom());
            PriceBook prices = LimitsWiring.priceBook(next, PriceCatalog.ofDefaults());
            Routes routes = routes(next, router, catalog, models, events, prices);
            // Prices and labels first: a request that takes the new routes finds its deployments priced and labelled.
            if (admission != null) {
                admission.reprice(prices);
            }
            metrics.reconfigure(next.modelList());
            dataPlane.replaceRoutes(routes);
            replaced.accept(next);
        }
        lastRestartRequired = restart;
        Result result = new Result(next.source(), applied, dataPlane.routes().catalog().names().size(),
                next.modelList().size(), changes.added(), changes.removed(), changes.changed(), restart,
                next.warnings().stream().map(ConfigProblem::toString).toList());
        metrics.configReloaded(true);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("outcome", applied ? "reloaded" : "unchanged");
        details.put("via", who.via());
        details.put("models", Integer.toString(result.models()));
        details.put("deployments", Integer.toString(result.deployments()));
        put(details, "added", result.added());
        put(details, "removed", result.removed());
        put(details, "changed", result.changed());
        if (!restart.isEmpty()) {
            details.put("restart_required", String.join(", ", restart));
        }
        audit.security(event(who, next.source(), details));
        LOG.info("event=config_reloaded actor={} via={} applied={} models={} deployments={} added={} removed={} changed={} "
                        + "restart_required=\"{}\" source=\"{}\"", who.actor(), who.via(), applied, result.models(),
                result.deployments(), result.added().size(), result.removed().size(), result.changed().size(),
                String.join(", ", restart), next.source());
        if (!restart.isEmpty()) {
            LOG.warn("event=config_reload_partial settings=\"{}\" (these apply at the next start)", String.join(", ", restart));
        }
        next.warnings().forEach(warning -> LOG.warn("event=configuration_warning {}", warning));
        return result;
    }

    /** The configuration read and validated again; a failure is audited, logged and thrown. */
    private GatewaySettings read(Requester who) {
        try {
            return readQuietly();
        } catch (Failed e) {
            report(who, e.source(), e.problems());
            throw e;
        }
    }

    /** The configuration read and validated again; a failure is thrown, and nothing else. */
    private GatewaySettings readQuietly() {
        Supplier<GatewaySettings> source = reader;
        if (source == null) {
            throw new Failed(running.source(), List.of("the configuration was handed to the gateway directly, "
                    + "not read from a file, so there is nothing to read again; restart to change it"));
        }
        try {
            return source.get();
        } catch (InvalidConfigException e) {
            throw new Failed(e.source(), e.problems().stream().map(ConfigProblem::toString).toList());
        } catch (RuntimeException e) {
            throw new Failed(running.source(), List.of("cannot read the configuration: " + e));
        }
    }

    /** Audits, logs and counts a reload that changed nothing because the configuration is unusable. */
    private void report(Requester who, String source, List<String> problems) {
        metrics.configReloaded(false);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("outcome", "failed");
        details.put("via", who.via());
        details.put("problems", Integer.toString(problems.size()));
        details.put("first_problem", problems.isEmpty() ? "" : problems.get(0));
        audit.security(event(who, source, details));
        LOG.warn("event=config_reload_failed actor={} via={} source=\"{}\" problems={}\n  - {}", who.actor(), who.via(),
                source, problems.size(), String.join("\n  - ", problems));
    }

    private static SecurityEvent event(Requester who, String source, Map<String, String> details) {
        return new SecurityEvent(SecurityEvent.CONFIG_RELOAD, who.actor(), who.role(), null, "config", source, details,
                who.requestId(), who.clientAddress());
    }

    private static void put(Map<String, String> details, String name, List<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        String listed = String.join(",", ids.subList(0, Math.min(MAX_IDS, ids.size())));
        details.put(name, ids.size() > MAX_IDS ? listed + ",... (" + ids.size() + " in all)" : listed);
    }
}
