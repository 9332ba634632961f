package dev.ditto.store.redis;

import dev.ditto.config.RedisEndpoint;
import java.net.URI;
import java.util.function.Supplier;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPooled;

/** Opens the Jedis clients for the configured Redis: the shared pool, and dedicated connections. */
public final class RedisConnector {

    /** Connect and socket timeout: a Redis that takes longer is treated as down. */
    public static final int TIMEOUT_MILLIS = 2_000;

    private RedisConnector() {}

    /**
     * Opens a pooled client. No connection is made until the first command.
     *
     * @param endpoint where Redis is
     * @param maxConnections the pool's bound
     * @return the client; close it to close the pool
     */
    public static JedisPooled open(RedisEndpoint endpoint, int maxConnections) {
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(maxConnections);
        pool.setMaxIdle(maxConnections);
        pool.setMinIdle(0);
        pool.setJmxEnabled(false);
        return new JedisPooled(pool, hostAndPort(endpoint), config(endpoint, null));
    }

    /**
     * Returns what opens a dedicated connection outside any pool, for a subscriber that holds
     * its connection for as long as it runs.
     *
     * @param endpoint where Redis is
     * @param clientName the name the connection shows in {@code CLIENT LIST}
     * @return each call connects anew
     * @throws redis.clients.jedis.exceptions.JedisException from the supplier, if Redis cannot be reached
     */
    public static Supplier<Jedis> dedicated(RedisEndpoint endpoint, String clientName) {
        HostAndPort address = hostAndPort(endpoint);
        JedisClientConfig config = config(endpoint, clientName);
        return () -> new Jedis(address, config);
    }

    private static HostAndPort hostAndPort(RedisEndpoint endpoint) {
        if (endpoint.url() != null) {
            URI uri = URI.create(endpoint.url().reveal());
            return new HostAndPort(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : RedisEndpoint.DEFAULT_PORT);
        }
        return new HostAndPort(endpoint.host(), endpoint.port());
    }

    private static JedisClientConfig config(RedisEndpoint endpoint, @Nullable String clientName) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(TIMEOUT_MILLIS)
                .socketTimeoutMillis(TIMEOUT_MILLIS)
                .clientName(clientName);
        if (endpoint.url() != null) {
            URI uri = URI.create(endpoint.url().reveal());
            config.ssl("rediss".equals(uri.getScheme()));
            String userInfo = uri.getUserInfo();
            if (userInfo != null && !userInfo.isEmpty()) {
                int colon = userInfo.indexOf(':');
                if (colon > 0) {
                    config.user(userInfo.substring(0, colon));
                }
                config.password(colon < 0 ? userInfo : userInfo.substring(colon + 1));
            }
            String path = uri.getPath();
            if (path != null && path.length() > 1) {
                config.database(Integer.parseInt(path.substring(1)));
            }
        } else if (endpoint.password() != null) {
            config.password(endpoint.password().reveal());
        }
        return config.build();
    }
}
