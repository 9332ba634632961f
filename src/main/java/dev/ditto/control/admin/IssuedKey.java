package dev.ditto.control.admin;

import dev.ditto.control.keys.VirtualKey;
import java.util.Objects;

/**
 * A key as created or rotated: the record and the secret, which is shown to the client this
 * once and never stored. {@link #toString()} never prints the secret. Immutable.
 *
 * @param key the stored record (its hash, never the key)
 * @param secret the whole key, such as {@code sk-3vQ...}
 */
public record IssuedKey(VirtualKey key, String secret) {

    /** Checks the fields. */
    public IssuedKey {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(secret, "secret");
    }

    @Override
    public String toString() {
        return "IssuedKey[" + key.id() + ", " + key.displayPrefix() + "]";
    }
}
