package dev.ditto.control.keys;

import dev.ditto.control.NotFoundException;
import dev.ditto.control.Page;
import dev.ditto.control.PageRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link KeyStore} in a map that counts the lookups by hash, for the authenticator's tests. */
final class FakeKeyStore implements KeyStore {

    private final Map<String, VirtualKey> keys = new ConcurrentHashMap<>();
    private final AtomicInteger lookups = new AtomicInteger();

    int lookups() {
        return lookups.get();
    }

    @Override
    public VirtualKey create(VirtualKey key) {
        keys.put(key.id(), key);
        return key;
    }

    @Override
    public Optional<VirtualKey> get(String id) {
        return Optional.ofNullable(keys.get(id));
    }

    @Override
    public Optional<VirtualKey> findByHash(String tokenHash) {
        lookups.incrementAndGet();
        return keys.values().stream()
                .filter(key -> key.tokenHash().equals(tokenHash) || tokenHash.equals(key.previousHash()))
                .findFirst();
    }

    @Override
    public VirtualKey update(VirtualKey key) {
        if (keys.replace(key.id(), key) == null) {
            throw new NotFoundException("key", key.id());
        }
        return key;
    }

    @Override
    public boolean delete(String id) {
        return keys.remove(id) != null;
    }

    @Override
    public Page<VirtualKey> list(KeyFilter filter, PageRequest page) {
        return new Page<>(List.copyOf(keys.values()), null, page.limit());
    }
}
