package dev.ditto.store.redis;

import dev.ditto.config.RedisEndpoint;
import java.net.URI;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;

/** Opens the pooled Jedis client for the configured Redis. */
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
        if (endpoint.url() != null) {
            URI uri = URI.create(endpoint.url().reveal());
            DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                    .connectionTimeoutMillis(TIMEOUT_MILLIS)
                    .socketTimeoutMillis(TIMEOUT_MILLIS)
                    .ssl("rediss".equals(uri.getScheme()));
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
            int port = uri.getPort() > 0 ? uri.getPort() : RedisEndpoint.DEFAULT_PORT;
            return new JedisPooled(pool, new HostAndPort(uri.getHost(), port), config.build());
        }
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(TIMEOUT_MILLIS)
                .socketTimeoutMillis(TIMEOUT_MILLIS);
        if (endpoint.password() != null) {
            config.password(endpoint.password().reveal());
        }
        return new JedisPooled(pool, new HostAndPort(endpoint.host(), endpoint.port()), config.build());
    }
}
