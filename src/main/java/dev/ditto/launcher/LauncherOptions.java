package dev.ditto.launcher;

import dev.ditto.VerifyAuditCommand;
import dev.ditto.config.LauncherOverrides;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The launcher's command line: {@code [--config FILE] [--host H] [--port N] [--data-dir DIR]},
 * each also written {@code --name=value}, plus {@code --help} and {@code --version}; or a
 * tool's name and its arguments ({@code verify-audit FILE}), which runs the tool instead of the
 * server.
 *
 * @param overrides the values that win over the configuration file
 * @param help whether to print usage and exit
 * @param version whether to print the version and exit
 * @param tool the command-line tool to run instead of the server, if one was named
 */
record LauncherOptions(LauncherOverrides overrides, boolean help, boolean version, @Nullable Tool tool) {

    /**
     * A command-line tool and its arguments.
     *
     * @param name such as {@code verify-audit}
     * @param args the arguments after the name
     */
    record Tool(String name, List<String> args) {}

    /** The tools, by name. */
    static final List<String> TOOLS = List.of(VerifyAuditCommand.NAME);

    static final String USAGE = """
            Usage: java -jar ditto-gateway.war [--config FILE] [--host HOST] [--port PORT] [--data-dir DIR]
                   java -jar ditto-gateway.war verify-audit [--partial] FILE

              --config FILE    configuration file (LiteLLM config.yaml compatible); else -Dditto.config,
                               DITTO_CONFIG, or the built-in default (the ditto/echo demo model)
              --host HOST      interface to listen on (default 127.0.0.1)
              --port PORT      port to listen on (default 4000; 0 picks a free one)
              --data-dir DIR   where the embedded H2 database lives (default ./data)
              --help           print this and exit
              --version        print the version and exit

              verify-audit     check an audit export's hash chains offline (no server, no database)
            """;

    private static final List<String> NAMES = List.of("--config", "--host", "--port", "--data-dir");

    /** Thrown for a command line that cannot be understood; the message says why. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message, null, false, false);
        }
    }

    static LauncherOptions parse(String[] args) throws UsageException {
        if (args.length > 0 && TOOLS.contains(args[0])) {
            return new LauncherOptions(new LauncherOverrides(null, null, null, null), false, false,
                    new Tool(args[0], List.of(args).subList(1, args.length)));
        }
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
        return new LauncherOptions(new LauncherOverrides(config, host, port, dataDir), help, version, null);
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
