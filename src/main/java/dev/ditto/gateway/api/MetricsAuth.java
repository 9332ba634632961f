package dev.ditto.gateway.api;

import dev.ditto.config.DittoSettings.MetricsSettings;
import dev.ditto.config.GatewaySettings;
import dev.ditto.config.Secret;
import jakarta.ws.rs.core.HttpHeaders;
import java.security.MessageDigest;
import org.jspecify.annotations.Nullable;

/**
 * Guards {@code /metrics}: open when {@code ditto.metrics.open} is true; otherwise the request
 * must carry the metrics token ({@code ditto.metrics.token}) or the master key, as {@code
 * Authorization: Bearer <key>} (what Prometheus sends with {@code authorization: {credentials:
 * ...}}) or {@code x-api-key}. With neither configured, {@code /metrics} is off (403) and says
 * how to turn it on. Immutable and thread-safe.
 */
final class MetricsAuth {

    static final String DISABLED_MESSAGE = "The metrics endpoint is disabled because no credentials are configured; "
            + "set ditto.metrics.token (a token for the scraper), general_settings.master_key, or "
            + "ditto.metrics.open: true to serve it without credentials.";

    private final boolean open;
    private final byte @Nullable [] tokenDigest;
    private final AdminAuth admin;
    private final boolean masterKey;

    private MetricsAuth(boolean open, byte @Nullable [] tokenDigest, AdminAuth admin, boolean masterKey) {
        this.open = open;
        this.tokenDigest = tokenDigest;
        this.admin = admin;
        this.masterKey = masterKey;
    }

    static MetricsAuth from(GatewaySettings settings) {
        MetricsSettings metrics = settings.ditto().metrics();
        Secret token = metrics.token();
        Secret master = settings.generalSettings().masterKey();
        return new MetricsAuth(metrics.open(), token == null || token.reveal().isBlank() ? null
                : AdminAuth.digest(token.reveal()), AdminAuth.from(settings),
                master != null && !master.reveal().isBlank());
    }

    /**
     * Lets the request through if the endpoint is open or the request carries the token or the master key.
     *
     * @param headers the request's headers
     * @throws ApiException 403 when nothing is configured that could let it in; 401 when the
     *     request carries no key or a wrong one
     */
    void require(HttpHeaders headers) {
        if (open) {
            return;
        }
        if (tokenDigest == null && !masterKey) {
            throw new ApiException(new ApiError(403, ApiError.PERMISSION, "metrics_disabled", DISABLED_MESSAGE, null));
        }
        String presented = AdminAuth.presentedToken(headers);
        // Digests first: equal lengths, so the comparison time says nothing about the token.
        if (presented != null && tokenDigest != null
                && MessageDigest.isEqual(tokenDigest, AdminAuth.digest(presented))) {
            return;
        }
        if (masterKey) {
            admin.require(headers);
            return;
        }
        throw new ApiException(new ApiError(401, ApiError.AUTHENTICATION, "invalid_api_key", presented == null
                ? "No token provided; send the metrics token as 'Authorization: Bearer <token>'."
                : "Invalid metrics token.", null));
    }
}
