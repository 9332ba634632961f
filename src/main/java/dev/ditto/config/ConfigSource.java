package dev.ditto.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * A configuration document and where it came from.
 *
 * @param description where it came from, such as {@code file /etc/ditto/config.yaml (--config)}
 * @param yaml the document text
 * @param file the file it was read from, which {@link #reread()} reads again; null for a
 *     document given inline or built in
 */
public record ConfigSource(String description, String yaml, @Nullable Path file) {

    /**
     * A document that did not come from a file.
     *
     * @param description where it came from, such as {@code inline document (JNDI ...)}
     * @param yaml the document text
     */
    public ConfigSource(String description, String yaml) {
        this(description, yaml, null);
    }

    /**
     * Reads a configuration file.
     *
     * @param file the file
     * @param how how it was chosen, such as {@code --config} or {@code DITTO_CONFIG}
     * @return the source
     * @throws InvalidConfigException if the file cannot be read
     */
    public static ConfigSource ofFile(Path file, String how) {
        return read(file, "file " + file.toAbsolutePath().normalize() + " (" + how + ")");
    }

    /**
     * Reads the document again from where it came from, for a configuration reload: the same
     * file (whatever the locator would choose now), or this document when it came from no file.
     *
     * @return the source as it is now
     * @throws InvalidConfigException if the file cannot be read any more
     */
    public ConfigSource reread() {
        return file == null ? this : read(file, description);
    }

    private static ConfigSource read(Path file, String description) {
        try {
            return new ConfigSource(description, Files.readString(file, StandardCharsets.UTF_8), file);
        } catch (IOException | UncheckedIOException e) {
            throw new InvalidConfigException(description, java.util.List.of(
                    new ConfigProblem("", "cannot read the configuration file: " + e)));
        }
    }
}
