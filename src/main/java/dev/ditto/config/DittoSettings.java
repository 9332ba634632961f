package dev.ditto.config;

import java.nio.file.Path;
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
 * @param maxUploadBytes the largest multipart upload accepted; null means the default
 * @param passthrough where the passthrough routes without a model go
 */
public record DittoSettings(
        ServerSettings server, @Nullable Path dataDir, @Nullable Long maxRequestBodyBytes, DatabaseSettings database,
        @Nullable Long maxUploadBytes, PassthroughSettings passthrough) {

    static DittoSettings read(ConfigReader in) {
        String dataDir = in.string("data_dir");
        DittoSettings settings = new DittoSettings(
                ServerSettings.read(in.object("server")),
                dataDir == null ? null : Path.of(dataDir),
                in.byteSize("max_request_body", 1024),
                DatabaseSettings.read(in.object("database")),
                in.byteSize("max_upload_body", 1024),
                PassthroughSettings.read(in.object("passthrough")));
        in.finish();
        return settings;
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
}
