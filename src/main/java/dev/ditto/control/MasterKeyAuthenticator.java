package dev.ditto.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.jspecify.annotations.Nullable;

/**
 * The authenticator of a gateway without virtual keys: open to everyone when no master key is
 * configured (LiteLLM's behaviour without {@code master_key}), otherwise only to requests that
 * present the master key. Compares in constant time. Thread-safe.
 */
public final class MasterKeyAuthenticator implements Authenticator {

    private final byte @Nullable [] masterKey;

    /**
     * Creates the authenticator.
     *
     * @param masterKey the master key, or null to let every request in as {@link Caller#anonymous()}
     */
    public MasterKeyAuthenticator(@Nullable String masterKey) {
        this.masterKey = masterKey == null || masterKey.isEmpty() ? null : masterKey.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Caller authenticate(Credentials credentials) {
        if (masterKey == null) {
            return Caller.anonymous();
        }
        String token = credentials.token();
        if (token == null || token.isEmpty()) {
            throw new AccessDeniedException(401, "missing_api_key", "Missing API key: send it as "
                    + "'Authorization: Bearer <key>' (or the x-api-key header).");
        }
        if (!MessageDigest.isEqual(masterKey, token.getBytes(StandardCharsets.UTF_8))) {
            throw new AccessDeniedException(401, "invalid_api_key", "Invalid API key.");
        }
        return Caller.master();
    }
}
