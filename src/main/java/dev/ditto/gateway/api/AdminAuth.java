package dev.ditto.gateway.api;

import dev.ditto.config.AdminSettings;
import dev.ditto.config.ConfigLoader;
import dev.ditto.config.GatewaySettings;
import dev.ditto.config.Secret;
import dev.ditto.control.AdminPrincipal;
import dev.ditto.control.AdminRole;
import dev.ditto.gateway.filter.SecurityEvents;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells who an admin API caller is, as an {@link AdminPrincipal}, or refuses the request. Three
 * kinds of caller are recognised:
 *
 * <ol>
 *   <li>the master key ({@code general_settings.master_key}, else the
 *       {@value ConfigLoader#MASTER_KEY_ENV} environment variable): a global admin;
 *   <li>an admin token from {@code ditto.admin.tokens}: its name and configured role;
 *   <li>a user the app server signed in (its realm, SSO valve or OIDC adapter): the role from
 *       {@code isUserInRole("ditto-admin" | "ditto-viewer" | "ditto-tenant-admin" |
 *       "ditto-tenant-viewer")}, the tenant from {@code ditto.admin.realm}.
 * </ol>
 *
 * <p>Tokens are sent as {@code Authorization: Bearer <token>} or {@code x-api-key}. A request
 * that presents a token is judged by the token alone, even when the container also signed a
 * user in: a wrong token is a 401, never a fall-back to the user. Tokens are compared as SHA-256
 * digests against every configured token, in constant time, and never logged.
 *
 * <p>Immutable and thread-safe; built once per application.
 *
 * <pre>{@code
 * @GET
 * public String list(@Context HttpHeaders headers) {
 *     AdminPrincipal admin = auth.require(headers);
 *     admin.requireGlobal(false);
 *     ...
 * }
 * }</pre>
 */
public final class AdminAuth {

    private static final Logger LOG = LoggerFactory.getLogger(AdminAuth.class);
    private static final String BEARER = "bearer ";
    private static final String BASIC = "basic ";
    private static final String API_KEY_HEADER = "x-api-key";
    private static final String WWW_AUTHENTICATE = "WWW-Authenticate";
    static final String DISABLED_MESSAGE = "The admin API is disabled because no master key or admin token is "
            + "configured and the request carries no app server sign-in; set general_settings.master_key (for example "
            + "master_key: os.environ/" + ConfigLoader.MASTER_KEY_ENV + "), the " + ConfigLoader.MASTER_KEY_ENV
            + " environment variable, or ditto.admin.tokens.";

    private final byte @Nullable [] masterKeyDigest;
    private final List<TokenEntry> tokens;
    private final AdminSettings.Realm realm;
    private final RealmSignIn realmSignIn;

    private record TokenEntry(byte[] digest, AdminPrincipal principal) {}

    private AdminAuth(byte @Nullable [] masterKeyDigest, List<TokenEntry> tokens, AdminSettings.Realm realm) {
        this.masterKeyDigest = masterKeyDigest;
        this.tokens = List.copyOf(tokens);
        this.realm = realm;
        this.realmSignIn = new RealmSignIn(realm);
    }

    /**
     * Reads the master key (where the loader has already put the environment's), the admin
     * tokens and the realm settings.
     *
     * @param settings the configuration
     * @return the check
     */
    public static AdminAuth from(GatewaySettings settings) {
        Secret key = settings.generalSettings().masterKey();
        List<TokenEntry> tokens = new ArrayList<>();
        for (AdminSettings.Token token : settings.ditto().admin().tokens()) {
            tokens.add(new TokenEntry(digest(token.token().reveal()),
                    new AdminPrincipal("token:" + token.name(), role(token.role()), token.tenantId())));
        }
        return new AdminAuth(key == null || key.reveal().isBlank() ? null : digest(key.reveal()), tokens,
                settings.ditto().admin().realm());
    }

    /**
     * Tells who the caller is. When Jakarta REST injected {@code headers} (it does for a
     * resource method's {@code @Context HttpHeaders}), the container's sign-in is taken from the
     * same request; otherwise only tokens count.
     *
     * @param headers the request's headers
     * @return who the administrator is
     * @throws ApiException 401 when the request carries no credentials, an unknown token, or a
     *     container sign-in that failed; 403 when a signed-in user holds no Ditto role, or when
     *     nothing at all is configured to let an administrator in
     */
    public AdminPrincipal require(HttpHeaders headers) {
        return require(headers, headers instanceof ContainerRequestContext request ? request.getSecurityContext() : null);
    }

    /**
     * Tells who the caller is, with the container's sign-in given explicitly.
     *
     * @param headers the request's headers
     * @param security the request's security context ({@code @Context SecurityContext}); null
     *     when there is none
     * @return who the administrator is
     * @throws ApiException as {@link #require(HttpHeaders)}
     */
    public AdminPrincipal require(HttpHeaders headers, @Nullable SecurityContext security) {
        AdminPrincipal principal = resolve(headers, security);
        if (headers instanceof ContainerRequestContext request) {
            // A refusal later in the request (a tenant or role check) is audited under this name.
            request.setProperty(SecurityEvents.ADMIN_ATTRIBUTE, principal);
        }
        return principal;
    }

    private AdminPrincipal resolve(HttpHeaders headers, @Nullable SecurityContext security) {
        String presented = presentedToken(headers);
        if (presented != null) {
            return byToken(presented);
        }
        if (realm.enabled() && security != null && security.getUserPrincipal() != null) {
            try {
                return realmSignIn.resolve(security, attributes(headers), headers.getHeaderString(RealmSignIn.TENANT_HEADER));
            } catch (ApiException e) {
                LOG.info("event=admin_denied status=403 code={} user=\"{}\"", e.error().code(),
                        security.getUserPrincipal().getName());
                throw e;
            }
        }
        if (!anythingConfigured()) {
            throw disabled();
        }
        String authorization = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization != null && startsWith(authorization.strip(), BASIC) && realm.enabled() && realm.offersBasic()) {
            LOG.info("event=admin_denied status=401 code=invalid_api_key reason=sign_in_failed");
            throw unauthorized("The user name or password is wrong.");
        }
        throw unauthorized(realm.enabled() && realm.offersBasic()
                ? "No credentials provided; sign in (HTTP Basic) or send an admin token or the master key as "
                        + "'Authorization: Bearer <token>' or 'x-api-key'."
                : "No API key provided; send an admin token or the master key as 'Authorization: Bearer <token>' "
                        + "or 'x-api-key'.");
    }

    private AdminPrincipal byToken(String presented) {
        byte[] digest = digest(presented);
        AdminPrincipal found = null;
        // Every configured token is compared, matched or not, so the time taken says nothing about which matched.
        if (masterKeyDigest != null && MessageDigest.isEqual(masterKeyDigest, digest)) {
            found = AdminPrincipal.masterKey();
        }
        for (TokenEntry token : tokens) {
            if (MessageDigest.isEqual(token.digest(), digest)) {
                found = token.principal();
            }
        }
        if (found != null) {
            return found;
        }
        if (masterKeyDigest == null && tokens.isEmpty()) {
            throw disabled();
        }
        LOG.info("event=admin_denied status=401 code=invalid_api_key reason=unknown_token");
        throw unauthorized("Invalid admin token or master key.");
    }

    private boolean anythingConfigured() {
        return masterKeyDigest != null || !tokens.isEmpty() || realm.enabled() && realm.offersBasic();
    }

    static @Nullable String presentedToken(HttpHeaders headers) {
        String authorization = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.length() > BEARER.length() && startsWith(authorization, BEARER)) {
            String token = authorization.substring(BEARER.length()).strip();
            return token.isEmpty() ? null : token;
        }
        String apiKey = headers.getHeaderString(API_KEY_HEADER);
        return apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
    }

    private static java.util.function.Function<String, @Nullable Object> attributes(HttpHeaders headers) {
        // Under the Jersey servlet container, request properties are the servlet request's attributes.
        return headers instanceof ContainerRequestContext request ? request::getProperty : name -> null;
    }

    private static boolean startsWith(String value, String prefix) {
        return value.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    private ApiException unauthorized(String message) {
        List<String> challenges = realm.enabled() && realm.offersBasic()
                ? List.of("Bearer", "Basic realm=\"" + AdminSettings.Realm.REALM_NAME + "\", charset=\"UTF-8\"")
                : List.of("Bearer");
        return new ApiException(new ApiError(401, ApiError.AUTHENTICATION, "invalid_api_key", message, null),
                Map.of(WWW_AUTHENTICATE, challenges));
    }

    private static ApiException disabled() {
        return new ApiException(new ApiError(403, ApiError.PERMISSION, "admin_api_disabled", DISABLED_MESSAGE, null));
    }

    private static AdminRole role(AdminSettings.Role role) {
        return switch (role) {
            case ADMIN -> AdminRole.GLOBAL_ADMIN;
            case VIEWER -> AdminRole.GLOBAL_VIEWER;
            case TENANT_ADMIN -> AdminRole.TENANT_ADMIN;
            case TENANT_VIEWER -> AdminRole.TENANT_VIEWER;
        };
    }

    static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
