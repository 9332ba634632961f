package dev.ditto.store.redis;

import dev.ditto.control.Invalidations;
import dev.ditto.control.Scope;
import java.time.Duration;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.UnifiedJedis;

/**
 * The announcements of changed keys and quotas shared by replicas through Redis pub/sub. Each
 * announcement is delivered to this process's listeners at once and {@code PUBLISH}ed on
 * {@code <prefix>keys:invalidate} (the key hash) or {@code <prefix>quotas:invalidate} (the
 * scope as {@code kind:id}); {@code *} on the keys channel clears every key and quota cache. One subscriber
 * thread per replica, {@code ditto-invalidations-<node>}, holds a dedicated connection
 * subscribed to both channels and delivers what every replica publishes (its own messages too,
 * which only clear an entry a second time).
 *
 * <p>Pub/sub delivers at most once: a replica that is disconnected misses what is published
 * meanwhile. So every time the subscription is (re)established, every listener forgets
 * everything, and the connection is retried with a backoff from {@value #MIN_BACKOFF_MILLIS} ms
 * doubling up to {@value #MAX_BACKOFF_MILLIS} ms. A publish that fails is logged and dropped: the
 * other replicas' caches then expire the entry within their TTL.
 *
 * <p>A connection can also stay open and silently stop delivering (a half-open TCP connection
 * after a network partition or a Redis host that vanished): the subscriber would then wait
 * forever, and the replica would miss every announcement. So a second thread,
 * {@code ditto-invalidations-ping-<node>}, sends {@code PING} on the subscribed connection every
 * ping interval (5 s by default); when no reply has come for {@value #MISSED_PINGS} intervals it
 * logs {@code event=invalidations_stalled} and cuts the connection, and the subscriber
 * reconnects (and clears every cache) as above.
 *
 * <p>Thread-safe. Does not own the pooled client it publishes with; {@link #close()} stops both
 * threads and closes the connection.
 */
public final class RedisInvalidations implements Invalidations {

    /** The channel of changed keys, after the prefix. */
    public static final String KEYS_CHANNEL = "keys:invalidate";
    /** The channel of changed limits and budgets, after the prefix. */
    public static final String QUOTAS_CHANNEL = "quotas:invalidate";
    /** The message on the keys channel that clears every key and quota cache. */
    public static final String EVERYTHING = "*";
    /** The name of the subscriber thread, before the node id. */
    public static final String THREAD_PREFIX = "ditto-invalidations-";
    static final long MIN_BACKOFF_MILLIS = 100;
    static final long MAX_BACKOFF_MILLIS = 5_000;
    /** How often the subscribed connection is pinged. */
    static final Duration PING_INTERVAL = Duration.ofSeconds(5);
    /** Intervals without a reply after which the connection is taken for dead. */
    static final int MISSED_PINGS = 3;
    /** The name of the ping thread, before the node id. */
    public static final String PING_THREAD_PREFIX = "ditto-invalidations-ping-";
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(RedisInvalidations.class);

    private final UnifiedJedis publisher;
    private final Supplier<Jedis> connections;
    private final String keysChannel;
    private final String quotasChannel;
    private final Invalidations local = Invalidations.local();
    private final Thread subscriber;
    private final Thread pinger;
    private final long pingIntervalNanos;
    private volatile boolean closed;
    /** When the current subscription last showed it is alive (subscribed, a message or a pong). */
    private volatile long lastHeardNanos;
    private volatile boolean subscribed;
    private volatile @Nullable Jedis connection;
    private volatile @Nullable JedisPubSub subscription;

    private RedisInvalidations(UnifiedJedis publisher, Supplier<Jedis> connections, String prefix, String node,
            Duration pingInterval) {
        if (pingInterval.isNegative() || pingInterval.isZero()) {
            throw new IllegalArgumentException("the ping interval must be positive, got " + pingInterval);
        }
        this.publisher = publisher;
        this.connections = connections;
        this.keysChannel = prefix + KEYS_CHANNEL;
        this.quotasChannel = prefix + QUOTAS_CHANNEL;
        this.pingIntervalNanos = pingInterval.toNanos();
        this.subscriber = new Thread(this::run, THREAD_PREFIX + node);
        subscriber.setDaemon(true);
        this.pinger = new Thread(this::ping, PING_THREAD_PREFIX + node);
        pinger.setDaemon(true);
    }

    /**
     * Starts the subscriber thread; it connects in the background, so a Redis that is down
     * delays nothing (announcements then reach this replica only, until it comes back).
     *
     * @param publisher the pooled client, to publish with; not closed by this
     * @param connections opens the subscriber's dedicated connection, once per (re)connect
     * @param prefix the prefix of the channel names, such as {@code ditto:}
     * @param node this replica's id, for the thread's name
     * @return the running announcements
     */
    public static RedisInvalidations start(UnifiedJedis publisher, Supplier<Jedis> connections, String prefix,
            String node) {
        return start(publisher, connections, prefix, node, PING_INTERVAL);
    }

    /**
     * Starts the subscriber thread and the ping thread with a ping interval of its own (tests use
     * a short one).
     *
     * @param publisher the pooled client, to publish with; not closed by this
     * @param connections opens the subscriber's dedicated connection, once per (re)connect
     * @param prefix the prefix of the channel names, such as {@code ditto:}
     * @param node this replica's id, for the threads' names
     * @param pingInterval how often the subscribed connection is pinged; positive
     * @return the running announcements
     */
    public static RedisInvalidations start(UnifiedJedis publisher, Supplier<Jedis> connections, String prefix,
            String node, Duration pingInterval) {
        return create(publisher, connections, prefix, node, pingInterval).start();
    }

    /**
     * Returns the announcements with neither thread started, so that listeners can be added
     * before the first subscription clears them (tests count that clear).
     */
    static RedisInvalidations create(UnifiedJedis publisher, Supplier<Jedis> connections, String prefix, String node,
            Duration pingInterval) {
        return new RedisInvalidations(publisher, connections, prefix, node, pingInterval);
    }

    /** Starts the subscriber and ping threads of announcements made by {@link #create}; once. */
    RedisInvalidations start() {
        subscriber.start();
        pinger.start();
        return this;
    }

    @Override
    public void keyChanged(String keyHash) {
        local.keyChanged(keyHash);
        publish(keysChannel, keyHash);
    }

    @Override
    public void quotasChanged(Scope scope) {
        local.quotasChanged(scope);
        publish(quotasChannel, scope.toString());
    }

    @Override
    public void everythingChanged() {
        local.everythingChanged();
        publish(keysChannel, EVERYTHING);
    }

    @Override
    public void onKeyChange(Listener<String> listener) {
        local.onKeyChange(listener);
    }

    @Override
    public void onQuotaChange(Listener<Scope> listener) {
        local.onQuotaChange(listener);
    }

    /**
     * Returns whether the subscriber is subscribed now, so that other replicas' announcements arrive.
     *
     * @return true while subscribed to both channels
     */
    public boolean isSubscribed() {
        return subscribed;
    }

    /** Stops the subscriber thread (waiting for it briefly) and forgets the listeners; idempotent. */
    @Override
    public void close() {
        closed = true;
        JedisPubSub current = subscription;
        if (current != null && current.isSubscribed()) {
            try {
                current.unsubscribe();
            } catch (RuntimeException e) {
                LOG.debug("event=invalidations_unsubscribe_failed error=\"{}\"", e.toString());
            }
        }
        pinger.interrupt();
        subscriber.interrupt();
        if (!join()) {
            // Unsubscribing did not end the blocking read (the connection is stuck): cut the socket.
            Jedis stuck = connection;
            if (stuck != null) {
                stuck.disconnect();
            }
            if (!join()) {
                LOG.warn("event=invalidations_thread_not_stopped thread={}", subscriber.getName());
            }
        }
        try {
            pinger.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        local.close();
    }

    private boolean join() {
        try {
            subscriber.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !subscriber.isAlive();
    }

    /**
     * The ping thread: while subscribed, pings the connection every interval, and cuts it when
     * nothing has been heard from it for {@value #MISSED_PINGS} intervals.
     */
    private void ping() {
        while (!closed) {
            if (!pause(Math.max(1, pingIntervalNanos / 1_000_000))) {
                return;
            }
            JedisPubSub current = subscription;
            Jedis open = connection;
            if (closed || !subscribed || current == null || open == null) {
                continue;
            }
            long silentNanos = System.nanoTime() - lastHeardNanos;
            if (silentNanos > MISSED_PINGS * pingIntervalNanos) {
                LOG.warn("event=invalidations_stalled silent_ms={} (no reply to pings: reconnecting)",
                        silentNanos / 1_000_000);
                open.disconnect();
                continue;
            }
            try {
                current.ping();
            } catch (RuntimeException e) {
                // The subscriber sees the same broken connection and reconnects.
                LOG.debug("event=invalidations_ping_failed error=\"{}\"", e.toString());
            }
        }
    }

    private void publish(String channel, String message) {
        try {
            publisher.publish(channel, message);
        } catch (RuntimeException e) {
            LOG.warn("event=invalidation_not_published channel={} error=\"{}\" (other replicas forget within their "
                    + "cache TTL)", channel, e.toString());
        }
    }

    private void run() {
        long backoff = MIN_BACKOFF_MILLIS;
        while (!closed) {
            Subscription listening = new Subscription();
            try (Jedis jedis = connections.get()) {
                connection = jedis;
                subscription = listening;
                if (!closed) {
                    jedis.subscribe(listening, keysChannel, quotasChannel);
                }
            } catch (RuntimeException e) {
                if (!closed) {
                    LOG.warn("event=invalidations_disconnected retry_in_ms={} error=\"{}\"", backoff, e.toString());
                }
            } finally {
                subscribed = false;
                connection = null;
                subscription = null;
            }
            if (listening.wasSubscribed) {
                backoff = MIN_BACKOFF_MILLIS;
            }
            if (closed || !pause(backoff)) {
                return;
            }
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
        }
    }

    /** Waits (before reconnecting, between pings); false when interrupted, which only {@link #close()} does. */
    private boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    /** One connection's subscription: runs on the subscriber thread. */
    private final class Subscription extends JedisPubSub {

        private boolean wasSubscribed;

        @Override
        public void onSubscribe(String channel, int subscribedChannels) {
            if (subscribedChannels < 2) {
                return;
            }
            wasSubscribed = true;
            lastHeardNanos = System.nanoTime();
            // Whatever was published while this replica was not listening is lost: start afresh,
            // before isSubscribed() says so, so that a caller who saw it subscribed sees the caches cleared.
            local.everythingChanged();
            subscribed = true;
            LOG.info("event=invalidations_subscribed channels=\"{},{}\"", keysChannel, quotasChannel);
        }

        @Override
        public void onPong(String pattern) {
            lastHeardNanos = System.nanoTime();
        }

        @Override
        public void onMessage(String channel, String message) {
            lastHeardNanos = System.nanoTime();
            try {
                deliver(channel, message);
            } catch (RuntimeException e) {
                LOG.warn("event=invalidation_ignored channel={} message=\"{}\" error=\"{}\"", channel, message,
                        e.toString());
            }
        }

        private void deliver(String channel, String message) {
            if (channel.equals(keysChannel) && EVERYTHING.equals(message)) {
                local.everythingChanged();
            } else if (channel.equals(keysChannel)) {
                local.keyChanged(message);
            } else if (channel.equals(quotasChannel)) {
                local.quotasChanged(Scope.parse(message));
            }
        }
    }
}
