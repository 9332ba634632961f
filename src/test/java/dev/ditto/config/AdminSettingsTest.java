package dev.ditto.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code ditto.admin}: admin tokens and the realm, and the startup errors that name the field at fault. */
class AdminSettingsTest {

    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private static final Map<String, String> ENV = Map.of("ACME_TOKEN", "acme-0123456789abcdef0123456789abcdef",
            "SHORT_TOKEN", "too-short");

    private static GatewaySettings load(String admin) {
        return new ConfigLoader(ENV::get).load(new ConfigSource("test", "ditto:\n  admin:\n" + admin));
    }

    private static InvalidConfigException failure(String admin) {
        return catchThrowableOfType(InvalidConfigException.class, () -> load(admin));
    }

    @Test
    void readsTokensWithTheirRolesAndTenants() {
        AdminSettings admin = load("""
                    tokens:
                      - {name: ci, token: %s, role: admin}
                      - {name: auditor, token: x%s, role: global_viewer}
                      - {name: acme, token: os.environ/ACME_TOKEN, role: tenant_admin, tenant_id: acme}
                      - {name: acme-read, token: y%s, role: TENANT_VIEWER, tenant_id: acme}
                """.formatted(TOKEN, TOKEN, TOKEN)).ditto().admin();

        assertThat(admin.tokens()).extracting(AdminSettings.Token::name, AdminSettings.Token::role,
                AdminSettings.Token::tenantId).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("ci", AdminSettings.Role.ADMIN, null),
                        org.assertj.core.groups.Tuple.tuple("auditor", AdminSettings.Role.VIEWER, null),
                        org.assertj.core.groups.Tuple.tuple("acme", AdminSettings.Role.TENANT_ADMIN, "acme"),
                        org.assertj.core.groups.Tuple.tuple("acme-read", AdminSettings.Role.TENANT_VIEWER, "acme"));
        assertThat(admin.tokens().get(2).token().reveal()).isEqualTo(ENV.get("ACME_TOKEN"));
    }

    @Test
    void tokensNeverAppearInTheEffectiveConfiguration() {
        GatewaySettings settings = load("    tokens: [{name: ci, token: " + TOKEN + ", role: admin}]\n");

        String rendered = EffectiveConfig.render(settings);

        assertThat(rendered).doesNotContain(TOKEN).contains("name: \"ci\"", Secret.MASK, "role: \"admin\"");
    }

    @Test
    void tenantRolesNeedATenantAndGlobalRolesMustNotHaveOne() {
        InvalidConfigException failure = failure("""
                    tokens:
                      - {name: a, token: a%1$s, role: tenant_admin}
                      - {name: b, token: b%1$s, role: tenant_viewer, tenant_id: ""}
                      - {name: c, token: c%1$s, role: admin, tenant_id: acme}
                      - {name: d, token: d%1$s, role: viewer, tenant_id: acme}
                """.formatted(TOKEN));

        assertThat(failure.problems()).extracting(ConfigProblem::path).containsExactly(
                "ditto.admin.tokens[0].tenant_id", "ditto.admin.tokens[1].tenant_id", "ditto.admin.tokens[2].tenant_id",
                "ditto.admin.tokens[3].tenant_id");
        assertThat(failure.problems().get(0).message()).contains("required", "tenant_admin");
        assertThat(failure.problems().get(1).message()).contains("must not be empty");
        assertThat(failure.problems().get(2).message()).contains("must not be set", "'admin'", "tenant_admin");
    }

    @Test
    void tokensMustBeLongUniqueAndNotTheMasterKey() {
        InvalidConfigException failure = catchThrowableOfType(InvalidConfigException.class, () ->
                new ConfigLoader(ENV::get).load(new ConfigSource("test", """
                        general_settings: {master_key: m%1$s}
                        ditto:
                          admin:
                            tokens:
                              - {name: short, token: os.environ/SHORT_TOKEN, role: admin}
                              - {name: ci, token: %1$s, role: admin}
                              - {name: ci, token: z%1$s, role: viewer}
                              - {name: copy, token: %1$s, role: viewer}
                              - {name: master, token: m%1$s, role: viewer}
                        """.formatted(TOKEN))));

        assertThat(failure.problems()).extracting(ConfigProblem::path).containsExactly(
                "ditto.admin.tokens[0].token", "ditto.admin.tokens[2].name", "ditto.admin.tokens[3].token",
                "ditto.admin.tokens[4].token");
        assertThat(failure.problems().get(0).message()).contains("at least 32 characters, got 9")
                .doesNotContain("too-short");
        assertThat(failure.problems().get(1).message()).contains("'ci'", "ditto.admin.tokens[1]");
        assertThat(failure.problems().get(2).message()).contains("same as the token of ditto.admin.tokens[1]");
        assertThat(failure.problems().get(3).message()).contains("same as the master key");
    }

    @Test
    void everyTokenFieldIsChecked() {
        InvalidConfigException failure = failure("""
                    tokens:
                      - {token: a%1$s, role: admin}
                      - {name: b, role: admin}
                      - {name: c, token: c%1$s, role: owner}
                      - {name: d, token: d%1$s}
                      - {name: e, token: e%1$s, role: admin, tenant: acme}
                """.formatted(TOKEN));

        assertThat(failure.problems()).extracting(ConfigProblem::toString).anySatisfy(text -> assertThat(text)
                .contains("ditto.admin.tokens[0].name", "required"));
        assertThat(failure.problems()).extracting(ConfigProblem::path).containsExactly(
                "ditto.admin.tokens[0].name", "ditto.admin.tokens[1].token", "ditto.admin.tokens[2].role",
                "ditto.admin.tokens[3].role", "ditto.admin.tokens[4].tenant");
        assertThat(failure.problems().get(2).message()).contains("admin, viewer, tenant_admin or tenant_viewer", "owner");
        assertThat(failure.problems().get(4).message()).contains("unknown key 'tenant'");
    }

    @Test
    void theRealmDefaultsToUserAtTenantNames() {
        AdminSettings.Realm realm = load("    tokens: []\n").ditto().admin().realm();

        assertThat(realm.enabled()).isTrue();
        assertThat(realm.tenantFrom()).isEqualTo(AdminSettings.TenantSource.PRINCIPAL_NAME);
        assertThat(realm.tenantPattern().matcher("alice@acme").matches()).isTrue();
        assertThat(realm.offersBasic()).isFalse();
    }

    @Test
    void readsTheRealm() {
        AdminSettings.Realm realm = load("""
                    realm:
                      tenant_from: role_pattern
                      tenant_role: "tenant-{tenant}"
                      jetty_users_file: /etc/ditto/users.properties
                """).ditto().admin().realm();

        assertThat(realm.tenantFrom()).isEqualTo(AdminSettings.TenantSource.ROLE_PATTERN);
        assertThat(realm.tenantRole()).isEqualTo("tenant-{tenant}");
        assertThat(realm.jettyUsersFile()).isEqualTo(Path.of("/etc/ditto/users.properties"));
        assertThat(realm.offersBasic()).as("BASIC is offered with the launcher's users file").isTrue();
    }

    @Test
    void realmMistakesNameTheirField() {
        InvalidConfigException failure = failure("""
                    realm:
                      enabled: false
                      tenant_from: header
                      tenant_pattern: "(.+)@(.+)"
                      tenant_role: ditto-tenant
                      jetty_users_file: users.properties
                """);

        assertThat(failure.problems()).extracting(ConfigProblem::path).containsExactly(
                "ditto.admin.realm.tenant_from", "ditto.admin.realm.tenant_pattern", "ditto.admin.realm.tenant_role",
                "ditto.admin.realm.jetty_users_file");
        assertThat(failure.problems().get(0).message())
                .contains("principal_name, principal_attribute or role_pattern", "header");
        assertThat(failure.problems().get(1).message()).contains("(?<tenant>");
        assertThat(failure.problems().get(2).message()).contains("{tenant}");
        assertThat(failure.problems().get(3).message()).contains("enabled is false");

        assertThat(failure("    realm: {tenant_pattern: \"(?<tenant>[\"}\n").problems()).singleElement()
                .satisfies(problem -> assertThat(problem.message()).contains("not a valid regular expression"));
    }
}
