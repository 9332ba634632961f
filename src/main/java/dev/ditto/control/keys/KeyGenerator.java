package dev.ditto.control.keys;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * Makes virtual keys: {@value #PREFIX} and {@value #RANDOM_BYTES} random bytes (192 bits) from
 * {@link SecureRandom}, written as a fixed {@value #ENCODED_LENGTH} characters of base62 so the
 * key is one word (double-click selects it) and safe in any header. Thread-safe.
 *
 * <pre>{@code
 * GeneratedKey key = KeyGenerator.of(KeyHasher.sha256()).generate();
 * show(key.secret());                // once
 * store(key.hash(), key.displayPrefix());
 * }</pre>
 */
public final class KeyGenerator {

    /** What every key starts with, as in LiteLLM and OpenAI. */
    public static final String PREFIX = "sk-";
    /** Random bytes per key. */
    public static final int RANDOM_BYTES = 24;
    /** Base62 characters that hold {@value #RANDOM_BYTES} bytes ({@code 62^33 > 2^192}). */
    public static final int ENCODED_LENGTH = 33;

    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final BigInteger SIXTY_TWO = BigInteger.valueOf(62);

    private final KeyHasher hasher;
    private final SecureRandom random;

    private KeyGenerator(KeyHasher hasher, SecureRandom random) {
        this.hasher = hasher;
        this.random = random;
    }

    /**
     * Returns a generator over a new {@link SecureRandom}.
     *
     * @param hasher how keys are hashed for the store
     * @return the generator
     */
    public static KeyGenerator of(KeyHasher hasher) {
        return new KeyGenerator(hasher, new SecureRandom());
    }

    /**
     * Makes a key.
     *
     * @return the key, its hash and its display form
     */
    public GeneratedKey generate() {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        BigInteger value = new BigInteger(1, bytes);
        char[] encoded = new char[ENCODED_LENGTH];
        for (int i = ENCODED_LENGTH - 1; i >= 0; i--) {
            BigInteger[] quotientAndRemainder = value.divideAndRemainder(SIXTY_TWO);
            encoded[i] = BASE62[quotientAndRemainder[1].intValue()];
            value = quotientAndRemainder[0];
        }
        String secret = PREFIX + new String(encoded);
        return new GeneratedKey(secret, hasher.hash(secret), displayPrefix(secret));
    }

    /**
     * Returns what may be shown of a key: LiteLLM's abbreviation, {@code sk-...} and the last
     * four characters.
     *
     * @param key the whole key
     * @return such as {@code sk-...abcd}
     */
    public static String displayPrefix(String key) {
        return PREFIX + "..." + (key.length() <= 4 ? "" : key.substring(key.length() - 4));
    }
}
