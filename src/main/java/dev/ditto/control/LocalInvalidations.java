package dev.ditto.control;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** {@link Invalidations#local()}: delivers each announcement to this process's listeners at once. */
final class LocalInvalidations implements Invalidations {

    private static final System.Logger LOG = System.getLogger(Invalidations.class.getName());

    private final List<Listener<String>> keys = new CopyOnWriteArrayList<>();
    private final List<Listener<Scope>> quotas = new CopyOnWriteArrayList<>();

    @Override
    public void keyChanged(String keyHash) {
        each(keys, "key", listener -> listener.invalidate(keyHash));
    }

    @Override
    public void quotasChanged(Scope scope) {
        each(quotas, "quota", listener -> listener.invalidate(scope));
    }

    @Override
    public void everythingChanged() {
        each(keys, "key", Listener::invalidateAll);
        each(quotas, "quota", Listener::invalidateAll);
    }

    @Override
    public void onKeyChange(Listener<String> listener) {
        keys.add(listener);
    }

    @Override
    public void onQuotaChange(Listener<Scope> listener) {
        quotas.add(listener);
    }

    @Override
    public void close() {
        keys.clear();
        quotas.clear();
    }

    private static <T> void each(List<Listener<T>> listeners, String cache, Consumer<Listener<T>> call) {
        for (Listener<T> listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                // A cache that fails to forget still expires its entry after its TTL.
                LOG.log(Level.WARNING, "event=invalidation_failed cache={0} error=\"{1}\"", cache, e.toString());
            }
        }
    }
}
