package dev.ditto.config;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The whole startup configuration, validated once and immutable afterwards. Field names follow
 * LiteLLM's {@code config.yaml}; Ditto-only settings are under {@link #ditto()}.
 *
 * @param source where the configuration came from, for logs and error messages
 * @param modelList the deployments, in file order
 * @param routerSettings LiteLLM's {@code router_settings}
 * @param litellmSettings LiteLLM's {@code litellm_settings}
 * @param generalSettings LiteLLM's {@code general_settings}, with {@code DATABASE_URL} applied
 * @param ditto Ditto's own settings
 * @param redis the shared Redis, when one is configured
 * @param warnings what was accepted but has no effect, one line per key
 */
public record GatewaySettings(
        String source,
        List<ModelDeployment> modelList,
        RouterSettings routerSettings,
        LitellmSettings litellmSettings,
        GeneralSettings generalSettings,
        DittoSettings ditto,
        @Nullable RedisEndpoint redis,
        List<ConfigProblem> warnings) {

    /** The request body limit when nothing else is configured: 32 MiB. */
    public static final long DEFAULT_MAX_REQUEST_BODY_BYTES = 32L << 20;

    /** The multipart upload limit when nothing else is configured: 512 MiB, OpenAI's largest file. */
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 512L << 20;

    /** Copies the collections so the record stays immutable. */
    public GatewaySettings {
        modelList = List.copyOf(modelList);
        warnings = List.copyOf(warnings);
    }

    /**
     * Returns the request body limit: {@code ditto.max_request_body}, else LiteLLM's
     * {@code general_settings.max_request_size_mb}, else 32 MiB.
     *
     * @return the limit in bytes
     */
    public long maxRequestBodyBytes() {
        if (ditto.maxRequestBodyBytes() != null) {
            return ditto.maxRequestBodyBytes();
        }
        Integer mb = generalSettings.maxRequestSizeMb();
        return mb != null ? mb.longValue() << 20 : DEFAULT_MAX_REQUEST_BODY_BYTES;
    }

    /**
     * Returns the limit of multipart uploads (files, audio, image edits), which are streamed or
     * spooled to disk rather than held in memory: {@code ditto.max_upload_body}, else 512 MiB or
     * the request body limit if that is larger.
     *
     * @return the limit in bytes
     */
    public long maxUploadBytes() {
        if (ditto.maxUploadBytes() != null) {
            return ditto.maxUploadBytes();
        }
        return Math.max(DEFAULT_MAX_UPLOAD_BYTES, maxRequestBodyBytes());
    }

    /**
     * Returns the shared Redis, if one is configured.
     *
     * @return the endpoint, or empty when Redis is not configured
     */
    public Optional<RedisEndpoint> redisEndpoint() {
        return Optional.ofNullable(redis);
    }

    /**
     * Returns a copy with the embedded server's address and the data directory replaced, as the
     * launcher's {@code --host}, {@code --port} and {@code --data-dir} options do.
     *
     * @param overrides the values to replace; null fields keep the configured value
     * @return the new settings
     */
    public GatewaySettings with(LauncherOverrides overrides) {
        DittoSettings.ServerSettings server = new DittoSettings.ServerSettings(
                overrides.host() != null ? overrides.host() : ditto.server().host(),
                overrides.port() != null ? overrides.port() : ditto.server().port(),
                ditto.server().acceptQueueSize(), ditto.server().maxThreads());
        DittoSettings newDitto = new DittoSettings(
                server,
                overrides.dataDir() != null ? overrides.dataDir() : ditto.dataDir(),
                ditto.maxRequestBodyBytes(),
                ditto.database(),
                ditto.relay(),
                ditto.limits(),
                ditto.pricing(),
                ditto.keys(),
                ditto.maxUploadBytes(),
                ditto.passthrough(),
                ditto.metrics(),
                ditto.admin(),
                ditto.retention(),
                ditto.reload());
        return new GatewaySettings(source, modelList, routerSettings, litellmSettings, generalSettings, newDitto,
                redis, warnings);
    }
}
