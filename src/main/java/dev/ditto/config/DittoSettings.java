package dev.ditto.config;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Ditto's own settings, under the top-level {@code ditto:} section (LiteLLM has no name for them).
 *
 * @param server where the embedded server listens when run with {@code java -jar}
 * @param dataDir where the embedded H2 database lives; null means the mode's default
 * @param maxRequestBodyBytes the largest request body accepted; null means the default
 * @param database database pool and JNDI settings
 * @param metrics who may read {@code /metrics} and which labels and names it shows
 */
public record DittoSettings(
        ServerSettings server, @Nullable Path dataDir, @Nullable Long maxRequestBodyBytes, DatabaseSettings database,
        MetricsSettings metrics) {

    static DittoSettings read(ConfigReader in) {
        String dataDir = in.string("data_dir");
        DittoSettings settings = new DittoSettings(
                ServerSettings.read(in.object("server")),
                dataDir == null ? null : Path.of(dataDir),
                in.byteSize("max_request_body", 1024),
                DatabaseSettings.read(in.object("database")),
                MetricsSettings.read(in.object("metrics")));
        in.finish();
        return settings;
    }

    /**
     * Where the embedded server listens.
     *
     * @param host the interface to bind
     * @param port the TCP port; 0 picks a free one
     */
    public record ServerSettings(String host, int port) {

        /** LiteLLM's default port, so that clients configured for LiteLLM just work. */
        public static final int DEFAULT_PORT = 4000;
        /** Loopback only, until an operator opens it up. */
        public static final String DEFAULT_HOST = "127.0.0.1";

        static ServerSettings read(ConfigReader in) {
            Integer port = in.integer("port", 0, 65535);
            ServerSettings settings = new ServerSettings(
                    in.string("host", DEFAULT_HOST), port == null ? DEFAULT_PORT : port);
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
     */
    public record DatabaseSettings(
            String jndiName, @Nullable String username, @Nullable Secret password, @Nullable Integer poolSize) {

        /** Where an app server's DataSource is looked up. */
        public static final String DEFAULT_JNDI_NAME = "java:comp/env/jdbc/ditto";

        static DatabaseSettings read(ConfigReader in) {
            DatabaseSettings settings = new DatabaseSettings(
                    in.string("jndi_name", DEFAULT_JNDI_NAME),
                    in.string("username"),
                    in.secret("password"),
                    in.integer("pool_size", 1, 1000));
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
