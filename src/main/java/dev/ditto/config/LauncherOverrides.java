package dev.ditto.config;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Values given on the launcher's command line that win over the configuration file.
 *
 * @param configFile {@code --config}
 * @param host {@code --host}
 * @param port {@code --port}
 * @param dataDir {@code --data-dir}
 */
public record LauncherOverrides(
        @Nullable Path configFile, @Nullable String host, @Nullable Integer port, @Nullable Path dataDir) {

    /**
     * Returns overrides that change nothing.
     *
     * @return the empty overrides
     */
    public static LauncherOverrides empty() {
        return new LauncherOverrides(null, null, null, null);
    }
}
