package dev.ditto.launcher;

import dev.ditto.config.LauncherOverrides;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The launcher's command line: {@code [--config FILE] [--host H] [--port N] [--data-dir DIR]},
 * each also written {@code --name=value}, plus {@code --help} and {@code --version}.
 *
 * @param overrides the values that win over the configuration file
 * @param help whether to print usage and exit
 * @param version whether to print the version and exit
 */
record LauncherOptions(LauncherOverrides overrides, boolean help, boolean version) {

    static final String USAGE = """
            Usage: java -jar ditto-gateway.war [--config FILE] [--host HOST] [--port PORT] [--data-dir DIR]

              --config FILE    configuration file (LiteLLM config.yaml compatible); else -Dditto.config,
                               DITTO_CONFIG, or the built-in default (the ditto/echo demo model)
              --host HOST      interface to listen on (default 127.0.0.1)
              --port PORT      port to listen on (default 4000; 0 picks a free one)
              --data-dir DIR   where the embedded H2 database lives (default ./data)
              --help           print this and exit
              --version        print the version and exit
            """;

    private static final List<String> NAMES = List.of("--config", "--host", "--port", "--data-dir");

    /** Thrown for a command line that cannot be understood; the message says why. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message, null, false, false);
        }
    }

    static LauncherOptions parse(String[] args) throws UsageException {
        Path config = null;
        String host = null;
        Integer port = null;
        Path dataDir = null;
        boolean help = false;
        boolean version = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
                continue;
            }
            if (arg.equals("--version")) {
                version = true;
                continue;
            }
            int equals = arg.indexOf('=');
            String name = equals > 0 ? arg.substring(0, equals) : arg;
            if (!NAMES.contains(name)) {
                throw new UsageException("unknown option '" + arg + "'");
            }
            String value;
            if (equals > 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new UsageException(name + " needs a value");
            }
            switch (name) {
                case "--config" -> config = Path.of(value);
                case "--host" -> host = value;
                case "--port" -> port = port(value);
                default -> dataDir = Path.of(value);
            }
        }
        return new LauncherOptions(new LauncherOverrides(config, host, port, dataDir), help, version);
    }

    private static @Nullable Integer port(String value) throws UsageException {
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65535) {
                throw new UsageException("--port must be between 0 and 65535, got " + value);
            }
            return port;
        } catch (NumberFormatException e) {
            throw new UsageException("--port must be a number, got '" + value + "'");
        }
    }
}
