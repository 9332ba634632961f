package dev.ditto.control.keys;

/**
 * Tells every replica's key cache that a key changed (revoked, blocked, rotated, deleted,
 * re-scoped), so the change takes effect at once instead of after the cache's TTL.
 *
 * <p>{@link #local()} reaches only this process: what a single node needs. The Redis
 * implementation (with the limits store) will {@code PUBLISH} the hash on the channel
 * {@code ditto:keys:invalidate} and run one subscriber connection per replica that calls the
 * listeners for each message; when that connection drops and comes back, it calls
 * {@link Listener#invalidateAll()}, since messages sent while it was away are lost. Replicas
 * then converge within a Redis round trip, and never later than the cache TTL.
 *
 * <p>Implementations are thread-safe; listeners must return quickly and not throw.
 */
public interface KeyInvalidations extends AutoCloseable {

    /**
     * Announces that the key with this hash changed, to every replica including this one.
     *
     * @param keyHash the stored hash of the key (current or previous)
     */
    void publish(String keyHash);

    /**
     * Registers a cache to tell.
     *
     * @param listener what to call on each announcement
     */
    void subscribe(Listener listener);

    /** Stops listening; later announcements are not delivered. */
    @Override
    void close();

    /** What an announcement calls: a cache of keys. */
    interface Listener {

        /**
         * Forgets one key.
         *
         * @param keyHash the key's hash
         */
        void invalidate(String keyHash);

        /** Forgets every key, when announcements may have been missed. */
        void invalidateAll();
    }

    /**
     * Returns the announcements of a single node: delivered at once, in this process only.
     *
     * @return a new instance with no listeners
     */
    static KeyInvalidations local() {
        return new LocalKeyInvalidations();
    }
}
