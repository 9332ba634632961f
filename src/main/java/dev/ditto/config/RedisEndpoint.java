package dev.ditto.config;

import org.jspecify.annotations.Nullable;

/**
 * Where the shared Redis is, from {@code router_settings.redis_*} or the LiteLLM environment
 * variables {@code REDIS_URL}, {@code REDIS_HOST}, {@code REDIS_PORT}, {@code REDIS_PASSWORD}.
 *
 * @param url a {@code redis://} or {@code rediss://} URL, when given as one (may hold a password)
 * @param host the host, when given as parts
 * @param port the port, when given as parts
 * @param password the password, when given as parts
 */
public record RedisEndpoint(@Nullable Secret url, @Nullable String host, int port, @Nullable Secret password) {

    /** Redis's standard port. */
    public static final int DEFAULT_PORT = 6379;

    /**
     * Describes the endpoint without its password, for logs and health details.
     *
     * @return {@code host:port}, or the URL with any credentials removed
     */
    public String describe() {
        if (url != null) {
            return url.reveal().replaceAll("//[^@/]*@", "//");
        }
        return host + ":" + port;
    }
}
