package dev.ditto.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A configuration document and where it came from.
 *
 * @param description where it came from, such as {@code file /etc/ditto/config.yaml (--config)}
 * @param yaml the document text
 */
public record ConfigSource(String description, String yaml) {

    /**
     * Reads a configuration file.
     *
     * @param file the file
     * @param how how it was chosen, such as {@code --config} or {@code DITTO_CONFIG}
     * @return the source
     * @throws InvalidConfigException if the file cannot be read
     */
    public static ConfigSource ofFile(Path file, String how) {
        String description = "file " + file.toAbsolutePath().normalize() + " (" + how + ")";
        try {
            return new ConfigSource(description, Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | UncheckedIOException e) {
            throw new InvalidConfigException(description, java.util.List.of(
                    new ConfigProblem("", "cannot read the configuration file: " + e)));
        }
    }
}
