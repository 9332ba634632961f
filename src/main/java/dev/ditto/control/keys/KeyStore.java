package dev.ditto.control.keys;

import dev.ditto.control.ConflictException;
import dev.ditto.control.NotFoundException;
import dev.ditto.control.Page;
import dev.ditto.control.PageRequest;
import java.util.Optional;

/**
 * Stores virtual keys by id and by hash. The data plane reads it only on a cache miss of the
 * {@link KeyAuthenticator}; the admin API writes it. Thread-safe; each call is its own
 * transaction unless made inside {@link dev.ditto.control.ControlStore#inTransaction}.
 */
public interface KeyStore {

    /**
     * Stores a new key.
     *
     * @param key the key
     * @return the key as stored
     * @throws ConflictException if the id or the hash exists, or an owner does not
     */
    VirtualKey create(VirtualKey key);

    /**
     * Finds a key by id.
     *
     * @param id the id
     * @return the key, or empty
     */
    Optional<VirtualKey> get(String id);

    /**
     * Finds the key whose current or previous hash is this one. Whether a previous hash is
     * still within its grace period is for the caller to check ({@link VirtualKey#acceptsHash}).
     *
     * @param tokenHash the hash of a presented key string
     * @return the key, or empty
     */
    Optional<VirtualKey> findByHash(String tokenHash);

    /**
     * Replaces a key's fields (all but its id and creation time): alias, owners, models,
     * routes, expiry, block, metadata, and the hashes of a rotation.
     *
     * @param key the new state
     * @return the key as stored
     * @throws NotFoundException if no key has that id
     * @throws ConflictException if the new hash belongs to another key
     */
    VirtualKey update(VirtualKey key);

    /**
     * Deletes a key.
     *
     * @param id the id
     * @return true if it existed
     */
    boolean delete(String id);

    /**
     * Lists keys by id.
     *
     * @param filter which keys
     * @param page where to start and how many
     * @return the page
     */
    Page<VirtualKey> list(KeyFilter filter, PageRequest page);
}
