package dev.ditto.control.internal;

import dev.ditto.sdk.Ticker;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A size-bounded map with a time to live: least recently used entries go first when a stripe
 * is full, and an entry older than the TTL is a miss. Split into stripes, each a small LRU
 * under its own lock, so concurrent requests rarely wait on each other: the lock is held for
 * one hash-map operation. Thread-safe.
 *
 * <p>Hand-written rather than Caffeine because the control package stays plain Java (JDK and
 * SDK types only) and its caches (virtual keys, stored quotas) need nothing beyond size, TTL and
 * removal. Internal to the control packages: not an API.
 *
 * @param <V> the value type
 */
public final class BoundedCache<V> {

    private static final int MAX_STRIPES = 16;

    private final Stripe<V>[] stripes;
    private final long ttlNanos;
    private final Ticker ticker;

    /**
     * Creates the cache.
     *
     * @param maximumSize the most entries kept, at least 1
     * @param ttl how long an entry stays valid after it is put, positive
     * @param ticker monotonic time
     */
    @SuppressWarnings("unchecked")
    public BoundedCache(int maximumSize, Duration ttl, Ticker ticker) {
        if (maximumSize < 1) {
            throw new IllegalArgumentException("cache size must be at least 1, got " + maximumSize);
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("cache TTL must be positive, got " + ttl);
        }
        int count = Math.min(MAX_STRIPES, maximumSize);
        this.stripes = (Stripe<V>[]) new Stripe<?>[count];
        for (int i = 0; i < count; i++) {
            stripes[i] = new Stripe<>(maximumSize / count);
        }
        this.ttlNanos = ttl.toNanos();
        this.ticker = ticker;
    }

    /**
     * Returns the live value of a key.
     *
     * @param key the key
     * @return the value, or null when absent or older than the TTL
     */
    public @Nullable V get(String key) {
        Stripe<V> stripe = stripe(key);
        long now = ticker.read();
        synchronized (stripe) {
            Entry<V> entry = stripe.get(key);
            if (entry == null) {
                return null;
            }
            if (now - entry.putAt() >= ttlNanos) {
                stripe.remove(key);
                return null;
            }
            return entry.value();
        }
    }

    /**
     * Puts a value, evicting the stripe's least recently used entry when it is full.
     *
     * @param key the key
     * @param value the value
     */
    public void put(String key, V value) {
        Stripe<V> stripe = stripe(key);
        Entry<V> entry = new Entry<>(value, ticker.read());
        synchronized (stripe) {
            stripe.put(key, entry);
        }
    }

    /**
     * Removes a key.
     *
     * @param key the key
     */
    public void remove(String key) {
        Stripe<V> stripe = stripe(key);
        synchronized (stripe) {
            stripe.remove(key);
        }
    }

    /** Removes every entry. */
    public void clear() {
        for (Stripe<V> stripe : stripes) {
            synchronized (stripe) {
                stripe.clear();
            }
        }
    }

    /**
     * Returns how many entries are held, expired ones included until they are touched or evicted.
     *
     * @return the count, at most the maximum size
     */
    public int size() {
        int size = 0;
        for (Stripe<V> stripe : stripes) {
            synchronized (stripe) {
                size += stripe.size();
            }
        }
        return size;
    }

    private Stripe<V> stripe(String key) {
        int hash = key.hashCode();
        return stripes[Math.floorMod(hash ^ (hash >>> 16), stripes.length)];
    }

    private record Entry<V>(V value, long putAt) {}

    /** One LRU; guarded by its own monitor. */
    private static final class Stripe<V> extends LinkedHashMap<String, Entry<V>> {

        private final int capacity;

        Stripe(int capacity) {
            super(16, 0.75f, true);
            this.capacity = Math.max(1, capacity);
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry<V>> eldest) {
            return size() > capacity;
        }
    }
}
