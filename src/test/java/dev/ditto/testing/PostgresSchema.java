package dev.ditto.testing;

import dev.ditto.store.jpa.JdbcUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A fresh schema in the PostgreSQL of {@code DITTO_POSTGRES_URL}, for gateways that run in
 * other processes or share one database: {@link #databaseUrl()} is what their
 * {@code general_settings.database_url} says, and the schema is dropped on close, so runs and
 * other builds on the same server never meet.
 */
public final class PostgresSchema implements AutoCloseable {

    private final JdbcUrl admin;
    private final String schema;

    private PostgresSchema(JdbcUrl admin, String schema) {
        this.admin = admin;
        this.schema = schema;
    }

    /**
     * Creates a schema named {@code <prefix>_<random>}.
     *
     * @param prefix a lower-case SQL identifier
     * @return the schema
     * @throws SQLException if PostgreSQL refuses
     */
    public static PostgresSchema create(String prefix) throws SQLException {
        JdbcUrl admin = JdbcUrl.parse(System.getenv("DITTO_POSTGRES_URL"));
        String schema = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        PostgresSchema created = new PostgresSchema(admin, schema);
        created.execute("CREATE SCHEMA " + schema);
        return created;
    }

    /**
     * Returns the JDBC URL of the schema, credentials included, for a gateway's configuration.
     *
     * @return {@code jdbc:postgresql://...?currentSchema=...}
     */
    public String databaseUrl() {
        String separator = admin.url().contains("?") ? "&" : "?";
        String credentials = admin.username() == null ? "" : "&user=" + admin.username()
                + (admin.password() == null ? "" : "&password=" + admin.password());
        return admin.url() + separator + "currentSchema=" + schema + credentials;
    }

    /**
     * Runs a query in the schema.
     *
     * @param sql the query
     * @return its rows, each column by its label (lower case)
     * @throws SQLException if it fails
     */
    public List<Map<String, Object>> query(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(databaseUrl());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            List<Map<String, Object>> result = new ArrayList<>();
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= columns; i++) {
                    row.put(rows.getMetaData().getColumnLabel(i), rows.getObject(i));
                }
                result.add(row);
            }
            return result;
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(admin.url(), admin.username(), admin.password());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Drops the schema and everything in it. */
    @Override
    public void close() throws SQLException {
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
}
