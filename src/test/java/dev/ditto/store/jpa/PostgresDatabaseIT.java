package dev.ditto.store.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.testing.GatewayServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The gateway on a real PostgreSQL ({@code DITTO_POSTGRES_URL}), in a schema of its own: Flyway
 * migrates it, Hibernate validates it, the node registry writes it, the pool stays bounded and
 * is closed on stop.
 */
@EnabledIfEnvironmentVariable(named = "DITTO_POSTGRES_URL", matches = ".+")
class PostgresDatabaseIT {

    /** V1 (nodes), V2 (control plane), V3 (audit chains) and V4 (the key-alias index). */
    private static final long MIGRATIONS = 4;

    private final String schema = "ditto_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final String application = "ditto-it-" + schema;
    private JdbcUrl admin;

    @BeforeEach
    void createSchema() throws SQLException {
        admin = JdbcUrl.parse(System.getenv("DITTO_POSTGRES_URL"));
        execute("CREATE SCHEMA " + schema);
    }

    @AfterEach
    void dropSchema() throws SQLException {
        execute("DROP SCHEMA " + schema + " CASCADE");
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(admin.url(), admin.username(), admin.password());
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private String gatewayDatabaseUrl() {
        String separator = admin.url().contains("?") ? "&" : "?";
        String credentials = admin.username() == null ? "" : "&user=" + admin.username()
                + (admin.password() == null ? "" : "&password=" + admin.password());
        return admin.url() + separator + "currentSchema=" + schema + "&ApplicationName=" + application + credentials;
    }

    @Test
    void migratesRegistersTheNodeAndClosesItsPool() throws Exception {
        String nodeId;
        try (GatewayServer gateway = GatewayServer.start("""
                model_list: [{model_name: ditto/echo, litellm_params: {model: ditto/echo}}]
                general_settings:
                  database_url: "%s"
                ditto:
                  database: {pool_size: 3}
                """.formatted(gatewayDatabaseUrl()))) {
            JsonNode readiness = new ObjectMapper().readTree(gateway.get("/health/readiness").body());
            JsonNode health = new ObjectMapper().readTree(gateway.get("/health").body());
            nodeId = health.at("/node/id").asText();

            assertThat(readiness.at("/checks/database/status").asText()).isEqualTo("up");
            assertThat(readiness.at("/checks/database/target").asText()).startsWith("jdbc:postgresql://");
            assertThat(readiness.at("/checks/database/target").asText()).doesNotContain("password=");
            assertThat(count("SELECT count(*) FROM " + schema + ".flyway_schema_history WHERE success")).isEqualTo(MIGRATIONS);
            assertThat(count("SELECT count(*) FROM " + schema + ".ditto_node WHERE node_id = '" + nodeId
                    + "' AND stopped_at IS NULL")).isEqualTo(1);
            for (int i = 0; i < 20; i++) {
                gateway.get("/health/readiness");
            }
            assertThat(count("SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + application + "'"))
                    .isBetween(1L, 3L);
        }

        assertThat(count("SELECT count(*) FROM " + schema + ".ditto_node WHERE node_id = '" + nodeId
                + "' AND stopped_at IS NOT NULL")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + application + "'"))
                .isZero();
    }

    @Test
    void restartKeepsTheSchemaAndAddsANode() throws Exception {
        String config = """
                model_list: [{model_name: ditto/echo, litellm_params: {model: ditto/echo}}]
                general_settings: {database_url: "%s"}
                """.formatted(gatewayDatabaseUrl());
        try (GatewayServer first = GatewayServer.start(config)) {
            assertThat(first.get("/health/readiness").statusCode()).isEqualTo(200);
        }
        try (GatewayServer second = GatewayServer.start(config)) {
            assertThat(second.get("/health/readiness").statusCode()).isEqualTo(200);
        }

        assertThat(count("SELECT count(*) FROM " + schema + ".ditto_node")).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM " + schema + ".flyway_schema_history WHERE success")).isEqualTo(MIGRATIONS);
    }
}
