package dev.ditto.launcher;

import dev.ditto.DittoVersion;
import dev.ditto.VerifyAuditCommand;
import dev.ditto.config.ConfigLoader;
import dev.ditto.config.ConfigLocator;
import dev.ditto.config.ConfigSource;
import dev.ditto.config.GatewaySettings;
import dev.ditto.config.InvalidConfigException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/**
 * The embedded launcher behind {@code java -jar ditto-gateway.war}: reads the command line,
 * loads and validates the configuration before anything starts (so a bad file fails fast with
 * the field's path and exit status 2), then serves the web application on embedded Jetty until
 * the process is told to stop. {@code verify-audit FILE} runs the offline audit verifier instead.
 */
public final class Launcher {

    /** Exit status for a bad command line or configuration. */
    public static final int EXIT_USAGE = 2;
    /** Exit status when the server fails to start. */
    public static final int EXIT_FAILED = 1;

    private Launcher() {}

    /**
     * Runs the gateway until the JVM shuts down.
     *
     * @param args the command line
     * @param webappDir the unpacked web application
     * @return 0 after a clean stop, {@value #EXIT_USAGE} for bad options or configuration,
     *     {@value #EXIT_FAILED} if the server failed to start; for {@code verify-audit}, 0 when
     *     the file verifies, 1 at the first bad record, 2 for a bad command line or file
     */
    public static int run(String[] args, Path webappDir) {
        return run(args, webappDir, System.out, System.err);
    }

    static int run(String[] args, Path webappDir, PrintStream out, PrintStream err) {
        LauncherOptions options;
        try {
            options = LauncherOptions.parse(args);
        } catch (LauncherOptions.UsageException e) {
            err.println("ditto: " + e.getMessage());
            err.print(LauncherOptions.USAGE);
            return EXIT_USAGE;
        }
        if (options.tool() != null) {
            // Tools never load the configuration, open the database or start the server.
            return VerifyAuditCommand.run(options.tool().args(), out, err);
        }
        if (options.help()) {
            out.print(LauncherOptions.USAGE);
            return 0;
        }
        if (options.version()) {
            out.println("ditto-gateway " + DittoVersion.get());
            return 0;
        }
        GatewaySettings settings;
        Supplier<GatewaySettings> reader;
        try {
            ConfigLocator locator = new ConfigLocator(System::getProperty, System::getenv, () -> null, () -> null);
            ConfigLoader loader = new ConfigLoader(System::getenv);
            ConfigSource source = locator.locate(options.overrides().configFile());
            settings = loader.load(source).with(options.overrides());
            // A reload reads the same file again, with the same command-line overrides.
            reader = () -> loader.load(source.reread()).with(options.overrides());
        } catch (InvalidConfigException e) {
            err.println("ditto: " + e.getMessage());
            return EXIT_USAGE;
        }
        Path dataDir = options.overrides().dataDir() != null ? options.overrides().dataDir() : Path.of("data");
        return serve(settings, reader, webappDir, dataDir, out, err);
    }

    private static int serve(GatewaySettings settings, Supplier<GatewaySettings> reader, Path webappDir, Path dataDir,
            PrintStream out, PrintStream err) {
        EmbeddedServer server;
        try {
            server = EmbeddedServer.start(settings, reader, webappDir, dataDir);
        } catch (Exception e) {
            err.println("ditto: failed to start: " + e);
            return EXIT_FAILED;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                err.println("ditto: error while stopping: " + e);
            } finally {
                stopped.countDown();
            }
        }, "ditto-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("Ditto listening on " + server.baseUri() + " (config: " + settings.source() + ")");
        out.flush();
        try {
            server.join();
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
