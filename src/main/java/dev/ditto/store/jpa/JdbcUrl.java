package dev.ditto.store.jpa;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * A JDBC URL with the credentials taken out of it. LiteLLM's {@code DATABASE_URL} is written
 * the way libpq writes it ({@code postgresql://user:password@host:5432/db?sslmode=require});
 * JDBC wants {@code jdbc:postgresql://host:5432/db?sslmode=require} with the user apart.
 *
 * @param url the JDBC URL, without credentials
 * @param username the user, if the URL carried one
 * @param password the password, if the URL carried one
 */
public record JdbcUrl(String url, @Nullable String username, @Nullable String password) {

    /**
     * Parses a database URL as LiteLLM or JDBC writes it.
     *
     * @param databaseUrl {@code postgresql://...}, {@code postgres://...} or {@code jdbc:...}
     * @return the JDBC form
     * @throws IllegalArgumentException if the URL is neither, naming the scheme it has
     */
    public static JdbcUrl parse(String databaseUrl) {
        String trimmed = databaseUrl.trim();
        if (trimmed.startsWith("jdbc:")) {
            return new JdbcUrl(trimmed, null, null);
        }
        try {
            URI uri = new URI(trimmed);
            String scheme = uri.getScheme();
            if (!"postgresql".equals(scheme) && !"postgres".equals(scheme)) {
                throw new IllegalArgumentException("database_url must start with postgresql://, postgres:// or jdbc:, got "
                        + (scheme == null ? "no scheme" : scheme + "://"));
            }
            String user = null;
            String password = null;
            String userInfo = uri.getRawUserInfo();
            if (userInfo != null) {
                int colon = userInfo.indexOf(':');
                user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
                password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
            }
            String hostPort = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
            String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
            return new JdbcUrl("jdbc:postgresql://" + hostPort + uri.getRawPath() + query, user, password);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("database_url is not a valid URL: " + e.getReason(), e);
        }
    }

    /**
     * Returns the URL of the embedded H2 database kept in a directory.
     *
     * @param dataDir the directory
     * @return the JDBC form
     */
    public static JdbcUrl h2File(Path dataDir) {
        // DB_CLOSE_ON_EXIT=FALSE: the gateway closes the pool itself, in order, on shutdown.
        // LOCK_TIMEOUT: an admin write may wait for an audit chain's head row while the audit
        // writer appends a batch to the same chain; H2's default of one second is too short for that.
        return new JdbcUrl("jdbc:h2:file:" + dataDir.toAbsolutePath().normalize().resolve("ditto")
                + ";DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000", "sa", "");
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return url;
    }
}
