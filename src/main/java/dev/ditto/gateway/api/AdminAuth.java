package dev.ditto.gateway.api;

import dev.ditto.config.ConfigLoader;
import dev.ditto.config.GatewaySettings;
import dev.ditto.config.Secret;
import dev.ditto.control.AdminPrincipal;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Guards the admin API with the master key ({@code general_settings.master_key}, else the
 * {@value ConfigLoader#MASTER_KEY_ENV} environment variable), sent as {@code Authorization:
 * Bearer <key>} or {@code x-api-key}. Without a configured master key the admin API is off
 * (403). A stand-in until virtual keys and admin roles land; immutable and thread-safe.
 */
public final class AdminAuth {

    private static final String BEARER = "bearer ";
    private static final String API_KEY_HEADER = "x-api-key";
    static final String DISABLED_MESSAGE = "The admin API is disabled because no master key is configured; set "
            + "general_settings.master_key in the configuration (for example master_key: os.environ/"
            + ConfigLoader.MASTER_KEY_ENV + ") or the " + ConfigLoader.MASTER_KEY_ENV + " environment variable.";

    private final byte @Nullable [] masterKeyDigest;

    private AdminAuth(byte @Nullable [] masterKeyDigest) {
        this.masterKeyDigest = masterKeyDigest;
    }

    /**
     * Reads the master key from the settings (where the loader has already put the environment's).
     *
     * @param settings the configuration
     * @return the check
     */
    public static AdminAuth from(GatewaySettings settings) {
        Secret key = settings.generalSettings().masterKey();
        return new AdminAuth(key == null || key.reveal().isBlank() ? null : digest(key.reveal()));
    }

    /**
     * Lets the request through only if it carries the master key.
     *
     * @param headers the request's headers
     * @return who the administrator is
     * @throws ApiException 403 when no master key is configured; 401 when the request carries no
     *     key or another one
     */
    public AdminPrincipal require(HttpHeaders headers) {
        if (masterKeyDigest == null) {
            throw new ApiException(new ApiError(403, ApiError.PERMISSION, "admin_api_disabled", DISABLED_MESSAGE, null));
        }
        String presented = presentedKey(headers);
        if (presented == null) {
            throw unauthorized("No API key provided; send the master key as 'Authorization: Bearer <key>' or 'x-api-key'.");
        }
        // Digests first: equal lengths, so the comparison time says nothing about the key.
        if (!MessageDigest.isEqual(masterKeyDigest, digest(presented))) {
            throw unauthorized("Invalid master key.");
        }
        return AdminPrincipal.masterKey();
    }

    /**
     * Lets the request through only if it carries the master key. The container's sign-in is
     * not consulted yet; the overload exists so the admin resources already pass it.
     *
     * @param headers the request's headers
     * @param security the container's view of the caller (ignored for now)
     * @return who the administrator is
     * @throws ApiException as {@link #require(HttpHeaders)}
     */
    public AdminPrincipal require(HttpHeaders headers, SecurityContext security) {
        return require(headers);
    }

    private static @Nullable String presentedKey(HttpHeaders headers) {
        String authorization = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.length() > BEARER.length()
                && authorization.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
            return authorization.substring(BEARER.length()).strip();
        }
        String apiKey = headers.getHeaderString(API_KEY_HEADER);
        return apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
    }

    private static ApiException unauthorized(String message) {
        return new ApiException(new ApiError(401, ApiError.AUTHENTICATION, "invalid_api_key", message, null));
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
