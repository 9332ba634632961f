package dev.ditto;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The gateway's version, stamped into {@code dev/ditto/version.properties} by the build. */
public final class DittoVersion {

    private static final String VERSION = read();

    private DittoVersion() {}

    /**
     * Returns the version.
     *
     * @return the Maven project version, or {@code dev} when run from unbuilt sources
     */
    public static String get() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = DittoVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "dev");
            return version.startsWith("${") ? "dev" : version;
        } catch (IOException e) {
            return "dev";
        }
    }
}
