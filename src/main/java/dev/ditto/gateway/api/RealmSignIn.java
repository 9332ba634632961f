package dev.ditto.gateway.api;

import dev.ditto.config.AdminSettings;
import dev.ditto.control.AdminPrincipal;
import dev.ditto.control.AdminRole;
import jakarta.ws.rs.core.SecurityContext;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.security.Principal;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Maps a caller the app server signed in (a Tomcat Realm, a Jetty LoginService, WildFly
 * Elytron, an SSO valve or OIDC adapter) to an {@link AdminPrincipal}: the role from
 * {@code isUserInRole}, checked most powerful first ({@value #ADMIN}, {@value #VIEWER},
 * {@value #TENANT_ADMIN}, {@value #TENANT_VIEWER}), and for the tenant roles the tenant from
 * the configured source. Immutable and thread-safe.
 */
final class RealmSignIn {

    /** The container role of a global admin. */
    static final String ADMIN = "ditto-admin";
    /** The container role of a global viewer. */
    static final String VIEWER = "ditto-viewer";
    /** The container role of a tenant admin. */
    static final String TENANT_ADMIN = "ditto-tenant-admin";
    /** The container role of a tenant viewer. */
    static final String TENANT_VIEWER = "ditto-tenant-viewer";
    /** The header naming the tenant under {@code tenant_from: role_pattern}. */
    static final String TENANT_HEADER = "X-Ditto-Tenant";

    private static final Pattern TENANT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");

    private final AdminSettings.Realm settings;

    RealmSignIn(AdminSettings.Realm settings) {
        this.settings = settings;
    }

    /**
     * Resolves a signed-in caller.
     *
     * @param security who the container says the caller is; its principal is not null
     * @param attributes the request's attributes, for {@code tenant_from: principal_attribute}
     * @param tenantHeader the {@value #TENANT_HEADER} header, for {@code tenant_from: role_pattern}
     * @return the principal
     * @throws ApiException 403 when the caller holds no Ditto role, or holds a tenant role whose
     *     tenant cannot be found
     */
    AdminPrincipal resolve(SecurityContext security, Function<String, @Nullable Object> attributes,
            @Nullable String tenantHeader) {
        Principal user = security.getUserPrincipal();
        String name = user.getName();
        if (security.isUserInRole(ADMIN)) {
            return new AdminPrincipal(name, AdminRole.GLOBAL_ADMIN, null);
        }
        if (security.isUserInRole(VIEWER)) {
            return new AdminPrincipal(name, AdminRole.GLOBAL_VIEWER, null);
        }
        AdminRole role = security.isUserInRole(TENANT_ADMIN) ? AdminRole.TENANT_ADMIN
                : security.isUserInRole(TENANT_VIEWER) ? AdminRole.TENANT_VIEWER : null;
        if (role == null) {
            throw forbidden("admin_role_required", "User '" + name + "' is signed in but holds none of the roles "
                    + ADMIN + ", " + VIEWER + ", " + TENANT_ADMIN + ", " + TENANT_VIEWER + ".");
        }
        String roleName = role == AdminRole.TENANT_ADMIN ? TENANT_ADMIN : TENANT_VIEWER;
        String tenant = switch (settings.tenantFrom()) {
            case PRINCIPAL_NAME -> fromName(name, roleName);
            case PRINCIPAL_ATTRIBUTE -> fromAttribute(user, attributes, roleName);
            case ROLE_PATTERN -> fromRole(security, name, tenantHeader, roleName);
        };
        return new AdminPrincipal(name, role, tenant);
    }

    private String fromName(String name, String roleName) {
        Matcher matcher = settings.tenantPattern().matcher(name);
        if (!matcher.matches() || matcher.group("tenant") == null || matcher.group("tenant").isBlank()) {
            throw forbidden("tenant_unknown", "User '" + name + "' holds " + roleName + " but its name does not match "
                    + "ditto.admin.realm.tenant_pattern '" + settings.tenantPattern() + "', so its tenant is unknown.");
        }
        return matcher.group("tenant");
    }

    private String fromAttribute(Principal user, Function<String, @Nullable Object> attributes, String roleName) {
        String attribute = settings.tenantAttribute();
        Object value = attributes.apply(attribute);
        if (value == null) {
            value = principalAttribute(user, attribute);
        }
        String tenant = single(value);
        if (tenant == null) {
            throw forbidden("tenant_unknown", "User '" + user.getName() + "' holds " + roleName + " but has no "
                    + "single value for the attribute '" + attribute + "' (ditto.admin.realm.tenant_attribute), so "
                    + "its tenant is unknown.");
        }
        return tenant;
    }

    private String fromRole(SecurityContext security, String name, @Nullable String header, String roleName) {
        String example = settings.tenantRole().replace(AdminSettings.Realm.TENANT_PLACEHOLDER, "<tenant>");
        if (header == null || header.isBlank()) {
            throw forbidden("tenant_required", "User '" + name + "' holds " + roleName + "; name the tenant to act "
                    + "for in the " + TENANT_HEADER + " header (the user needs the role '" + example + "').");
        }
        String tenant = header.strip();
        String tenantRole = settings.tenantRole().replace(AdminSettings.Realm.TENANT_PLACEHOLDER, tenant);
        if (!TENANT_ID.matcher(tenant).matches() || !security.isUserInRole(tenantRole)) {
            throw forbidden("tenant_forbidden", "User '" + name + "' does not hold the role '" + example
                    + "' for the tenant named in " + TENANT_HEADER + ".");
        }
        return tenant;
    }

    /** A string, or a collection or array holding exactly one; anything else is no tenant. */
    private static @Nullable String single(@Nullable Object value) {
        Object one = value;
        if (value instanceof Collection<?> many) {
            one = many.size() == 1 ? many.iterator().next() : null;
        } else if (value instanceof Object[] many) {
            one = many.length == 1 ? many[0] : null;
        }
        String text = one == null ? null : one.toString().strip();
        return text == null || text.isEmpty() ? null : text;
    }

    /**
     * Reads {@code getAttribute(String)} of a principal that has one, as Tomcat's
     * {@code TomcatPrincipal} does for realms configured with {@code userAttributes}. Only
     * public types are asked, so a container class that is not public is reached through its
     * public interface.
     */
    static @Nullable Object principalAttribute(Principal principal, String name) {
        Deque<Class<?>> types = new ArrayDeque<>();
        Set<Class<?>> seen = new LinkedHashSet<>();
        types.add(principal.getClass());
        while (!types.isEmpty()) {
            Class<?> type = types.poll();
            if (!seen.add(type)) {
                continue;
            }
            if (Modifier.isPublic(type.getModifiers())) {
                try {
                    Method method = type.getMethod("getAttribute", String.class);
                    return method.invoke(principal, name);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    // Not declared on this type, or not accessible through it (a module, a non-public
                    // declaring class): try its supertypes.
                }
            }
            if (type.getSuperclass() != null) {
                types.add(type.getSuperclass());
            }
            types.addAll(java.util.List.of(type.getInterfaces()));
        }
        return null;
    }

    private static ApiException forbidden(String code, String message) {
        return new ApiException(new ApiError(403, ApiError.PERMISSION, code, message, null));
    }
}
