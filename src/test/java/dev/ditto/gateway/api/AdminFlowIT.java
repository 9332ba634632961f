package dev.ditto.gateway.api;

import dev.ditto.store.jpa.Database;
import dev.ditto.store.jpa.JdbcUrl;
import dev.ditto.testing.GatewayServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The admin flow on PostgreSQL ({@code DITTO_POSTGRES_URL}): the gateway's {@code database_url}
 * points at a fresh schema, migrated by the gateway at start and dropped afterwards.
 */
@EnabledIfEnvironmentVariable(named = "DITTO_POSTGRES_URL", matches = ".+")
class AdminFlowIT extends AdminFlowContract {

    private final String schema = "ditto_admin_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
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

    @Override
    GatewayServer start(String config) throws Exception {
        return GatewayServer.start(config);
    }

    @Override
    String extraConfig() {
        String separator = admin.url().contains("?") ? "&" : "?";
        String credentials = admin.username() == null ? "" : "&user=" + admin.username()
                + (admin.password() == null ? "" : "&password=" + admin.password());
        return "  database_url: \"" + admin.url() + separator + "currentSchema=" + schema + credentials + "\"\n";
    }

    @Override
    Database openDatabase(GatewayServer gateway) {
        String separator = admin.url().contains("?") ? "&" : "?";
        return Database.ofPool(new JdbcUrl(admin.url() + separator + "currentSchema=" + schema, admin.username(),
                admin.password()), 2);
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(admin.url(), admin.username(), admin.password());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
