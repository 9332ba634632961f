package dev.ditto;

import dev.ditto.sdk.Ticker;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * What the host (the launcher or an app server) gives the composition root beyond the
 * configuration.
 *
 * @param dataDir where the embedded database lives, when the configuration does not say
 * @param containerDataSource the app server's DataSource from JNDI, if it binds one
 * @param containerDataSourceName the JNDI name it was found under, for logs
 * @param clock wall time
 * @param ticker monotonic time
 * @param environment environment variables (provider keys missing from the configuration)
 * @param contextPath the web application's context path in an app server (such as {@code /ditto}),
 *     which names its MBeans; null under the launcher
 */
public record HostEnvironment(
        Path dataDir,
        @Nullable DataSource containerDataSource,
        @Nullable String containerDataSourceName,
        Clock clock,
        Ticker ticker,
        Function<String, @Nullable String> environment,
        @Nullable String contextPath) {

    /**
     * Returns the environment of a standalone process: no container DataSource, system time.
     *
     * @param dataDir the data directory
     * @return the environment
     */
    public static HostEnvironment standalone(Path dataDir) {
        return new HostEnvironment(dataDir, null, null, Clock.systemUTC(), Ticker.system(), System::getenv, null);
    }
}
