package dev.ditto.bench;

import dev.ditto.store.jpa.Database;
import dev.ditto.store.jpa.JdbcUrl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A migrated database for a benchmark: an H2 file database in a temporary directory (as the
 * gateway runs by default), or a fresh schema in the PostgreSQL of {@code DITTO_POSTGRES_URL};
 * removed again on close.
 */
final class BenchDatabase implements AutoCloseable {

    private final Database database;
    private final JdbcUrl url;
    private final @Nullable Path dir;
    private final @Nullable JdbcUrl admin;
    private final @Nullable String schema;

    private BenchDatabase(JdbcUrl url, int poolSize, @Nullable Path dir, @Nullable JdbcUrl admin,
            @Nullable String schema) {
        this.url = url;
        this.database = Database.ofPool(url, poolSize);
        this.dir = dir;
        this.admin = admin;
        this.schema = schema;
    }

    static BenchDatabase open(String kind, int poolSize) throws IOException, SQLException {
        if (kind.equals("h2")) {
            Path dir = Files.createTempDirectory("ditto-bench");
            return new BenchDatabase(JdbcUrl.h2File(dir), poolSize, dir, null, null);
        }
        if (!kind.equals("postgres")) {
            throw new IllegalArgumentException("--db must be h2 or postgres, got " + kind);
        }
        String env = System.getenv("DITTO_POSTGRES_URL");
        if (env == null) {
            throw new IllegalStateException("set DITTO_POSTGRES_URL, such as postgresql://postgres@127.0.0.1:5432/test");
        }
        JdbcUrl admin = JdbcUrl.parse(env);
        String schema = "ditto_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute(admin, "CREATE SCHEMA " + schema);
        String separator = admin.url().contains("?") ? "&" : "?";
        return new BenchDatabase(new JdbcUrl(admin.url() + separator + "currentSchema=" + schema, admin.username(),
                admin.password()), poolSize, null, admin, schema);
    }

    Database database() {
        return database;
    }

    /** The JDBC URL with credentials in it, as {@code general_settings.database_url} takes it. */
    String urlWithCredentials() {
        if (url.username() == null || url.url().startsWith("jdbc:h2:")) {
            return url.url();
        }
        String separator = url.url().contains("?") ? "&" : "?";
        return url.url() + separator + "user=" + url.username() + (url.password() == null ? "" : "&password="
                + url.password());
    }

    @Override
    public void close() throws Exception {
        database.close();
        if (admin != null && schema != null) {
            execute(admin, "DROP SCHEMA " + schema + " CASCADE");
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private static void execute(JdbcUrl admin, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(admin.url(), admin.username(), admin.password());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Reads {@code --name value} from the command line. */
    static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
