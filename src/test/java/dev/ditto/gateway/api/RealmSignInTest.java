package dev.ditto.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ditto.config.AdminSettings;
import dev.ditto.control.AdminPrincipal;
import dev.ditto.control.AdminRole;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The tenant sources that the embedded launcher's realm cannot produce: request attributes (an
 * SSO valve's, an OIDC adapter's) and principals with attributes (Tomcat's), plus role
 * precedence and a custom name pattern. The realm end to end is in {@link AdminAuthTest}.
 */
class RealmSignInTest {

    private static final AdminSettings.Realm BY_ATTRIBUTE = new AdminSettings.Realm(true,
            AdminSettings.TenantSource.PRINCIPAL_ATTRIBUTE, Pattern.compile(AdminSettings.Realm.DEFAULT_TENANT_PATTERN),
            "org", AdminSettings.Realm.DEFAULT_TENANT_ROLE, null, null);

    /** A principal with attributes, as Tomcat's {@code TomcatPrincipal} has. */
    public interface AttributedPrincipal extends Principal {
        /**
         * Returns an attribute.
         *
         * @param name its name
         * @return its value
         */
        Object getAttribute(String name);
    }

    private record NamedPrincipal(String getName) implements Principal {}

    /** Not public: reached through its public interface, as a container's own class may be. */
    private record HiddenPrincipal(String getName, Map<String, Object> attributes) implements AttributedPrincipal {
        @Override
        public Object getAttribute(String name) {
            return attributes.get(name);
        }
    }

    private record Security(Principal getUserPrincipal, Set<String> roles) implements SecurityContext {
        @Override
        public boolean isUserInRole(String role) {
            return roles.contains(role);
        }

        @Override
        public boolean isSecure() {
            return false;
        }

        @Override
        public String getAuthenticationScheme() {
            return BASIC_AUTH;
        }
    }

    @Test
    void theTenantMayComeFromARequestAttribute() {
        Security user = new Security(new NamedPrincipal("alice"), Set.of(RealmSignIn.TENANT_ADMIN));

        AdminPrincipal admin = new RealmSignIn(BY_ATTRIBUTE).resolve(user, name -> name.equals("org") ? "acme" : null, null);

        assertThat(admin).isEqualTo(new AdminPrincipal("alice", AdminRole.TENANT_ADMIN, "acme"));
    }

    @Test
    void theTenantMayComeFromThePrincipalsOwnAttributes() {
        Security user = new Security(new HiddenPrincipal("victor", Map.of("org", List.of("globex"))),
                Set.of(RealmSignIn.TENANT_VIEWER));

        AdminPrincipal admin = new RealmSignIn(BY_ATTRIBUTE).resolve(user, name -> null, null);

        assertThat(admin).isEqualTo(new AdminPrincipal("victor", AdminRole.TENANT_VIEWER, "globex"));
    }

    @Test
    void anAbsentOrAmbiguousAttributeIs403() {
        for (Principal principal : List.<Principal>of(new NamedPrincipal("nemo"),
                new HiddenPrincipal("nemo", Map.of("org", List.of("acme", "globex"))))) {
            Security user = new Security(principal, Set.of(RealmSignIn.TENANT_ADMIN));

            ApiException refused = catchThrowableOfType(ApiException.class,
                    () -> new RealmSignIn(BY_ATTRIBUTE).resolve(user, name -> null, null));

            assertThat(refused.error().status()).isEqualTo(403);
            assertThat(refused.error().code()).isEqualTo("tenant_unknown");
            assertThat(refused.error().message()).contains("nemo", "'org'");
        }
    }

    @Test
    void theMostPowerfulRoleWins() {
        Security user = new Security(new NamedPrincipal("pat@acme"), Set.of(RealmSignIn.TENANT_ADMIN, RealmSignIn.VIEWER));

        AdminPrincipal admin = new RealmSignIn(AdminSettings.Realm.defaults()).resolve(user, name -> null, null);

        assertThat(admin).isEqualTo(new AdminPrincipal("pat@acme", AdminRole.GLOBAL_VIEWER, null));
    }

    @Test
    void aCustomPatternPicksTheTenantOutOfAnEmailAddress() {
        AdminSettings.Realm realm = new AdminSettings.Realm(true, AdminSettings.TenantSource.PRINCIPAL_NAME,
                Pattern.compile("[^@]+@(?<tenant>[^.]+)\\.example\\.com"), "tenant", "t:{tenant}", null, null);
        Security user = new Security(new NamedPrincipal("alice@acme.example.com"), Set.of(RealmSignIn.TENANT_ADMIN));

        assertThat(new RealmSignIn(realm).resolve(user, name -> null, null).tenantId()).isEqualTo("acme");
    }
}
