package dev.ditto.store.jpa;

import dev.ditto.control.ControlStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A migrated database for the store contract tests, with a {@link JpaControlStore} on it:
 * a private in-memory H2 in its default mode (as the gateway runs it), or a fresh schema of the
 * PostgreSQL at {@code DITTO_POSTGRES_URL}, dropped again on close so runs never collide.
 */
final class JpaStoreFixture implements AutoCloseable {

    /** Child tables first, so deleting respects the foreign keys. */
    private static final String[] TABLES = {"ditto_audit", "ditto_audit_chain_head", "ditto_spend_log", "ditto_reservation", "ditto_ledger",
        "ditto_limit", "ditto_budget", "ditto_key", "ditto_user", "ditto_project", "ditto_tenant"};

    private final Database database;
    private final JdbcUrl url;
    private final ControlStore store;
    private final @Nullable JdbcUrl postgresAdmin;
    private final @Nullable String schema;
    private final List<Database> replicas = new ArrayList<>();

    private JpaStoreFixture(Database database, JdbcUrl url, @Nullable JdbcUrl postgresAdmin, @Nullable String schema) {
        this.database = database;
        this.url = url;
        this.store = new JpaControlStore(database.entityManagerFactory());
        this.postgresAdmin = postgresAdmin;
        this.schema = schema;
    }

    /** A private in-memory H2 database. */
    static JpaStoreFixture h2() {
        // Without DB_CLOSE_DELAY the database lives while the pool holds a connection, and goes with it.
        JdbcUrl url = new JdbcUrl("jdbc:h2:mem:ditto-" + UUID.randomUUID(), "sa", "");
        return new JpaStoreFixture(Database.ofPool(url, 4), url, null, null);
    }

    /**
     * Opens another store on the same database, with a pool of its own, as another replica has it.
     * Closed with the fixture.
     */
    ControlStore replica() {
        Database replica = Database.ofPool(url, 4);
        replicas.add(replica);
        return new JpaControlStore(replica.entityManagerFactory());
    }

    /** A fresh schema in the PostgreSQL of {@code DITTO_POSTGRES_URL}. */
    static JpaStoreFixture postgres() throws SQLException {
        JdbcUrl admin = JdbcUrl.parse(System.getenv("DITTO_POSTGRES_URL"));
        String schema = "ditto_store_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute(admin, "CREATE SCHEMA " + schema);
        String separator = admin.url().contains("?") ? "&" : "?";
        JdbcUrl url = new JdbcUrl(admin.url() + separator + "currentSchema=" + schema, admin.username(),
                admin.password());
        try {
            return new JpaStoreFixture(Database.ofPool(url, 4), url, admin, schema);
        } catch (RuntimeException e) {
            execute(admin, "DROP SCHEMA " + schema + " CASCADE");
            throw e;
        }
    }

    ControlStore store() {
        return store;
    }

    Database database() {
        return database;
    }

    /** Empties every control-plane table. */
    void deleteAll() {
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            for (String table : TABLES) {
                statement.executeUpdate("DELETE FROM " + table);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws SQLException {
        replicas.forEach(Database::close);
        database.close();
        if (postgresAdmin != null && schema != null) {
            execute(postgresAdmin, "DROP SCHEMA " + schema + " CASCADE");
        }
    }

    private static void execute(JdbcUrl admin, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(admin.url(), admin.username(), admin.password());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
