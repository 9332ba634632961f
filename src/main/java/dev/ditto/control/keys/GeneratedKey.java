package dev.ditto.control.keys;

/**
 * A freshly generated key: the secret to show the client once, and what is stored of it.
 * {@link #toString()} never prints the secret. Immutable.
 *
 * @param secret the whole key, such as {@code sk-3vQ...}; show it once, never store or log it
 * @param hash the stored hash ({@link KeyHasher})
 * @param displayPrefix what may be shown later, such as {@code sk-...abcd}
 */
public record GeneratedKey(String secret, String hash, String displayPrefix) {

    @Override
    public String toString() {
        return "GeneratedKey[" + displayPrefix + "]";
    }
}
