package dev.ditto.control.keys;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** {@link KeyInvalidations#local()}: delivers each announcement to this process's listeners at once. */
final class LocalKeyInvalidations implements KeyInvalidations {

    private static final System.Logger LOG = System.getLogger(KeyInvalidations.class.getName());

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    @Override
    public void publish(String keyHash) {
        for (Listener listener : listeners) {
            try {
                listener.invalidate(keyHash);
            } catch (RuntimeException e) {
                // A cache that fails to forget still expires its entry after its TTL.
                LOG.log(Level.WARNING, "event=key_invalidation_failed error=\"{0}\"", e.toString());
            }
        }
    }

    @Override
    public void subscribe(Listener listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
        listeners.clear();
    }
}
