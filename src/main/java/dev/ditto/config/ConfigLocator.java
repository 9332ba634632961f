package dev.ditto.config;

import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Finds the configuration, first match wins: the launcher's {@code --config}, the system
 * property {@value #PROPERTY}, the environment variable {@value #ENV}, the servlet context
 * init-param {@value #PROPERTY}, the JNDI entry {@value #JNDI_NAME}, else the built-in default.
 *
 * <p>An init-param or JNDI value names a file; a value that spans several lines is taken as the
 * YAML document itself, which lets an app server hold the whole configuration.
 */
public final class ConfigLocator {

    /** System property and servlet context init-param naming the configuration file. */
    public static final String PROPERTY = "ditto.config";
    /** Environment variable naming the configuration file. */
    public static final String ENV = "DITTO_CONFIG";
    /** JNDI environment entry naming the configuration file. */
    public static final String JNDI_NAME = "java:comp/env/ditto/config";

    private final Function<String, @Nullable String> systemProperties;
    private final Function<String, @Nullable String> environment;
    private final Supplier<@Nullable String> initParam;
    private final Supplier<@Nullable String> jndi;

    /**
     * Creates a locator over the given lookups, which tests replace with maps.
     *
     * @param systemProperties system property lookup
     * @param environment environment variable lookup
     * @param initParam the servlet context init-param, or a supplier of null outside a container
     * @param jndi the JNDI entry, or a supplier of null where there is no JNDI
     */
    public ConfigLocator(
            Function<String, @Nullable String> systemProperties,
            Function<String, @Nullable String> environment,
            Supplier<@Nullable String> initParam,
            Supplier<@Nullable String> jndi) {
        this.systemProperties = systemProperties;
        this.environment = environment;
        this.initParam = initParam;
        this.jndi = jndi;
    }

    /**
     * Finds the configuration.
     *
     * @param commandLine the launcher's {@code --config}, or null
     * @return the first source found, or the built-in default
     * @throws InvalidConfigException if a named file cannot be read
     */
    public ConfigSource locate(@Nullable Path commandLine) {
        if (commandLine != null) {
            return ConfigSource.ofFile(commandLine, "--config");
        }
        String value = blankToNull(systemProperties.apply(PROPERTY));
        if (value != null) {
            return ConfigSource.ofFile(Path.of(value), "system property " + PROPERTY);
        }
        value = blankToNull(environment.apply(ENV));
        if (value != null) {
            return ConfigSource.ofFile(Path.of(value), "environment variable " + ENV);
        }
        value = blankToNull(initParam.get());
        if (value != null) {
            return fileOrDocument(value, "servlet context init-param " + PROPERTY);
        }
        value = blankToNull(jndi.get());
        if (value != null) {
            return fileOrDocument(value, "JNDI " + JNDI_NAME);
        }
        return DefaultConfig.source(environment);
    }

    private static ConfigSource fileOrDocument(String value, String how) {
        if (value.contains("\n")) {
            return new ConfigSource("inline document (" + how + ")", value);
        }
        return ConfigSource.ofFile(Path.of(value.trim()), how);
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
