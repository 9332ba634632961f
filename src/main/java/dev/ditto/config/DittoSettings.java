package dev.ditto.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Ditto's own settings, under the top-level {@code ditto:} section (LiteLLM has no name for them).
 *
 * @param server where the embedded server listens when run with {@code java -jar}
 * @param dataDir where the embedded H2 database lives; null means the mode's default
 * @param maxRequestBodyBytes the largest request body accepted; null means the default
 * @param database database pool and JNDI settings
 * @param relay how the data plane relays requests
 * @param limits rate limits and budgets for every caller
 * @param pricing how requests are priced
 * @param keys how virtual keys are hashed and cached
 * @param maxUploadBytes the largest multipart upload accepted; null means the default
 * @param passthrough where the passthrough routes without a model go
 * @param metrics who may read {@code /metrics} and which labels and names it shows
 * @param admin who may use the admin API besides the master key
 * @param retention how long spend logs and audit records are kept
 * @param reload whether the configuration file is watched and reloaded when it changes
 */
public record DittoSettings(
        ServerSettings server, @Nullable Path dataDir, @Nullable Long maxRequestBodyBytes, DatabaseSettings database,
        RelaySettings relay, LimitsSettings limits, PricingSettings pricing, KeySettings keys,
        @Nullable Long maxUploadBytes, PassthroughSettings passthrough, MetricsSettings metrics,
        AdminSettings admin, RetentionSettings retention, ReloadSettings reload) {

    static DittoSettings read(ConfigReader in, @Nullable Secret masterKey) {
        String dataDir = in.string("data_dir");
        DittoSettings settings = new DittoSettings(
                ServerSettings.read(in.object("server")),
                dataDir == null ? null : Path.of(dataDir),
                in.byteSize("max_request_body", 1024),
                DatabaseSettings.read(in.object("database")),
                RelaySettings.read(in.object("relay")),
                LimitsSettings.read(in.object("limits")),
                PricingSettings.read(in.object("pricing")),
                KeySettings.read(in.object("keys")),
                in.byteSize("max_upload_body", 1024),
                PassthroughSettings.read(in.object("passthrough")),
                MetricsSettings.read(in.object("metrics")),
                AdminSettings.read(in.object("admin"), masterKey),
                RetentionSettings.read(in.object("retention")),
                ReloadSettings.read(in.object("reload")));
        in.finish();
        return settings;
    }

    /**
     * Reloading the configuration on its own ({@code ditto.reload}); {@code POST
     * /admin/config/reload} and JMX work whatever this says.
     *
     * @param watchInterval how often the configuration file is read to see whether it changed,
     *     and reloaded when it did ({@code watch_interval}, in seconds); null (the default) to
     *     reload only when asked
     */
    public record ReloadSettings(@Nullable Duration watchInterval) {

        /** The shortest interval accepted: reading and validating the file costs a little each time. */
        public static final Duration MIN_WATCH_INTERVAL = Duration.ofSeconds(1);

        static ReloadSettings read(ConfigReader in) {
            Duration interval = in.seconds("watch_interval");
            if (interval != null && interval.compareTo(MIN_WATCH_INTERVAL) < 0) {
                in.context().problem(in.pathOf("watch_interval"), "must be at least " + MIN_WATCH_INTERVAL.toSeconds() + " second, got "
                        + interval.toMillis() / 1000.0);
                interval = null;
            }
            ReloadSettings settings = new ReloadSettings(interval);
            in.finish();
            return settings;
        }
    }

    /**
     * How the data plane relays requests ({@code ditto.relay}).
     *
     * @param passthrough whether deployments with {@code ditto_mode: auto} (the default) forward
     *     OpenAI requests as they are where they can, instead of translating them
     */
    public record RelaySettings(boolean passthrough) {

        static RelaySettings read(ConfigReader in) {
            Boolean passthrough = in.bool("passthrough");
            RelaySettings settings = new RelaySettings(passthrough == null || passthrough);
            in.finish();
            return settings;
        }
    }

    /**
     * Where the passthrough routes that name no model (files, batches, stored responses) go. Each
     * value is a {@code model_name} (its first deployment) or a deployment id
     * ({@code model_info.id}); null means the default.
     *
     * @param filesDeployment the account of {@code /v1/files} and {@code /v1/batches}; by default
     *     the first deployment of {@code model_list} with an OpenAI-compatible provider
     * @param responsesDeployment the account of {@code /v1/responses/{id}}; by default the first
     *     {@code openai} deployment
     */
    public record PassthroughSettings(@Nullable String filesDeployment, @Nullable String responsesDeployment) {

        /** The key of {@link #filesDeployment()}, for messages. */
        public static final String FILES_DEPLOYMENT = "ditto.passthrough.files_deployment";
        /** The key of {@link #responsesDeployment()}, for messages. */
        public static final String RESPONSES_DEPLOYMENT = "ditto.passthrough.responses_deployment";

        /**
         * Finds the deployment a setting names: the first of a {@code model_name}, else the one
         * with that id.
         *
         * @param reference a {@code model_name} or a deployment id
         * @param models the model list
         * @return the deployment, or empty
         */
        public static Optional<ModelDeployment> find(String reference, List<ModelDeployment> models) {
            return models.stream().filter(model -> model.modelName().equals(reference)).findFirst()
                    .or(() -> models.stream().filter(model -> model.id().equals(reference)).findFirst());
        }

        static PassthroughSettings read(ConfigReader in) {
            PassthroughSettings settings = new PassthroughSettings(in.string("files_deployment"),
                    in.string("responses_deployment"));
            in.finish();
            return settings;
        }
    }

    /**
     * Where the embedded server listens.
     *
     * @param host the interface to bind
     * @param port the TCP port; 0 picks a free one
     * @param acceptQueueSize the listen backlog: connections the kernel completes and holds until
     *     the server accepts them (capped by the kernel's {@code net.core.somaxconn})
     * @param maxThreads the most threads of the HTTP pool
     */
    public record ServerSettings(String host, int port, int acceptQueueSize, int maxThreads) {

        /** LiteLLM's default port, so that clients configured for LiteLLM just work. */
        public static final int DEFAULT_PORT = 4000;
        /** Loopback only, until an operator opens it up. */
        public static final String DEFAULT_HOST = "127.0.0.1";
        /**
         * Room for a burst of new connections. The JDK's default backlog is 50: past it the kernel
         * drops connection attempts, and clients wait for SYN retransmissions (1, 3, 7, 15 s...)
         * or see a connection closed before any answer. Linux caps the value at somaxconn.
         */
        public static final int DEFAULT_ACCEPT_QUEUE_SIZE = 4096;
        /** HTTP threads per CPU by default, within {@link #MIN_DEFAULT_THREADS} and {@link #MAX_DEFAULT_THREADS}. */
        public static final int THREADS_PER_CPU = 16;
        /** The fewest HTTP threads by default, however few CPUs: room for slow uploads and Redis round trips. */
        public static final int MIN_DEFAULT_THREADS = 32;
        /** The most HTTP threads by default, however many CPUs: Jetty's own default. */
        public static final int MAX_DEFAULT_THREADS = 200;
        /** Below this the pool cannot serve Jetty's acceptors and selectors and still run requests. */
        public static final int MIN_THREADS = 16;

        /**
         * Settings with the default accept queue and thread pool.
         *
         * @param host the interface to bind
         * @param port the TCP port; 0 picks a free one
         */
        public ServerSettings(String host, int port) {
            this(host, port, DEFAULT_ACCEPT_QUEUE_SIZE, defaultMaxThreads(Runtime.getRuntime().availableProcessors()));
        }

        /**
         * The default size of the HTTP pool: {@value #THREADS_PER_CPU} threads per CPU, at least
         * {@value #MIN_DEFAULT_THREADS} and at most {@value #MAX_DEFAULT_THREADS}. No request
         * thread waits for an upstream (the relay is asynchronous), so threads beyond a few per
         * core only add context switches and stacks; 5,000 concurrent streams through a gateway
         * pinned to one CPU peak at about 60 threads in all.
         *
         * @param cpus the CPUs the JVM sees
         * @return the pool size
         */
        public static int defaultMaxThreads(int cpus) {
            return Math.max(MIN_DEFAULT_THREADS, Math.min(MAX_DEFAULT_THREADS, THREADS_PER_CPU * cpus));
        }

        static ServerSettings read(ConfigReader in) {
            Integer port = in.integer("port", 0, 65535);
            Integer acceptQueue = in.integer("accept_queue_size", 1, 65535);
            Integer maxThreads = in.integer("max_threads", MIN_THREADS, 10_000);
            ServerSettings settings = new ServerSettings(in.string("host", DEFAULT_HOST),
                    port == null ? DEFAULT_PORT : port,
                    acceptQueue == null ? DEFAULT_ACCEPT_QUEUE_SIZE : acceptQueue,
                    maxThreads == null ? defaultMaxThreads(Runtime.getRuntime().availableProcessors()) : maxThreads);
            in.finish();
            return settings;
        }
    }

    /**
     * Database pool settings beyond the URL (which is {@code general_settings.database_url} or
     * {@code DATABASE_URL}, as in LiteLLM).
     *
     * @param jndiName the container DataSource to use when deployed in an app server
     * @param username the user, when not in the URL
     * @param password the password, when not in the URL
     * @param poolSize the connection pool size, when the pool is Ditto's own
     * @param writeBehind how the spend log and the ledger are written behind the requests
     */
    public record DatabaseSettings(
            String jndiName, @Nullable String username, @Nullable Secret password, @Nullable Integer poolSize,
            WriteBehindSettings writeBehind) {

        /** Where an app server's DataSource is looked up. */
        public static final String DEFAULT_JNDI_NAME = "java:comp/env/jdbc/ditto";

        static DatabaseSettings read(ConfigReader in) {
            DatabaseSettings settings = new DatabaseSettings(
                    in.string("jndi_name", DEFAULT_JNDI_NAME),
                    in.string("username"),
                    in.secret("password"),
                    in.integer("pool_size", 1, 1000),
                    WriteBehindSettings.read(in.object("write_behind")));
            in.finish();
            return settings;
        }
    }

    /**
     * The queue that writes the spend log and the ledger to the database in batches
     * ({@code ditto.database.write_behind}); a null value means the default. Startup settings.
     *
     * @param queueSize the most records waiting to be written; more are dropped (counted, logged); default 50,000
     * @param batchSize the most records per transaction; default 500
     * @param flushInterval how often what is queued is written; default 0.5 s
     * @param shutdownTimeout how long shutdown keeps trying to write what is queued; default 30 s
     */
    public record WriteBehindSettings(@Nullable Integer queueSize, @Nullable Integer batchSize,
            @Nullable Duration flushInterval, @Nullable Duration shutdownTimeout) {

        static WriteBehindSettings read(ConfigReader in) {
            Integer queueSize = in.integer("queue_size", 1, 10_000_000);
            Integer batchSize = in.integer("batch_size", 1, 10_000);
            if (queueSize != null && batchSize != null && batchSize > queueSize) {
                in.context().problem(in.pathOf("batch_size"), "must not exceed queue_size (" + queueSize + "), got "
                        + batchSize);
            }
            WriteBehindSettings settings = new WriteBehindSettings(queueSize, batchSize, in.seconds("flush_interval"),
                    in.seconds("shutdown_timeout"));
            in.finish();
            return settings;
        }
    }

    /**
     * Virtual keys: how they are hashed for the database and how the data plane caches them.
     *
     * @param pepper when set, keys are stored as HMAC-SHA256 keyed by it instead of plain SHA-256
     *     (LiteLLM's form); switching modes or changing it makes every stored key unusable
     * @param cacheSize the most keys each replica keeps in memory; null means 100,000
     * @param cacheTtl how long a replica trusts a cached key without the database; null means 30 s
     */
    public record KeySettings(@Nullable Secret pepper, @Nullable Integer cacheSize, @Nullable Duration cacheTtl) {

        /** The smallest pepper accepted: 16 characters. */
        public static final int MIN_PEPPER_LENGTH = 16;

        static KeySettings read(ConfigReader in) {
            Secret pepper = in.secret("pepper");
            if (pepper != null && pepper.reveal().length() < MIN_PEPPER_LENGTH) {
                in.context().problem(in.pathOf("pepper"), "must be at least " + MIN_PEPPER_LENGTH
                        + " characters, got " + pepper.reveal().length());
                pepper = null;
            }
            KeySettings settings = new KeySettings(pepper, in.integer("cache_size", 1, 10_000_000),
                    in.seconds("cache_ttl"));
            in.finish();
            return settings;
        }
    }

    /**
     * The Prometheus endpoint {@code /metrics}. Startup settings: a change needs a restart.
     *
     * @param open true to serve {@code /metrics} without credentials (for a scraper inside a
     *     trusted network); otherwise it needs the master key or {@code token}
     * @param token a bearer token that may read {@code /metrics} and nothing else, if set
     * @param keyLabels true to label request, token and spend counters with the caller's key id
     *     and alias (never the key itself); off by default because it multiplies the series
     * @param litellmNames true to also emit LiteLLM's metric names, for existing dashboards
     */
    public record MetricsSettings(boolean open, @Nullable Secret token, boolean keyLabels, boolean litellmNames) {

        /**
         * Returns the defaults: protected, no token, no key labels, Ditto's names only.
         *
         * @return the defaults
         */
        public static MetricsSettings ofDefaults() {
            return new MetricsSettings(false, null, false, false);
        }

        static MetricsSettings read(ConfigReader in) {
            Boolean open = in.bool("open");
            Boolean keyLabels = in.bool("key_labels");
            Boolean litellmNames = in.bool("litellm_names");
            MetricsSettings settings = new MetricsSettings(open != null && open, in.secret("token"),
                    keyLabels != null && keyLabels, litellmNames != null && litellmNames);
            in.finish();
            return settings;
        }
    }
}
