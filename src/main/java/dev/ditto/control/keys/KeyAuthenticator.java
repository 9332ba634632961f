package dev.ditto.control.keys;

import dev.ditto.control.AccessDeniedException;
import dev.ditto.control.Authenticator;
import dev.ditto.control.Caller;
import dev.ditto.control.Credentials;
import dev.ditto.control.Invalidations;
import dev.ditto.control.internal.BoundedCache;
import dev.ditto.sdk.Ticker;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Resolves API keys to callers: the master key, or a virtual key looked up by its hash in a
 * bounded cache in front of the {@link KeyStore}, so a request costs a hash and a map lookup,
 * not a database round trip.
 *
 * <p>When is the gateway open? Without a master key, every request is let in: one without a
 * key, or with a key the store does not know, as {@link Caller#anonymous()} (LiteLLM's
 * behaviour without {@code master_key}); one presenting a virtual key is still bound by that
 * key (its caller, models, routes, block and expiry). With a master key, a request must present
 * the master key or a valid virtual key; anything else gets 401.
 *
 * <p>Caching: a found key is cached under its hash for the TTL (blocked and expired keys too,
 * and checked on every hit against the clock, so an expiry takes effect on time). A key the
 * store does not know is never cached as valid; it goes into a small negative cache with a
 * short TTL, which keeps a flood of made-up keys from turning into a flood of queries. A
 * change to a key takes effect at once on {@link #invalidate(String)} (the admin API
 * publishes it through {@link Invalidations}), else within the TTL.
 *
 * <p>Thread-safe.
 */
public final class KeyAuthenticator implements Authenticator, Invalidations.Listener<String> {

    private final KeyStore keys;
    private final KeyHasher hasher;
    private final byte @Nullable [] masterKey;
    private final Clock clock;
    private final BoundedCache<Resolved> found;
    private final BoundedCache<Boolean> unknown;

    /**
     * Sizes and lifetimes of the caches.
     *
     * @param cacheSize the most keys kept
     * @param cacheTtl how long a key is trusted without asking the store again
     * @param negativeCacheSize the most unknown hashes remembered
     * @param negativeCacheTtl how long an unknown hash is answered 401 without asking the store;
     *     also how long a key created on another replica can be refused here (without Redis)
     */
    public record Settings(int cacheSize, Duration cacheTtl, int negativeCacheSize, Duration negativeCacheTtl) {

        /** Default number of cached keys. */
        public static final int DEFAULT_CACHE_SIZE = 100_000;
        /** Default key TTL. */
        public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(30);
        /** Default number of remembered unknown hashes. */
        public static final int DEFAULT_NEGATIVE_CACHE_SIZE = 10_000;
        /** Default TTL of an unknown hash. */
        public static final Duration DEFAULT_NEGATIVE_CACHE_TTL = Duration.ofSeconds(1);

        /**
         * Returns the defaults: 100,000 keys for 30 s, 10,000 unknown hashes for 1 s.
         *
         * @return the settings
         */
        public static Settings ofDefaults() {
            return new Settings(DEFAULT_CACHE_SIZE, DEFAULT_CACHE_TTL, DEFAULT_NEGATIVE_CACHE_SIZE,
                    DEFAULT_NEGATIVE_CACHE_TTL);
        }
    }

    /**
     * Creates the authenticator.
     *
     * @param keys where keys are looked up on a cache miss
     * @param hasher how presented keys are hashed, the same as when they were stored
     * @param masterKey the master key, or null for an open gateway
     * @param settings cache sizes and TTLs
     * @param clock wall time, for expiry and rotation deadlines
     * @param ticker monotonic time, for the cache TTLs
     */
    public KeyAuthenticator(KeyStore keys, KeyHasher hasher, @Nullable String masterKey, Settings settings, Clock clock,
            Ticker ticker) {
        this.keys = keys;
        this.hasher = hasher;
        this.masterKey = masterKey == null || masterKey.isEmpty() ? null : masterKey.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
        this.found = new BoundedCache<>(settings.cacheSize(), settings.cacheTtl(), ticker);
        this.unknown = new BoundedCache<>(settings.negativeCacheSize(), settings.negativeCacheTtl(), ticker);
    }

    /**
     * Resolves the caller.
     *
     * @param credentials what the request presented
     * @return the master caller, the key's caller, or the anonymous caller of an open gateway
     * @throws AccessDeniedException 401 if the key is missing or unknown (unless the gateway is
     *     open), blocked, expired, or a rotated-away key past its grace period
     * @throws dev.ditto.control.StoreUnavailableException if the key is not cached and the store
     *     cannot answer
     */
    @Override
    public Caller authenticate(Credentials credentials) {
        String token = credentials.token();
        if (token == null || token.isEmpty()) {
            if (open()) {
                return Caller.anonymous();
            }
            throw new AccessDeniedException(401, "missing_api_key", "Missing API key: send it as "
                    + "'Authorization: Bearer <key>' (or the x-api-key header).");
        }
        if (masterKey != null && MessageDigest.isEqual(masterKey, token.getBytes(StandardCharsets.UTF_8))) {
            return Caller.master();
        }
        String hash = hasher.hash(token);
        Resolved resolved = resolve(hash);
        if (resolved == null) {
            if (open()) {
                return Caller.anonymous();
            }
            throw new AccessDeniedException(401, "invalid_api_key", "Invalid API key.");
        }
        return check(resolved, hash, clock.instant());
    }

    private @Nullable Resolved resolve(String hash) {
        Resolved cached = found.get(hash);
        if (cached != null) {
            return cached;
        }
        if (unknown.get(hash) != null) {
            return null;
        }
        Optional<VirtualKey> key = keys.findByHash(hash);
        if (key.isEmpty()) {
            unknown.put(hash, Boolean.TRUE);
            return null;
        }
        Resolved resolved = new Resolved(key.get(), key.get().toCaller());
        found.put(hash, resolved);
        return resolved;
    }

    private static Caller check(Resolved resolved, String hash, Instant now) {
        VirtualKey key = resolved.key();
        if (!key.acceptsHash(hash, now)) {
            throw new AccessDeniedException(401, "invalid_api_key",
                    "Invalid API key: it was rotated and its grace period has ended; use the new key.");
        }
        if (key.blocked()) {
            throw new AccessDeniedException(401, "key_blocked", "This API key is blocked.");
        }
        if (key.isExpiredAt(now)) {
            throw new AccessDeniedException(401, "key_expired", "This API key expired at " + key.expiresAt() + ".");
        }
        return resolved.caller();
    }

    private boolean open() {
        return masterKey == null;
    }

    /**
     * Forgets a key, found or unknown, so the next request with it asks the store.
     *
     * @param keyHash the key's hash (for a rotation, call it for the old and the new hash)
     */
    @Override
    public void invalidate(String keyHash) {
        found.remove(keyHash);
        unknown.remove(keyHash);
    }

    /** Forgets every key. */
    @Override
    public void invalidateAll() {
        found.clear();
        unknown.clear();
    }

    /**
     * Returns how many keys the cache holds, for metrics.
     *
     * @return the count, at most the configured size
     */
    public int cachedKeys() {
        return found.size();
    }

    /** A cached key with its caller, built once. */
    private record Resolved(VirtualKey key, Caller caller) {}
}
