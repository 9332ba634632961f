package dev.ditto.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ditto.config.RedisEndpoint;
import dev.ditto.control.Scope;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/** Without a reachable Redis, announcements still reach this replica, and close stops the retrying subscriber. */
class RedisInvalidationsTest {

    private static final RedisEndpoint DOWN = new RedisEndpoint(null, "127.0.0.1", 1, null);

    private final String node = "test-" + UUID.randomUUID();
    private final JedisPooled client = RedisConnector.open(DOWN, 1);
    private final RedisInvalidations invalidations = RedisInvalidations.start(client,
            RedisConnector.dedicated(DOWN, RedisInvalidations.THREAD_PREFIX + node), "ditto:", node);

    @AfterEach
    void close() {
        invalidations.close();
        client.close();
    }

    @Test
    void announcesToThisReplicaWhileRedisIsDown() {
        RecordingListener<String> keys = new RecordingListener<>();
        RecordingListener<Scope> quotas = new RecordingListener<>();
        invalidations.onKeyChange(keys);
        invalidations.onQuotaChange(quotas);

        invalidations.keyChanged("hash-1");
        invalidations.quotasChanged(Scope.tenant("acme"));

        assertThat(keys.invalidated).containsExactly("hash-1");
        assertThat(quotas.invalidated).containsExactly(Scope.tenant("acme"));
        assertThat(invalidations.isSubscribed()).isFalse();
    }

    @Test
    void closingStopsTheSubscriberThatKeepsRetrying() throws Exception {
        RecordingListener.await(this::subscriberThreadAlive, Duration.ofSeconds(1), "subscriber started");

        invalidations.close();

        assertThat(subscriberThreadAlive()).isFalse();
    }

    private boolean subscriberThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(thread -> thread.isAlive() && thread.getName().equals(RedisInvalidations.THREAD_PREFIX + node));
    }
}
