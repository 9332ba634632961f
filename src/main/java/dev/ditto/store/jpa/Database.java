package dev.ditto.store.jpa;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.persistence.EntityManagerFactory;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.hibernate.jpa.HibernatePersistenceProvider;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's database: a DataSource (the app server's, or a HikariCP pool of Ditto's own),
 * migrated by Flyway at startup, with the JPA persistence unit {@value #PERSISTENCE_UNIT} on top.
 *
 * <p>Thread-safe. {@link #close()} closes the EntityManagerFactory and, if the pool is Ditto's
 * own, the pool; a container DataSource is left to the container.
 */
public final class Database implements AutoCloseable {

    /** The persistence unit name in {@code META-INF/persistence.xml}. */
    public static final String PERSISTENCE_UNIT = "ditto";
    /** Where the Flyway migrations are on the classpath. */
    public static final String MIGRATIONS = "classpath:db/migration";

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final DataSource dataSource;
    private final @Nullable HikariDataSource ownPool;
    private final String description;
    private final EntityManagerFactory entityManagerFactory;

    private Database(DataSource dataSource, @Nullable HikariDataSource ownPool, String description) {
        this.dataSource = dataSource;
        this.ownPool = ownPool;
        this.description = description;
        try {
            int applied = Flyway.configure(Database.class.getClassLoader())
                    .dataSource(dataSource)
                    .locations(MIGRATIONS)
                    .load()
                    .migrate()
                    .migrationsExecuted;
            LOG.info("event=database_migrated database=\"{}\" migrations_applied={}", description, applied);
            this.entityManagerFactory = new HibernatePersistenceProvider().createEntityManagerFactory(
                    PERSISTENCE_UNIT, Map.of("jakarta.persistence.nonJtaDataSource", dataSource));
        } catch (RuntimeException e) {
            closePool();
            throw e;
        }
    }

    /**
     * Uses a DataSource that the app server manages.
     *
     * @param containerDataSource the DataSource, such as the one bound at {@code java:comp/env/jdbc/ditto}
     * @param description how to name it in logs
     * @return the migrated database
     */
    public static Database ofContainer(DataSource containerDataSource, String description) {
        return new Database(containerDataSource, null, description);
    }

    /**
     * Opens a pool of Ditto's own.
     *
     * @param url the JDBC URL and credentials
     * @param poolSize the most connections the pool holds
     * @return the migrated database
     */
    public static Database ofPool(JdbcUrl url, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("ditto");
        config.setJdbcUrl(url.url());
        // Named, not looked up: in an app server DriverManager does not see the drivers in
        // WEB-INF/lib ("No suitable driver"); loading the class here registers it from the WAR's
        // class loader, and GatewayContextListener deregisters it on undeploy.
        String driver = driverClassFor(url.url());
        if (driver != null) {
            config.setDriverClassName(driver);
        }
        if (url.username() != null) {
            config.setUsername(url.username());
        }
        if (url.password() != null) {
            config.setPassword(url.password());
        }
        config.setMaximumPoolSize(poolSize);
        // A small floor: replicas times pool size is what the database sees at rest.
        config.setMinimumIdle(Math.min(2, poolSize));
        config.setConnectionTimeout(5_000);
        config.setValidationTimeout(2_000);
        config.setRegisterMbeans(false);
        if (url.url().startsWith("jdbc:postgresql:")) {
            // One multi-row INSERT per JDBC batch instead of one statement per row: the
            // write-behind batches (spend log, audit, ledger) go several times faster.
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        HikariDataSource pool = new HikariDataSource(config);
        return new Database(pool, pool, url.url() + " (pool of " + poolSize + ")");
    }

    private static @Nullable String driverClassFor(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return "org.h2.Driver";
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return "org.postgresql.Driver";
        }
        return null;
    }

    /**
     * Returns the DataSource.
     *
     * @return the DataSource, shared; do not close it
     */
    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * Returns the JPA EntityManagerFactory of the {@value #PERSISTENCE_UNIT} unit.
     *
     * @return the factory, shared; do not close it
     */
    public EntityManagerFactory entityManagerFactory() {
        return entityManagerFactory;
    }

    /**
     * Describes the database without credentials.
     *
     * @return the JDBC URL or the container DataSource's name
     */
    public String description() {
        return description;
    }

    /**
     * Checks that a connection can be had and is valid.
     *
     * @return true when the database answered
     * @throws java.sql.SQLException when no connection could be had
     */
    public boolean ping() throws java.sql.SQLException {
        try (var connection = dataSource.getConnection()) {
            if (!connection.isValid(2)) {
                throw new java.sql.SQLException("the connection did not validate within 2 s");
            }
            return true;
        }
    }

    @Override
    public void close() {
        try {
            entityManagerFactory.close();
        } finally {
            closePool();
        }
    }

    private void closePool() {
        if (ownPool != null) {
            ownPool.close();
        }
    }
}
