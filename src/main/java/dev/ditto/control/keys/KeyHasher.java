package dev.ditto.control.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns a key string into what the store keeps: the lowercase hex SHA-256 of the whole string,
 * {@code sk-} included, UTF-8 encoded. That is exactly what LiteLLM stores
 * ({@code hashlib.sha256(token.encode()).hexdigest()} in its {@code hash_token}), so keys
 * migrated from LiteLLM's database keep working.
 *
 * <p>With a pepper ({@code ditto.keys.pepper}) the hash is HMAC-SHA256 keyed by the pepper
 * instead: a stolen database alone then cannot confirm a guessed key. The two modes give
 * different hashes; switching modes (or changing the pepper) makes every stored key unusable
 * until it is re-issued, and LiteLLM's hashes only match in the plain mode.
 *
 * <p>Immutable and thread-safe.
 */
public final class KeyHasher {

    private static final String HMAC = "HmacSHA256";

    private final @org.jspecify.annotations.Nullable SecretKeySpec pepper;

    private KeyHasher(@org.jspecify.annotations.Nullable SecretKeySpec pepper) {
        this.pepper = pepper;
    }

    /**
     * Returns the plain mode: SHA-256, LiteLLM-compatible.
     *
     * @return the hasher
     */
    public static KeyHasher sha256() {
        return new KeyHasher(null);
    }

    /**
     * Returns the peppered mode: HMAC-SHA256 keyed by the pepper.
     *
     * @param pepper the secret, at least 16 characters
     * @return the hasher
     * @throws IllegalArgumentException if the pepper is shorter than 16 characters
     */
    public static KeyHasher hmacSha256(String pepper) {
        if (pepper.length() < 16) {
            throw new IllegalArgumentException("the key pepper must be at least 16 characters, got " + pepper.length());
        }
        return new KeyHasher(new SecretKeySpec(pepper.getBytes(StandardCharsets.UTF_8), HMAC));
    }

    /**
     * Tells which mode this is.
     *
     * @return true for HMAC with a pepper, false for plain SHA-256
     */
    public boolean peppered() {
        return pepper != null;
    }

    /**
     * Hashes a key string.
     *
     * @param token the whole key, such as {@code sk-...}
     * @return 64 lowercase hex characters
     */
    public String hash(String token) {
        byte[] input = token.getBytes(StandardCharsets.UTF_8);
        try {
            if (pepper == null) {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(input));
            }
            Mac mac = Mac.getInstance(HMAC);
            mac.init(pepper);
            return HexFormat.of().formatHex(mac.doFinal(input));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256 and HmacSHA256", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the key pepper cannot key HmacSHA256", e);
        }
    }

    @Override
    public String toString() {
        return peppered() ? "HMAC-SHA256 with pepper" : "SHA-256";
    }
}
