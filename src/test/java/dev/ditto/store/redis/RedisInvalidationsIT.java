package dev.ditto.store.redis;

import static dev.ditto.store.redis.RecordingListener.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ditto.config.RedisEndpoint;
import dev.ditto.config.Secret;
import dev.ditto.control.Scope;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.ClientKillParams;

/**
 * Replicas share key and quota invalidations through a real Redis ({@code DITTO_REDIS_URL}):
 * what one publishes reaches the others within a second, and a subscriber whose connection is
 * cut subscribes again and clears its caches, since it may have missed messages. Each test
 * uses channel prefixes and node names of its own, so parallel builds on the same Redis do not
 * meet.
 */
@EnabledIfEnvironmentVariable(named = "DITTO_REDIS_URL", matches = ".+")
class RedisInvalidationsIT {

    private static final RedisEndpoint REDIS = new RedisEndpoint(Secret.of(System.getenv("DITTO_REDIS_URL")), null,
            RedisEndpoint.DEFAULT_PORT, null);
    private static final Duration WITHIN = Duration.ofSeconds(1);

    private final String prefix = "ditto-it:" + UUID.randomUUID() + ":";
    private final JedisPooled client = RedisConnector.open(REDIS, 4);
    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
        client.close();
    }

    private Replica replica(String channelPrefix) throws InterruptedException {
        return replica(channelPrefix, REDIS, RedisInvalidations.PING_INTERVAL);
    }

    private Replica replica(String channelPrefix, RedisEndpoint subscribeTo, Duration pingInterval)
            throws InterruptedException {
        String node = "it-" + UUID.randomUUID();
        RedisInvalidations invalidations = RedisInvalidations.create(client,
                RedisConnector.dedicated(subscribeTo, RedisInvalidations.THREAD_PREFIX + node), channelPrefix, node,
                pingInterval);
        opened.add(invalidations);
        Replica replica = new Replica(node, invalidations, new RecordingListener<>(), new RecordingListener<>());
        // Listening before the first subscription, which clears every cache once.
        invalidations.onKeyChange(replica.keys());
        invalidations.onQuotaChange(replica.quotas());
        invalidations.start();
        await(invalidations::isSubscribed, Duration.ofSeconds(5), node + " subscribed");
        return replica;
    }

    record Replica(String node, RedisInvalidations invalidations, RecordingListener<String> keys,
            RecordingListener<Scope> quotas) {}

    @Test
    void aChangePublishedByOneReplicaReachesTheOthersWithinASecond() throws Exception {
        Replica a = replica(prefix);
        Replica b = replica(prefix);

        a.invalidations().keyChanged("hash-1");
        a.invalidations().quotasChanged(Scope.project("proj-1"));

        assertThat(a.keys().invalidated).as("delivered here at once, without waiting for Redis").contains("hash-1");
        await(() -> b.keys().invalidated.contains("hash-1"), WITHIN, "key change reached b");
        await(() -> b.quotas().invalidated.contains(Scope.project("proj-1")), WITHIN, "quota change reached b");
    }

    @Test
    void everythingChangedClearsEveryReplicasCaches() throws Exception {
        Replica a = replica(prefix);
        Replica b = replica(prefix);
        int before = b.keys().cleared.get();

        a.invalidations().everythingChanged();

        await(() -> b.keys().cleared.get() > before && b.quotas().cleared.get() > before, WITHIN, "b cleared");
    }

    @Test
    void replicasOnAnotherPrefixHearNothing() throws Exception {
        Replica a = replica(prefix);
        Replica other = replica("ditto-it:" + UUID.randomUUID() + ":");
        Replica b = replica(prefix);

        a.invalidations().keyChanged("hash-2");

        await(() -> b.keys().invalidated.contains("hash-2"), WITHIN, "key change reached b");
        assertThat(other.keys().invalidated).isEmpty();
    }

    @Test
    void aSubscriberWhoseConnectionDropsSubscribesAgainAndClearsItsCaches() throws Exception {
        Replica a = replica(prefix);
        Replica b = replica(prefix);
        assertThat(b.keys().cleared.get()).as("cleared on the first subscription").isEqualTo(1);
        assertThat(b.quotas().cleared.get()).isEqualTo(1);

        assertThat(kill(RedisInvalidations.THREAD_PREFIX + b.node())).isEqualTo(1);

        await(() -> b.keys().cleared.get() == 2 && b.quotas().cleared.get() == 2, Duration.ofSeconds(5),
                "b cleared its caches on resubscribing");
        await(b.invalidations()::isSubscribed, Duration.ofSeconds(5), "b subscribed again");
        a.invalidations().keyChanged("hash-3");
        await(() -> b.keys().invalidated.contains("hash-3"), WITHIN, "key change reached b after the reconnect");
    }

    @Test
    void aSubscriberWhoseConnectionSilentlyStopsDeliveringNoticesByPingingAndReconnects() throws Exception {
        URI redis = URI.create(System.getenv("DITTO_REDIS_URL"));
        try (StallingProxy proxy = StallingProxy.to(redis.getHost(),
                redis.getPort() > 0 ? redis.getPort() : RedisEndpoint.DEFAULT_PORT)) {
            RedisEndpoint viaProxy = new RedisEndpoint(Secret.of(new URI(redis.getScheme(), redis.getUserInfo(),
                    "127.0.0.1", proxy.port(), redis.getPath(), null, null).toString()), null,
                    RedisEndpoint.DEFAULT_PORT, null);
            Replica a = replica(prefix);
            Replica b = replica(prefix, viaProxy, Duration.ofMillis(400));

            // Answered pings keep a quiet connection: six intervals pass and nothing reconnects.
            Thread.sleep(2_400);
            assertThat(b.keys().cleared.get()).as("a live, idle subscription is kept").isEqualTo(1);
            a.invalidations().keyChanged("hash-before");
            await(() -> b.keys().invalidated.contains("hash-before"), WITHIN, "delivered through the proxy");

            // The connection stays open but nothing passes any more, as after a network partition.
            proxy.stallOpenConnections();

            await(() -> b.keys().cleared.get() == 2 && b.quotas().cleared.get() == 2, Duration.ofSeconds(5),
                    "b noticed the silent connection and cleared its caches on resubscribing");
            await(b.invalidations()::isSubscribed, Duration.ofSeconds(5), "b subscribed again");
            a.invalidations().keyChanged("hash-after");
            await(() -> b.keys().invalidated.contains("hash-after"), WITHIN, "key change reached b after the reconnect");
        }
    }

    @Test
    void closingStopsTheSubscriberThread() throws Exception {
        Replica a = replica(prefix);

        a.invalidations().close();

        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(thread -> thread.isAlive()
                && (thread.getName().equals(RedisInvalidations.THREAD_PREFIX + a.node())
                        || thread.getName().equals(RedisInvalidations.PING_THREAD_PREFIX + a.node())));
        await(() -> clientIds(RedisInvalidations.THREAD_PREFIX + a.node()).isEmpty(), WITHIN, "connection closed");
    }

    /** Cuts the connections with this client name, as a Redis restart or a network drop would. */
    private static long kill(String clientName) {
        long killed = 0;
        try (Jedis admin = RedisConnector.dedicated(REDIS, "it-admin").get()) {
            for (String id : clientIds(clientName)) {
                killed += admin.clientKill(ClientKillParams.clientKillParams().id(id));
            }
        }
        return killed;
    }

    private static List<String> clientIds(String clientName) {
        List<String> ids = new ArrayList<>();
        try (Jedis admin = RedisConnector.dedicated(REDIS, "it-admin").get()) {
            for (String line : admin.clientList().split("\n")) {
                String id = null;
                boolean named = false;
                for (String field : line.trim().split(" ")) {
                    if (field.startsWith("id=")) {
                        id = field.substring(3);
                    } else if (field.equals("name=" + clientName)) {
                        named = true;
                    }
                }
                if (named && id != null) {
                    ids.add(id);
                }
            }
        }
        return ids;
    }
}
