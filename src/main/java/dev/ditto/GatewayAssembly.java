package dev.ditto;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.config.DittoSettings;
import dev.ditto.config.EffectiveConfig;
import dev.ditto.config.GatewaySettings;
import dev.ditto.config.LitellmParams;
import dev.ditto.config.ModelDeployment;
import dev.ditto.config.ProviderNames;
import dev.ditto.config.RedisEndpoint;
import dev.ditto.control.Admission;
import dev.ditto.control.ControlPlane;
import dev.ditto.control.ControlStore;
import dev.ditto.control.Invalidations;
import dev.ditto.control.RecentRequests;
import dev.ditto.control.RequestRecorder;
import dev.ditto.control.admin.Administration;
import dev.ditto.control.audit.AuditLog;
import dev.ditto.control.keys.KeyAuthenticator;
import dev.ditto.control.keys.KeyHasher;
import dev.ditto.control.limits.BudgetAlerts;
import dev.ditto.control.limits.GovernedAdmission;
import dev.ditto.control.pricing.PriceBook;
import dev.ditto.control.pricing.PriceCatalog;
import dev.ditto.control.spend.WriteBehind;
import dev.ditto.gateway.AdminServices;
import dev.ditto.gateway.Compliance;
import dev.ditto.gateway.Gateway;
import dev.ditto.gateway.ModelCatalog;
import dev.ditto.gateway.relay.DataPlane;
import dev.ditto.gateway.relay.DeploymentModels;
import dev.ditto.gateway.relay.Routes;
import dev.ditto.gateway.routing.Router;
import dev.ditto.gateway.routing.RouterDeploymentHealth;
import dev.ditto.gateway.tokens.LocalTokenCounter;
import dev.ditto.ops.ConfigReload;
import dev.ditto.ops.DeploymentHealth;
import dev.ditto.ops.RedisMetrics;
import dev.ditto.ops.health.HealthCheck;
import dev.ditto.ops.health.HealthService;
import dev.ditto.ops.jmx.DeploymentsBean;
import dev.ditto.ops.jmx.GatewayBean;
import dev.ditto.ops.jmx.MBeans;
import dev.ditto.ops.jmx.RequestsBean;
import dev.ditto.ops.jmx.ReservationsBean;
import dev.ditto.ops.metrics.GatewayMetrics;
import dev.ditto.provider.ProviderConfig;
import dev.ditto.provider.ProviderRegistry;
import dev.ditto.provider.openai.OpenAiUpstream;
import dev.ditto.sdk.EmbeddingModel;
import dev.ditto.sdk.LanguageModel;
import dev.ditto.store.jpa.Database;
import dev.ditto.store.jpa.JdbcUrl;
import dev.ditto.store.jpa.JpaControlStore;
import dev.ditto.store.jpa.JpaNodeRegistry;
import dev.ditto.store.redis.RedisConnector;
import dev.ditto.store.redis.RedisInvalidations;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPooled;

/**
 * The one composition root: builds the whole object graph from the settings, with
 * constructors, in dependency order, and closes what it opened in reverse order. Used by the
 * WAR's {@link GatewayContextListener} and, through it, by the launcher.
 *
 * <p>Not thread-safe during construction and close; the graph it builds is.
 */
public final class GatewayAssembly implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayAssembly.class);

    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
    private final Gateway gateway;
    private final Database database;
    private final ControlStore controlStore;
    private final KeyHasher keyHasher;
    private final Invalidations invalidations;
    private final JpaNodeRegistry nodes;
    private final AdminServices adminServices;

    /**
     * Builds the gateway.
     *
     * @param settings the validated configuration
     * @param host what the host provides
     * @throws RuntimeException if a dependency cannot be opened; what was opened is closed again
     */
    public GatewayAssembly(GatewaySettings settings, HostEnvironment host) {
        this(settings, host, null);
    }

    /**
     * Builds the gateway, able to reload its configuration.
     *
     * @param settings the validated configuration
     * @param host what the host provides
     * @param reader reads and validates the configuration again from where {@code settings} came
     *     from, for {@code POST /admin/config/reload} and JMX; null if it cannot be read again
     * @throws RuntimeException if a dependency cannot be opened; what was opened is closed again
     */
    public GatewayAssembly(GatewaySettings settings, HostEnvironment host, @Nullable Supplier<GatewaySettings> reader) {
        try {
            logConfiguration(settings);
            Gateway.Node node = new Gateway.Node(UUID.randomUUID().toString(), DittoVersion.get(), host.clock().instant());
            GatewayMetrics metrics = track(GatewayMetrics.create(settings.ditto().metrics(), settings.modelList(),
                    node.version()));
            this.database = track(openDatabase(settings, host));
            this.controlStore = new JpaControlStore(database.entityManagerFactory());
            this.keyHasher = keyHasher(settings.ditto().keys());
            JedisPooled redis = settings.redisEndpoint().map(endpoint -> track(RedisConnector.open(endpoint, 32))).orElse(null);
            this.invalidations = track(invalidations(settings, redis, node));
            HealthService health = track(new HealthService(healthChecks(database, redis, settings.redis(),
                    metrics.redis(), host), Duration.ofSeconds(2), Duration.ofSeconds(1), host.ticker()));
            ModelCatalog catalog = ModelCatalog.of(settings.modelList());
            ProviderRegistry providers = track(new ProviderRegistry(host.environment()));
            Function<GatewaySettings, DeploymentModels> models = configuration -> deploymentModels(providers, configuration);
            Router router = new Router(settings, catalog, host.ticker(), new SplittableRandom(), metrics.relayEvents());
            // The audit log's writer starts before anything that reports to it and so closes after all of them.
            Compliance compliance = ComplianceWiring.compliance(settings.ditto().retention(), database, controlStore,
                    host, this::track);
            // Limits and budgets (configured and stored), the stale-reservation reaper, the write-behind spend log.
            PriceBook prices = LimitsWiring.priceBook(settings, PriceCatalog.ofDefaults());
            GovernedAdmission admission = LimitsWiring.admission(settings, prices, controlStore, redis, metrics.redis(),
                    host.clock(), host.ticker(), node.id(), metrics.budgetAlerts(BudgetAlerts.logging()), this::track);
            invalidations.onQuotaChange(Invalidations.Listener.of(admission::quotasChanged, admission::allQuotasChanged));
            metrics.watchAdmission(admission::stats);
            LimitsWiring.scheduleReaper(settings.ditto().limits(), admission, compliance.audit(), this::track);
            WriteBehind spendLog = track(LimitsWiring.writeBehind(settings, controlStore, host.clock(), host.ticker()));
            metrics.writeBehind().register("spend_log", spendLog::depth, spendLog::lag);
            // Metrics first, then the spend log: once a request shows in the in-memory ring, it is counted and queued.
            ControlPlane control = controlPlane(settings, host, admission,
                    RequestRecorder.all(metrics.recorder(), spendLog, new RecentRequests(ControlPlane.RECENT_REQUESTS)));
            DataPlane dataPlane = track(new DataPlane(ConfigReloader.routes(settings, router, catalog, models,
                    metrics.relayEvents(), prices), host.ticker(), control, host.clock(), metrics.relayEvents()));
            // Operations see the deployments of the routes in force, whichever configuration loaded them.
            DeploymentHealth deploymentHealth = DeploymentHealth.following(() -> {
                Routes routes = dataPlane.routes();
                return new RouterDeploymentHealth(routes.settings().modelList(), routes.router());
            });
            metrics.watch(deploymentHealth);
            ConfigReloader reload = new ConfigReloader(settings, reader, dataPlane, models, admission, metrics,
                    metrics.relayEvents(), compliance.audit(), next -> {
                        int dropped = providers.retain(next.modelList().stream()
                                .map(deployment -> providerConfig(deployment, next)).collect(Collectors.toSet()));
                        LOG.info("event=providers_released count={} (kept until their requests in flight end)", dropped);
                    });
            Duration watchInterval = settings.ditto().reload().watchInterval();
            if (watchInterval != null && reader != null) {
                track(new ConfigWatcher(reload, watchInterval, node.id()));
            } else if (watchInterval != null) {
                LOG.warn("event=config_watch_disabled reason=\"the configuration was not read from a file\"");
            }
            this.gateway = new Gateway(settings, health, dataPlane, LocalTokenCounter.create(), new ObjectMapper(),
                    host.clock(), node, metrics.exposition(), compliance, reload);
            this.nodes = new JpaNodeRegistry(database.entityManagerFactory(), host.clock());
            this.adminServices = new AdminServices(Administration.of(controlStore, keyHasher, invalidations,
                    host.clock()));
            nodes.started(node.id(), hostName(), node.version());
            registerMBeans(track(new MBeans(ManagementFactory.getPlatformMBeanServer(), jmxName(host, node))),
                    settings, node, gateway, deploymentHealth, control, compliance.audit(), reload, host);
            LOG.info("event=gateway_started node_id={} version={} models={} database=\"{}\"", node.id(), node.version(),
                    gateway.catalog().names().size(), database.description());
        } catch (RuntimeException e) {
            closeAll();
            throw e;
        }
    }

    /**
     * Returns what the HTTP edge needs.
     *
     * @return the gateway
     */
    public Gateway gateway() {
        return gateway;
    }

    /**
     * Returns the database.
     *
     * @return the database
     */
    public Database database() {
        return database;
    }

    /**
     * Returns the control plane's stores, for the admin API.
     *
     * @return the stores on the database
     */
    public ControlStore controlStore() {
        return controlStore;
    }

    /**
     * Returns how virtual keys are hashed, the same for new keys as for lookups.
     *
     * @return the hasher ({@code ditto.keys.pepper} decides the mode)
     */
    public KeyHasher keyHasher() {
        return keyHasher;
    }

    /**
     * Returns where a change to a key, a limit or a budget is announced, so that every
     * replica's caches forget it.
     *
     * @return over Redis pub/sub when Redis is configured, else this process only
     */
    public Invalidations invalidations() {
        return invalidations;
    }

    /**
     * Returns what the admin API needs.
     *
     * @return the admin operations on this gateway's stores
     */
    public AdminServices adminServices() {
        return adminServices;
    }

    /** Stops everything this assembly started, in reverse order; safe to call twice. */
    @Override
    public void close() {
        try {
            nodes.stopped(gateway.node().id());
        } catch (RuntimeException e) {
            LOG.warn("event=node_stop_not_recorded node_id={} error=\"{}\"", gateway.node().id(), e.toString());
        }
        closeAll();
        LOG.info("event=gateway_stopped node_id={}", gateway.node().id());
    }

    private void closeAll() {
        while (!closeables.isEmpty()) {
            AutoCloseable closeable = closeables.pop();
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warn("event=close_failed component={} error=\"{}\"", closeable.getClass().getSimpleName(), e.toString());
            }
        }
    }

    private <T extends AutoCloseable> T track(T closeable) {
        closeables.push(closeable);
        return closeable;
    }

    private static Database openDatabase(GatewaySettings settings, HostEnvironment host) {
        if (settings.generalSettings().databaseUrl() == null && host.containerDataSource() != null) {
            return Database.ofContainer(host.containerDataSource(), "container DataSource " + host.containerDataSourceName());
        }
        JdbcUrl url;
        if (settings.generalSettings().databaseUrl() != null) {
            url = JdbcUrl.parse(settings.generalSettings().databaseUrl().reveal());
        } else {
            Path dataDir = settings.ditto().dataDir() != null ? settings.ditto().dataDir() : host.dataDir();
            url = JdbcUrl.h2File(dataDir);
        }
        var database = settings.ditto().database();
        if (database.username() != null || database.password() != null) {
            url = new JdbcUrl(url.url(), database.username() != null ? database.username() : url.username(),
                    database.password() != null ? database.password().reveal() : url.password());
        }
        Integer poolSize = database.poolSize() != null ? database.poolSize() : settings.generalSettings().databaseConnectionPoolLimit();
        return Database.ofPool(url, poolSize != null ? poolSize : 10);
    }

    /**
     * The data plane's control ports: virtual keys from the database (and the master key) through
     * a bounded cache; limits and budgets; the spend log written behind, and the last requests
     * kept in memory.
     */
    private ControlPlane controlPlane(GatewaySettings settings, HostEnvironment host, Admission admission,
            RequestRecorder recorder) {
        DittoSettings.KeySettings keys = settings.ditto().keys();
        KeyAuthenticator.Settings defaults = KeyAuthenticator.Settings.ofDefaults();
        KeyAuthenticator authenticator = new KeyAuthenticator(controlStore.keys(), keyHasher,
                settings.generalSettings().masterKey() == null ? null : settings.generalSettings().masterKey().reveal(),
                new KeyAuthenticator.Settings(keys.cacheSize() != null ? keys.cacheSize() : defaults.cacheSize(),
                        keys.cacheTtl() != null ? keys.cacheTtl() : defaults.cacheTtl(), defaults.negativeCacheSize(),
                        defaults.negativeCacheTtl()),
                host.clock(), host.ticker());
        invalidations.onKeyChange(authenticator);
        return new ControlPlane(authenticator, admission, recorder);
    }

    /**
     * Announcements of changed keys and quotas: shared over Redis pub/sub when Redis is
     * configured (on the limits' key prefix), else in this process only, where a single node
     * needs nothing more and other replicas (without Redis) forget within their cache TTL.
     */
    private static Invalidations invalidations(GatewaySettings settings, @Nullable JedisPooled redis, Gateway.Node node) {
        RedisEndpoint endpoint = settings.redisEndpoint().orElse(null);
        if (redis == null || endpoint == null) {
            return Invalidations.local();
        }
        return RedisInvalidations.start(redis, RedisConnector.dedicated(endpoint, RedisInvalidations.THREAD_PREFIX + node.id()),
                settings.ditto().limits().redisKeyPrefix(), node.id());
    }

    private static KeyHasher keyHasher(DittoSettings.KeySettings keys) {
        return keys.pepper() == null ? KeyHasher.sha256() : KeyHasher.hmacSha256(keys.pepper().reveal());
    }

    private static List<HealthCheck> healthChecks(Database database, @Nullable JedisPooled redis,
            @Nullable RedisEndpoint endpoint, RedisMetrics redisMetrics, HostEnvironment host) {
        List<HealthCheck> checks = new ArrayList<>();
        checks.add(HealthCheck.of("database", database.description(), database::ping));
        if (redis != null && endpoint != null) {
            checks.add(HealthCheck.of("redis", endpoint.describe(),
                    () -> redisMetrics.timed("ping", host.ticker(), redis::ping)));
        }
        return checks;
    }

    /**
     * Registers the MBeans of what exists now. Limits, budgets, reservations, cache and keys
     * register theirs through the same {@link MBeans} when they arrive.
     */
    private static void registerMBeans(MBeans mbeans, GatewaySettings settings, Gateway.Node node, Gateway gateway,
            DeploymentHealth deploymentHealth, ControlPlane control, AuditLog audit, ConfigReload reload,
            HostEnvironment host) {
        mbeans.register("Gateway", new GatewayBean(node.version(), node.id(), node.startedAt(),
                settings.source(), () -> gateway.catalog().names().size(), reload, host.clock()));
        mbeans.register("Deployments", new DeploymentsBean(deploymentHealth));
        control.recorder().unwrap(RecentRequests.class)
                .ifPresent(recent -> mbeans.register("Requests", new RequestsBean(recent)));
        if (control.admission() instanceof GovernedAdmission governed) {
            mbeans.register("Reservations", new ReservationsBean(governed, audit));
        }
    }

    /** The web application's context path in an app server (unique there), else the node id. */
    private static String jmxName(HostEnvironment host, Gateway.Node node) {
        String path = host.contextPath();
        if (path == null || path.isEmpty() || path.equals("/")) {
            return node.id();
        }
        return path.startsWith("/") ? path.substring(1) : path;
    }

    /** What calls each deployment under one configuration, whose timeouts apply where a deployment sets none. */
    private static DeploymentModels deploymentModels(ProviderRegistry providers, GatewaySettings settings) {
        return new DeploymentModels() {
            @Override
            public LanguageModel languageModel(ModelDeployment deployment, DeploymentModels.Api api) {
                String model = deployment.litellmParams().model();
                return api == DeploymentModels.Api.RESPONSES && ProviderNames.OPENAI.equals(deployment.litellmParams().provider())
                        ? providers.responsesModel(providerConfig(deployment, settings), model)
                        : providers.languageModel(providerConfig(deployment, settings), model);
            }

            @Override
            public EmbeddingModel embeddingModel(ModelDeployment deployment) {
                return providers.embeddingModel(providerConfig(deployment, settings), deployment.litellmParams().model());
            }

            @Override
            public Optional<OpenAiUpstream> openAiUpstream(ModelDeployment deployment) {
                return providers.openAiUpstream(providerConfig(deployment, settings));
            }
        };
    }

    private static ProviderConfig providerConfig(ModelDeployment deployment, GatewaySettings settings) {
        LitellmParams params = deployment.litellmParams();
        // The deployment's own timeout, else router_settings.timeout, else litellm_settings.request_timeout.
        Duration timeout = params.timeout() != null ? params.timeout()
                : settings.routerSettings().timeout() != null ? settings.routerSettings().timeout()
                : settings.litellmSettings().requestTimeout();
        return new ProviderConfig(params.provider(), params.apiBase(),
                params.apiKey() == null ? null : params.apiKey().reveal(), params.apiVersion(), params.organization(),
                params.extraHeaders(), timeout, params.streamTimeout(), params.connectTimeout(), params.idleTimeout());
    }

    private static void logConfiguration(GatewaySettings settings) {
        LOG.info("event=configuration_loaded source=\"{}\"\n{}", settings.source(), EffectiveConfig.render(settings));
        settings.warnings().forEach(warning -> LOG.warn("event=configuration_warning {}", warning));
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
