package dev.ditto.testing;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The keys one test wrote into a shared Redis under a prefix of its own: listed for
 * assertions, and deleted afterwards so that runs and parallel builds never meet.
 */
public final class RedisKeys {

    private RedisKeys() {}

    /**
     * Lists the keys under a prefix.
     *
     * @param redis the client
     * @param prefix a literal prefix without glob characters
     * @return the keys, in no order
     */
    public static List<String> under(JedisPooled redis, String prefix) {
        List<String> keys = new ArrayList<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = redis.scan(cursor, new ScanParams().match(prefix + "*").count(1000));
            keys.addAll(page.getResult());
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return keys;
    }

    /**
     * Deletes the keys under a prefix.
     *
     * @param redisUrl the Redis, such as {@code redis://127.0.0.1:6379}
     * @param prefix a literal prefix without glob characters
     */
    public static void delete(String redisUrl, String prefix) {
        try (JedisPooled redis = new JedisPooled(URI.create(redisUrl))) {
            under(redis, prefix).forEach(redis::del);
        }
    }
}
