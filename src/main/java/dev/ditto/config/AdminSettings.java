package dev.ditto.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * Who may use the admin API besides the master key ({@code ditto.admin}): admin tokens with a
 * role, and how the app server's own sign-in (its realm) maps to roles and tenants.
 *
 * <pre>{@code
 * ditto:
 *   admin:
 *     tokens:
 *       - {name: ci, token: os.environ/DITTO_ADMIN_TOKEN_CI, role: admin}
 *       - {name: acme-ops, token: os.environ/DITTO_ADMIN_TOKEN_ACME, role: tenant_admin, tenant_id: acme}
 *     realm:
 *       tenant_from: principal_name
 * }</pre>
 *
 * @param tokens the admin tokens, in file order; names and token values are unique
 * @param realm how a caller the container signed in is mapped
 */
public record AdminSettings(List<Token> tokens, Realm realm) {

    /** The shortest admin token accepted: 32 characters (at least 128 bits when random). */
    public static final int MIN_TOKEN_LENGTH = 32;

    /** Copies the list. */
    public AdminSettings {
        tokens = List.copyOf(tokens);
    }

    /**
     * Returns the settings when nothing is configured: no tokens, the realm with its defaults.
     *
     * @return the defaults
     */
    public static AdminSettings defaults() {
        return new AdminSettings(List.of(), Realm.defaults());
    }

    /** What an admin token may do; the file's names. */
    public enum Role {
        /** Everything, every tenant. */
        ADMIN(true),
        /** Read everything, every tenant. */
        VIEWER(true),
        /** Everything within its tenant. */
        TENANT_ADMIN(false),
        /** Read within its tenant. */
        TENANT_VIEWER(false);

        private final boolean global;

        Role(boolean global) {
            this.global = global;
        }

        /** @return whether the role spans every tenant (and so takes no {@code tenant_id}) */
        public boolean isGlobal() {
            return global;
        }

        /** @return the name as written in the file */
        @JsonValue
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static @Nullable Role parse(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "admin", "global_admin" -> ADMIN;
                case "viewer", "global_viewer" -> VIEWER;
                case "tenant_admin" -> TENANT_ADMIN;
                case "tenant_viewer" -> TENANT_VIEWER;
                default -> null;
            };
        }
    }

    /**
     * An admin token: a long random secret that signs in as a named actor with one role.
     *
     * @param name who it is, in the audit log and {@code /admin/whoami}; unique
     * @param token the secret, sent as {@code Authorization: Bearer} or {@code x-api-key}
     * @param role what it may do
     * @param tenantId the tenant of a tenant role; null for the global roles
     */
    public record Token(String name, Secret token, Role role, @Nullable String tenantId) {}

    /** Where the tenant of a container-signed-in tenant admin or viewer comes from. */
    public enum TenantSource {
        /** A named group {@code tenant} of {@code tenant_pattern} over the principal's name. */
        PRINCIPAL_NAME,
        /** A request attribute (set by an SSO valve or OIDC adapter) or an attribute of the principal. */
        PRINCIPAL_ATTRIBUTE,
        /** The caller names it in {@code X-Ditto-Tenant}; the caller must hold the role {@code tenant_role}. */
        ROLE_PATTERN;

        /** @return the name as written in the file */
        @JsonValue
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * How the app server's sign-in maps to admin roles ({@code ditto.admin.realm}).
     *
     * @param enabled whether a caller the container authenticated is honoured at all
     * @param tenantFrom where the tenant of a tenant role comes from
     * @param tenantPattern for {@code principal_name}: a regular expression matched against the
     *     whole principal name, with a named group {@code tenant}
     * @param tenantAttribute for {@code principal_attribute}: the attribute's name
     * @param tenantRole for {@code role_pattern}: the role that grants a tenant, with
     *     {@code {tenant}} where the tenant's id goes
     * @param basicChallenge whether a 401 also offers {@code WWW-Authenticate: Basic}; null means
     *     yes exactly when {@code jetty_users_file} is set
     * @param jettyUsersFile for the embedded launcher only: a Jetty {@code HashLoginService}
     *     properties file ({@code user: password,role,...}) enabling BASIC sign-in on {@code /admin/*}
     */
    public record Realm(boolean enabled, TenantSource tenantFrom, Pattern tenantPattern, String tenantAttribute,
            String tenantRole, @Nullable Boolean basicChallenge, @Nullable Path jettyUsersFile) {

        /** {@code user@tenant}: the tenant is what follows the last {@code @}. */
        public static final String DEFAULT_TENANT_PATTERN = "[^@]+@(?<tenant>[^@]+)";
        /** The request or principal attribute read by default. */
        public static final String DEFAULT_TENANT_ATTRIBUTE = "tenant";
        /** Where the tenant goes in {@code tenant_role}. */
        public static final String TENANT_PLACEHOLDER = "{tenant}";
        /** The role granting a tenant by default, such as {@code ditto-tenant:acme}. */
        public static final String DEFAULT_TENANT_ROLE = "ditto-tenant:" + TENANT_PLACEHOLDER;
        /** The realm name of the BASIC challenge and of the embedded launcher's login service. */
        public static final String REALM_NAME = "ditto";

        /** Equal when every setting is, the pattern by its text ({@link Pattern} has no equality of its own). */
        @Override
        public boolean equals(@Nullable Object other) {
            return other instanceof Realm realm && enabled == realm.enabled && tenantFrom == realm.tenantFrom
                    && tenantPattern.pattern().equals(realm.tenantPattern.pattern())
                    && tenantAttribute.equals(realm.tenantAttribute) && tenantRole.equals(realm.tenantRole)
                    && Objects.equals(basicChallenge, realm.basicChallenge)
                    && Objects.equals(jettyUsersFile, realm.jettyUsersFile);
        }

        @Override
        public int hashCode() {
            return Objects.hash(enabled, tenantFrom, tenantPattern.pattern(), tenantAttribute, tenantRole,
                    basicChallenge, jettyUsersFile);
        }

        /**
         * Returns the defaults: enabled, tenant from {@code user@tenant} principal names.
         *
         * @return the defaults
         */
        public static Realm defaults() {
            return new Realm(true, TenantSource.PRINCIPAL_NAME, Pattern.compile(DEFAULT_TENANT_PATTERN),
                    DEFAULT_TENANT_ATTRIBUTE, DEFAULT_TENANT_ROLE, null, null);
        }

        /**
         * Tells whether a 401 offers BASIC sign-in.
         *
         * @return {@code basic_challenge}, else whether the embedded launcher's users file is set
         */
        public boolean offersBasic() {
            return basicChallenge != null ? basicChallenge : jettyUsersFile != null;
        }

        static Realm read(ConfigReader in) {
            Boolean enabled = in.bool("enabled");
            String source = in.string("tenant_from", TenantSource.PRINCIPAL_NAME.configName());
            TenantSource tenantFrom = switch (source.trim().toLowerCase(Locale.ROOT)) {
                case "principal_name" -> TenantSource.PRINCIPAL_NAME;
                case "principal_attribute" -> TenantSource.PRINCIPAL_ATTRIBUTE;
                case "role_pattern" -> TenantSource.ROLE_PATTERN;
                default -> {
                    in.context().problem(in.pathOf("tenant_from"),
                            "expected principal_name, principal_attribute or role_pattern, got '" + source + "'");
                    yield TenantSource.PRINCIPAL_NAME;
                }
            };
            Pattern pattern = tenantPattern(in);
            String attribute = in.string("tenant_attribute", DEFAULT_TENANT_ATTRIBUTE);
            String role = in.string("tenant_role", DEFAULT_TENANT_ROLE);
            if (!role.contains(TENANT_PLACEHOLDER)) {
                in.context().problem(in.pathOf("tenant_role"), "must contain " + TENANT_PLACEHOLDER
                        + " where the tenant id goes, such as 'ditto-tenant:{tenant}', got '" + role + "'");
            }
            Boolean basic = in.bool("basic_challenge");
            String usersFile = in.string("jetty_users_file");
            if (enabled != null && !enabled && usersFile != null) {
                in.context().problem(in.pathOf("jetty_users_file"), "is set but ditto.admin.realm.enabled is false; "
                        + "remove one of them");
            }
            in.finish();
            return new Realm(enabled == null || enabled, tenantFrom, pattern, attribute, role, basic,
                    usersFile == null || usersFile.isBlank() ? null : Path.of(usersFile));
        }

        private static Pattern tenantPattern(ConfigReader in) {
            String text = in.string("tenant_pattern", DEFAULT_TENANT_PATTERN);
            try {
                Pattern pattern = Pattern.compile(text);
                if (!text.contains("(?<tenant>")) {
                    in.context().problem(in.pathOf("tenant_pattern"), "needs a named group (?<tenant>...) that "
                            + "captures the tenant id, such as '" + DEFAULT_TENANT_PATTERN + "', got '" + text + "'");
                }
                return pattern;
            } catch (PatternSyntaxException e) {
                in.context().problem(in.pathOf("tenant_pattern"), "is not a valid regular expression ('" + text
                        + "'): " + e.getDescription());
                return Pattern.compile(DEFAULT_TENANT_PATTERN);
            }
        }
    }

    static AdminSettings read(ConfigReader in, @Nullable Secret masterKey) {
        List<Token> tokens = new java.util.ArrayList<>();
        Map<String, String> names = new HashMap<>();
        Map<Secret, String> values = new HashMap<>();
        for (ConfigReader item : in.objectList("tokens")) {
            Token token = readToken(item);
            if (token == null) {
                continue;
            }
            String previous = names.putIfAbsent(token.name(), item.path());
            if (previous != null) {
                in.context().problem(item.pathOf("name"), "'" + token.name() + "' is already the name of "
                        + previous + "; give each admin token its own name");
            }
            String sameValue = values.putIfAbsent(token.token(), item.path());
            if (sameValue != null) {
                in.context().problem(item.pathOf("token"), "is the same as the token of " + sameValue
                        + "; give each admin token its own secret");
            }
            if (token.token().equals(masterKey)) {
                // It would sign in as the master key, a global admin, whatever its role says.
                in.context().problem(item.pathOf("token"), "is the same as the master key; give each admin token "
                        + "its own secret");
            }
            tokens.add(token);
        }
        Realm realm = Realm.read(in.object("realm"));
        in.finish();
        return new AdminSettings(tokens, realm);
    }

    private static @Nullable Token readToken(ConfigReader in) {
        String name = in.requiredString("name");
        Secret secret = in.secret("token");
        if (secret == null && !in.has("token")) {
            in.context().problem(in.pathOf("token"), "is required");
        } else if (secret != null && secret.reveal().strip().length() < MIN_TOKEN_LENGTH) {
            in.context().problem(in.pathOf("token"), "must be at least " + MIN_TOKEN_LENGTH
                    + " characters, got " + secret.reveal().strip().length() + "; generate one with "
                    + "'openssl rand -hex 32'");
            secret = null;
        }
        String roleText = in.requiredString("role");
        Role role = roleText == null ? null : Role.parse(roleText);
        if (roleText != null && role == null) {
            in.context().problem(in.pathOf("role"), "expected admin, viewer, tenant_admin or tenant_viewer, got '"
                    + roleText + "'");
        }
        String tenantId = in.string("tenant_id");
        if (tenantId != null && tenantId.isBlank()) {
            in.context().problem(in.pathOf("tenant_id"), "must not be empty");
            tenantId = null;
        }
        if (role != null && role.isGlobal() && tenantId != null) {
            in.context().problem(in.pathOf("tenant_id"), "must not be set for the global role '" + role.configName()
                    + "'; use tenant_admin or tenant_viewer to confine the token to tenant '" + tenantId + "'");
        } else if (role != null && !role.isGlobal() && tenantId == null && !in.has("tenant_id")) {
            in.context().problem(in.pathOf("tenant_id"), "is required for the tenant role '" + role.configName() + "'");
        }
        in.finish();
        if (name == null || secret == null || role == null || role.isGlobal() == (tenantId != null)) {
            return null;
        }
        return new Token(name.strip(), Secret.of(secret.reveal().strip()), role, tenantId);
    }
}
