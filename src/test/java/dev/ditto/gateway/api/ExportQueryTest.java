package dev.ditto.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ditto.control.AdminPrincipal;
import dev.ditto.control.AdminRole;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Who may export what, and how the query parameters read. */
class ExportQueryTest {

    private static final AdminPrincipal TENANT_ADMIN = new AdminPrincipal("alice", AdminRole.TENANT_ADMIN, "ten_a");
    private static final AdminPrincipal TENANT_VIEWER = new AdminPrincipal("bob", AdminRole.TENANT_VIEWER, "ten_a");
    private static final AdminPrincipal GLOBAL_VIEWER = new AdminPrincipal("carol", AdminRole.GLOBAL_VIEWER, null);

    @Test
    void aTenantScopedCallerExportsOnlyItsOwnTenant() {
        assertThat(ExportQuery.of(TENANT_ADMIN, null, null, "ten_a", null, null).tenantId()).isEqualTo("ten_a");
        assertThat(ExportQuery.of(TENANT_VIEWER, null, null, " ten_a ", "csv", null).format())
                .isEqualTo(ExportQuery.Format.CSV);
        assertForbidden(() -> ExportQuery.of(TENANT_ADMIN, null, null, "ten_b", null, null), "tenant 'ten_a'");
        assertForbidden(() -> ExportQuery.of(TENANT_VIEWER, null, null, null, null, null), "pass tenant_id=ten_a");
        assertForbidden(() -> ExportQuery.of(TENANT_VIEWER, null, null, "", null, null), "pass tenant_id=ten_a");
    }

    @Test
    void aGlobalCallerExportsAnyTenantOrAll() {
        assertThat(ExportQuery.of(GLOBAL_VIEWER, null, null, null, null, null).tenantId()).isNull();
        assertThat(ExportQuery.of(AdminPrincipal.masterKey(), null, null, "ten_b", null, null).tenantId())
                .isEqualTo("ten_b");
    }

    @Test
    void readsTimesAndDatesAsUtc() {
        ExportQuery query = ExportQuery.of(GLOBAL_VIEWER, "2025-01-31", "2025-02-01T01:00:00+01:00", null, "JSONL",
                "aud_1");

        assertThat(query.time().from()).isEqualTo(Instant.parse("2025-01-31T00:00:00Z"));
        assertThat(query.time().to()).isEqualTo(Instant.parse("2025-02-01T00:00:00Z"));
        assertThat(query.format()).isEqualTo(ExportQuery.Format.JSONL);
        assertThat(query.cursor()).isEqualTo("aud_1");
    }

    @Test
    void gzipIsUsedWhenTheClientAcceptsIt() {
        assertThat(AdminExportResource.acceptsGzip("gzip, deflate, br")).isTrue();
        assertThat(AdminExportResource.acceptsGzip("br;q=1.0, gzip;q=0.5")).isTrue();
        assertThat(AdminExportResource.acceptsGzip("*")).isTrue();
        assertThat(AdminExportResource.acceptsGzip("gzip;q=0")).isFalse();
        assertThat(AdminExportResource.acceptsGzip("identity")).isFalse();
        assertThat(AdminExportResource.acceptsGzip(null)).isFalse();
    }

    private static void assertForbidden(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.error().status()).isEqualTo(403);
            assertThat(e.error().type()).isEqualTo(ApiError.PERMISSION);
            assertThat(e.error().message()).contains(message);
        });
    }
}
