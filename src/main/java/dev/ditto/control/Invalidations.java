package dev.ditto.control;

import java.util.function.Consumer;

/**
 * Tells every replica's caches that control-plane records changed, so a change made through
 * the admin API takes effect at once instead of when a cached copy expires: the key cache
 * (a key revoked, blocked, rotated, deleted or re-scoped, by its hash) and the stored-quota
 * cache (a scope's limits or budgets, by its {@link Scope}).
 *
 * <p>{@link #local()} reaches only this process, which is all a single node needs. With Redis
 * configured, the gateway uses the Redis implementation in {@code store.redis}: each change is
 * delivered here at once and {@code PUBLISH}ed on {@code <prefix>keys:invalidate} or
 * {@code <prefix>quotas:invalidate}; one subscriber connection per replica delivers what the
 * others publish. When that connection drops and comes back, every listener's
 * {@link Listener#invalidateAll()} is called, since messages sent meanwhile are lost. Replicas
 * converge within a Redis round trip, and never later than their caches' TTL.
 *
 * <p>Callers announce a change only after it is committed: a replica told to forget a record
 * before the commit could read the old row again and cache it for a whole TTL.
 *
 * <p>Implementations are thread-safe; listeners must return quickly and not throw (a listener
 * that throws is logged and skipped).
 *
 * <pre>{@code
 * Invalidations invalidations = Invalidations.local();
 * invalidations.onKeyChange(keyAuthenticator);
 * invalidations.keyChanged(revoked.tokenHash());
 * }</pre>
 */
public interface Invalidations extends AutoCloseable {

    /**
     * Announces that the key with this hash changed, to every replica including this one.
     *
     * @param keyHash the stored hash of the key (current or previous)
     */
    void keyChanged(String keyHash);

    /**
     * Announces that a scope's stored limits or budgets changed, to every replica including this one.
     *
     * @param scope the scope whose limits or budgets changed
     */
    void quotasChanged(Scope scope);

    /**
     * Announces that anything may have changed (a restore, a bulk import): every listener
     * forgets everything, on every replica.
     */
    void everythingChanged();

    /**
     * Registers a key cache to tell.
     *
     * @param listener called with the hash of each changed key
     */
    void onKeyChange(Listener<String> listener);

    /**
     * Registers a quota cache to tell.
     *
     * @param listener called with each scope whose limits or budgets changed
     */
    void onQuotaChange(Listener<Scope> listener);

    /** Stops listening and forgets the listeners; later announcements are not delivered. */
    @Override
    void close();

    /**
     * A cache that an announcement clears.
     *
     * @param <T> what names an entry: a key hash or a scope
     */
    interface Listener<T> {

        /**
         * Forgets one entry.
         *
         * @param changed what changed
         */
        void invalidate(T changed);

        /** Forgets every entry, when announcements may have been missed. */
        void invalidateAll();

        /**
         * Returns a listener made of two callbacks.
         *
         * @param one what forgets one entry
         * @param all what forgets every entry
         * @param <T> what names an entry
         * @return the listener
         */
        static <T> Listener<T> of(Consumer<T> one, Runnable all) {
            return new Listener<>() {
                @Override
                public void invalidate(T changed) {
                    one.accept(changed);
                }

                @Override
                public void invalidateAll() {
                    all.run();
                }
            };
        }
    }

    /**
     * Returns the announcements of a single node: delivered at once, in this process only.
     *
     * @return a new instance with no listeners
     */
    static Invalidations local() {
        return new LocalInvalidations();
    }
}
