package dev.ditto.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What each admin role may do, as a table: every role x read / write / global read / global
 * write x the principal's own tenant, another tenant, and data outside any tenant.
 */
class AdminPrincipalTest {

    private static final String OWN = "acme";
    private static final String OTHER = "globex";
    private static final String ALLOWED = "allowed";

    enum Operation { READ, WRITE, GLOBAL_READ, GLOBAL_WRITE }

    enum Target { OWN_TENANT, OTHER_TENANT, NO_TENANT }

    static Stream<Arguments> matrix() {
        List<Arguments> rows = new ArrayList<>();
        for (Target target : Target.values()) {
            // Global roles: the tenant never matters, only writing does.
            rows.add(Arguments.of(AdminRole.GLOBAL_ADMIN, Operation.READ, target, ALLOWED));
            rows.add(Arguments.of(AdminRole.GLOBAL_ADMIN, Operation.WRITE, target, ALLOWED));
            rows.add(Arguments.of(AdminRole.GLOBAL_VIEWER, Operation.READ, target, ALLOWED));
            rows.add(Arguments.of(AdminRole.GLOBAL_VIEWER, Operation.WRITE, target, "read_only"));
            // Tenant roles: their own tenant only; nothing outside any tenant.
            String foreign = target == Target.OWN_TENANT ? ALLOWED : "tenant_forbidden";
            rows.add(Arguments.of(AdminRole.TENANT_ADMIN, Operation.READ, target, foreign));
            rows.add(Arguments.of(AdminRole.TENANT_ADMIN, Operation.WRITE, target, foreign));
            rows.add(Arguments.of(AdminRole.TENANT_VIEWER, Operation.READ, target, foreign));
            rows.add(Arguments.of(AdminRole.TENANT_VIEWER, Operation.WRITE, target,
                    target == Target.OWN_TENANT ? "read_only" : "tenant_forbidden"));
        }
        rows.add(Arguments.of(AdminRole.GLOBAL_ADMIN, Operation.GLOBAL_READ, Target.NO_TENANT, ALLOWED));
        rows.add(Arguments.of(AdminRole.GLOBAL_ADMIN, Operation.GLOBAL_WRITE, Target.NO_TENANT, ALLOWED));
        rows.add(Arguments.of(AdminRole.GLOBAL_VIEWER, Operation.GLOBAL_READ, Target.NO_TENANT, ALLOWED));
        rows.add(Arguments.of(AdminRole.GLOBAL_VIEWER, Operation.GLOBAL_WRITE, Target.NO_TENANT, "read_only"));
        for (AdminRole tenantRole : List.of(AdminRole.TENANT_ADMIN, AdminRole.TENANT_VIEWER)) {
            rows.add(Arguments.of(tenantRole, Operation.GLOBAL_READ, Target.NO_TENANT, "global_role_required"));
            rows.add(Arguments.of(tenantRole, Operation.GLOBAL_WRITE, Target.NO_TENANT, "global_role_required"));
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @MethodSource("matrix")
    void rolesAreConfinedToWhatTheyMayDo(AdminRole role, Operation operation, Target target, String expected) {
        AdminPrincipal principal = new AdminPrincipal("someone", role, role.isGlobal() ? null : OWN);
        String tenant = switch (target) {
            case OWN_TENANT -> OWN;
            case OTHER_TENANT -> OTHER;
            case NO_TENANT -> null;
        };
        Runnable check = switch (operation) {
            case READ -> () -> principal.requireRead(tenant);
            case WRITE -> () -> principal.requireWrite(tenant);
            case GLOBAL_READ -> () -> principal.requireGlobal(false);
            case GLOBAL_WRITE -> () -> principal.requireGlobal(true);
        };

        if (expected.equals(ALLOWED)) {
            assertThatCode(check::run).doesNotThrowAnyException();
        } else {
            AccessDeniedException denied = catchThrowableOfType(AccessDeniedException.class, check::run);
            assertThat(denied).as("denied").isNotNull();
            assertThat(denied.status()).isEqualTo(403);
            assertThat(denied.code()).isEqualTo(expected);
        }
    }

    @Test
    void aTenantRoleNamesItsTenantAndAGlobalRoleNone() {
        assertThatThrownBy(() -> new AdminPrincipal("a", AdminRole.TENANT_ADMIN, null))
                .hasMessageContaining("needs its tenant");
        assertThatThrownBy(() -> new AdminPrincipal("a", AdminRole.GLOBAL_VIEWER, OWN))
                .hasMessageContaining("no tenant");
        assertThat(AdminPrincipal.masterKey().role()).isEqualTo(AdminRole.GLOBAL_ADMIN);
    }

    @Test
    void aForeignTenantIsNamedInTheRefusal() {
        AccessDeniedException denied = catchThrowableOfType(AccessDeniedException.class,
                () -> new AdminPrincipal("a", AdminRole.TENANT_VIEWER, OWN).requireRead(OTHER));

        assertThat(denied.getMessage()).contains(OWN);
    }
}
