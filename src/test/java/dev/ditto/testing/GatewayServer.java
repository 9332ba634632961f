package dev.ditto.testing;

import dev.ditto.config.ConfigLoader;
import dev.ditto.config.ConfigSource;
import dev.ditto.config.GatewaySettings;
import dev.ditto.config.LauncherOverrides;
import dev.ditto.control.RecentRequests;
import dev.ditto.control.RequestRecord;
import dev.ditto.gateway.Gateway;
import dev.ditto.launcher.EmbeddedServer;
import dev.ditto.store.jpa.Database;
import dev.ditto.store.jpa.JdbcUrl;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * Boots the whole gateway, with the real web.xml, on embedded Jetty on a random port, with a
 * fresh H2 database in a temporary directory. Close it to stop the server and delete the data.
 *
 * <pre>{@code
 * try (GatewayServer gateway = GatewayServer.start("model_list: [...]")) {
 *     HttpResponse<String> models = gateway.get("/v1/models");
 * }
 * }</pre>
 */
public final class GatewayServer implements AutoCloseable {

    private final EmbeddedServer server;
    private final Path dataDir;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private GatewayServer(EmbeddedServer server, Path dataDir) {
        this.server = server;
        this.dataDir = dataDir;
    }

    /**
     * Starts the gateway with the built-in default configuration (the {@code ditto/echo} model).
     *
     * @return the running gateway
     * @throws Exception if it fails to start
     */
    public static GatewayServer start() throws Exception {
        return start("model_list:\n  - {model_name: ditto/echo, litellm_params: {model: ditto/echo}}\n");
    }

    /**
     * Starts the gateway with a configuration document.
     *
     * @param yaml the configuration, as a config.yaml would hold it
     * @return the running gateway
     * @throws Exception if it fails to start
     */
    public static GatewayServer start(String yaml) throws Exception {
        return start(yaml, Map.of());
    }

    /**
     * Starts the gateway with a configuration document and extra environment variables.
     *
     * @param yaml the configuration
     * @param environment variables layered over the process environment for reference resolution
     * @return the running gateway
     * @throws Exception if it fails to start
     */
    public static GatewayServer start(String yaml, Map<String, String> environment) throws Exception {
        return start(new ConfigSource("test", yaml), environment);
    }

    /**
     * Starts the gateway with a configuration file, which a configuration reload reads again, as
     * the launcher does for {@code --config}.
     *
     * @param configFile the configuration file
     * @param environment variables layered over the process environment for reference resolution
     * @return the running gateway
     * @throws Exception if it fails to start
     */
    public static GatewayServer start(Path configFile, Map<String, String> environment) throws Exception {
        return start(ConfigSource.ofFile(configFile, "test"), environment);
    }

    private static GatewayServer start(ConfigSource source, Map<String, String> environment) throws Exception {
        Map<String, String> env = GatewayProcess.withoutHostSettings(new HashMap<>(System.getenv()));
        env.putAll(environment);
        ConfigLoader loader = new ConfigLoader(env::get);
        LauncherOverrides overrides = new LauncherOverrides(null, "127.0.0.1", 0, null);
        GatewaySettings settings = loader.load(source).with(overrides);
        Path dataDir = Files.createTempDirectory("ditto-test-data");
        try {
            return new GatewayServer(EmbeddedServer.start(settings, () -> loader.load(source.reread()).with(overrides),
                    webappDir(), dataDir), dataDir);
        } catch (Exception e) {
            deleteTree(dataDir);
            throw e;
        }
    }

    /**
     * Returns the web application directory of the source tree ({@code webapp/}).
     *
     * @return the directory holding {@code WEB-INF/web.xml}
     */
    public static Path webappDir() {
        return Path.of(System.getProperty("ditto.webapp.dir", "webapp"));
    }

    /**
     * Returns the gateway the server runs, to look at its router or control plane.
     *
     * @return the gateway
     */
    public Gateway gateway() {
        return server.gateway();
    }

    /**
     * Returns the requests the in-memory recorder kept (the default control plane's).
     *
     * @return the recorder
     */
    public RecentRequests recentRequests() {
        return gateway().dataPlane().control().recorder().unwrap(RecentRequests.class)
                .orElseThrow(() -> new IllegalStateException("the control plane keeps no RecentRequests"));
    }

    /**
     * Waits until the request with this id has been recorded (settlement runs just after the
     * last byte is written, so a client can see the answer a moment before).
     *
     * @param requestId the {@code x-request-id} the request was sent with
     * @return the record
     * @throws AssertionError if it was not recorded within 10 seconds
     */
    public RequestRecord awaitRecord(String requestId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        do {
            for (RequestRecord record : recentRequests().snapshot()) {
                if (record.requestId().equals(requestId)) {
                    return record;
                }
            }
            Thread.sleep(5);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("request " + requestId + " was not recorded within 10 s");
    }

    /**
     * Waits until the recorder has recorded {@code count} requests since start; requests are
     * recorded when they settle, which may be just after the client read the last byte.
     *
     * @param count how many
     * @param timeout how long to wait
     * @return the kept records, oldest first
     * @throws AssertionError if fewer were recorded in time
     */
    public List<RequestRecord> awaitRecorded(long count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        // The recorder has no notification to wait on: poll it.
        while (recentRequests().count() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + count
                        + " recorded requests; recorded " + recentRequests().snapshot());
            }
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
        return recentRequests().snapshot();
    }

    /**
     * Opens the gateway's own embedded H2 database a second time (the same file, shared within
     * this JVM), to put records where the gateway reads them. Close it before the gateway.
     *
     * @return the database; only for a gateway whose configuration sets no database
     */
    public Database openDatabase() {
        return Database.ofPool(JdbcUrl.h2File(dataDir), 2);
    }

    /**
     * Waits until at least {@code n} requests have been recorded: requests settle just after
     * their last bytes are written, so a client may see its answer first.
     *
     * @param n the number of records
     * @param timeout how long to wait
     * @return the records, oldest first
     * @throws AssertionError if fewer were recorded within the timeout
     */
    public java.util.List<dev.ditto.control.RequestRecord> awaitRecords(int n, Duration timeout) {
        RecentRequests recent = recentRequests();
        synchronized (recent) {
            Waits.until(recent, () -> recent.count() >= n, timeout,
                    () -> n + " recorded requests (recorded " + recent.count() + ")");
            return recent.snapshot();
        }
    }

    /**
     * Returns the base URL.
     *
     * @return {@code http://127.0.0.1:port}
     */
    public URI baseUri() {
        return server.baseUri();
    }

    /**
     * Resolves a path against the base URL.
     *
     * @param path such as {@code /v1/models}
     * @return the absolute URL
     */
    public URI uri(String path) {
        return baseUri().resolve(path);
    }

    /**
     * Sends a GET.
     *
     * @param path the path
     * @return the response with its body as a string
     * @throws IOException if the request fails
     * @throws InterruptedException if interrupted
     */
    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    /**
     * Sends a POST with a JSON body.
     *
     * @param path the path
     * @param json the body
     * @return the response with its body as a string
     * @throws IOException if the request fails
     * @throws InterruptedException if interrupted
     */
    public HttpResponse<String> postJson(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /**
     * Sends any request.
     *
     * @param request the request
     * @return the response with its body as a string
     * @throws IOException if the request fails
     * @throws InterruptedException if interrupted
     */
    public HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Returns the HTTP client the helpers use, for requests that need other body handlers.
     *
     * @return the client
     */
    public HttpClient client() {
        return client;
    }

    @Override
    public void close() throws Exception {
        try {
            server.close();
        } finally {
            deleteTree(dataDir);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
