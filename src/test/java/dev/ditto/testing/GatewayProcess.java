package dev.ditto.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A gateway in a process of its own, started the way the README says
 * ({@code java -jar target/ditto-gateway.war --config FILE}), so that a test can kill it with
 * SIGKILL as a crashed replica would die: no shutdown hook, no flush, no settlement. Listens on a
 * free port of 127.0.0.1; {@link #start} returns once {@code /health/readiness} answers 200.
 *
 * <pre>{@code
 * try (GatewayProcess a = GatewayProcess.start(dir, yaml, Map.of("REDIS_URL", redisUrl))) {
 *     HttpResponse<String> models = a.client().send(HttpRequest.newBuilder(a.uri("/v1/models")).build(), ofString());
 *     a.kill();                                  // SIGKILL
 * }
 * }</pre>
 *
 * <p>The WAR is {@code ditto.war} (set by failsafe) or {@code target/ditto-gateway.war}: build it
 * with {@code ./mvnw -o -q -DskipTests package} before running an IT that uses this from an IDE.
 * Everything the process prints is kept ({@link #output()}). Thread-safe.
 */
public final class GatewayProcess implements AutoCloseable {

    /** The WAR the process runs. */
    public static final Path WAR = Path.of(System.getProperty("ditto.war", "target/ditto-gateway.war"));
    private static final Pattern LISTENING = Pattern.compile("Ditto listening on (http://\\S+)");
    private static final Pattern NODE_ID = Pattern.compile("event=gateway_started node_id=(\\S+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private final Process process;
    private final StringBuilder output;
    private final URI baseUri;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private GatewayProcess(Process process, StringBuilder output, URI baseUri) {
        this.process = process;
        this.output = output;
        this.baseUri = baseUri;
    }

    /**
     * Writes the configuration into {@code dir} and starts a gateway on it.
     *
     * @param dir a directory of the test's own: the configuration, the H2 data directory (when
     *     the configuration sets no database) and the WAR's unpacked launcher go there
     * @param yaml the configuration document
     * @param environment variables added to the process' environment (such as {@code REDIS_URL});
     *     this JVM's {@linkplain #withoutHostSettings host settings} are not passed on
     * @return the running, ready gateway
     * @throws IOException if the process cannot be started
     * @throws IllegalStateException if it exits or is not ready within three minutes (its output is in the message)
     */
    /**
     * Removes from an environment the variables that would point a test gateway at this machine's
     * configuration, database, Redis or master key ({@code DITTO_CONFIG}, {@code DATABASE_URL},
     * {@code DITTO_REDIS_URL}, {@code DITTO_MASTER_KEY}): CI exports {@code DITTO_REDIS_URL} for
     * the Redis tests, and a test gateway uses such a service only when its test passes it.
     *
     * @param environment a mutable environment, such as a {@link ProcessBuilder}'s
     * @return the same map, for chaining
     */
    public static Map<String, String> withoutHostSettings(Map<String, String> environment) {
        for (String name : List.of("DITTO_CONFIG", "DATABASE_URL", "DITTO_REDIS_URL", "DITTO_MASTER_KEY")) {
            environment.remove(name);
        }
        return environment;
    }

    public static GatewayProcess start(Path dir, String yaml, Map<String, String> environment) throws IOException {
        if (!Files.isRegularFile(WAR)) {
            throw new IllegalStateException(WAR.toAbsolutePath() + " does not exist: build it with "
                    + "./mvnw -o -q -DskipTests package (failsafe runs after package)");
        }
        Files.createDirectories(dir);
        Path config = Files.writeString(dir.resolve("config.yaml"), yaml);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dditto.war.cache=" + dir.resolve("cache"),
                "-jar", WAR.toAbsolutePath().toString(),
                "--config", config.toString(), "--host", "127.0.0.1", "--port", "0",
                "--data-dir", dir.resolve("data").toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        withoutHostSettings(builder.environment()).putAll(environment);
        Process process = builder.start();
        StringBuilder output = new StringBuilder();
        try {
            URI base = awaitListening(process, output);
            GatewayProcess gateway = new GatewayProcess(process, output, base);
            gateway.awaitReady();
            return gateway;
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** Reads the output on a daemon thread, keeping all of it, until the listening line shows. */
    private static URI awaitListening(Process process, StringBuilder output) {
        CompletableFuture<URI> listening = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    synchronized (output) {
                        output.append(line).append('\n');
                        output.notifyAll();
                    }
                    Matcher matcher = LISTENING.matcher(line);
                    if (matcher.find()) {
                        listening.complete(URI.create(matcher.group(1)));
                    }
                }
            } catch (IOException e) {
                // The process died (or was killed) while we read: its output ends here.
            }
            listening.completeExceptionally(new IllegalStateException("the gateway exited before listening:\n"
                    + snapshot(output)));
        }, "gateway-process-output");
        reader.setDaemon(true);
        reader.start();
        return Waits.get(listening, START_TIMEOUT, () -> "the gateway to listen; it printed:\n" + snapshot(output));
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        int last = -1;
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                last = client.send(HttpRequest.newBuilder(uri("/health/readiness")).timeout(Duration.ofSeconds(10))
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                if (last == 200) {
                    return;
                }
            } catch (IOException e) {
                last = -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for readiness", e);
            }
            sleep(Duration.ofMillis(200));
        }
        throw new IllegalStateException("the gateway did not become ready (last status " + last + ", alive "
                + process.isAlive() + "); it printed:\n" + output());
    }

    /**
     * Returns the base URL.
     *
     * @return {@code http://127.0.0.1:port}
     */
    public URI baseUri() {
        return baseUri;
    }

    /**
     * Returns the port it listens on.
     *
     * @return the port
     */
    public int port() {
        return baseUri.getPort();
    }

    /**
     * Resolves a path against the base URL.
     *
     * @param path such as {@code /v1/chat/completions}
     * @return the absolute URL
     */
    public URI uri(String path) {
        return baseUri.resolve(path);
    }

    /**
     * Returns an HTTP client for talking to it.
     *
     * @return the client (HTTP/1.1 or 2, the JDK's default)
     */
    public HttpClient client() {
        return client;
    }

    /**
     * Returns the gateway's node id, the replica id its reservations record.
     *
     * @return the id from its {@code event=gateway_started} line
     * @throws IllegalStateException if that line was not printed
     */
    public String nodeId() {
        Matcher matcher = NODE_ID.matcher(output());
        if (!matcher.find()) {
            throw new IllegalStateException("no event=gateway_started line in:\n" + output());
        }
        return matcher.group(1);
    }

    /**
     * Returns the process id.
     *
     * @return the pid
     */
    public long pid() {
        return process.pid();
    }

    /**
     * Returns whether the process is running.
     *
     * @return true until it exits or is killed
     */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Returns everything the process printed so far (stdout and stderr, interleaved).
     *
     * @return the output
     */
    public String output() {
        return snapshot(output);
    }

    /**
     * Waits until the process has printed a line containing {@code text}.
     *
     * @param text what to wait for
     * @param timeout how long
     * @return the output up to now
     * @throws AssertionError if it was not printed in time
     */
    public String awaitOutput(String text, Duration timeout) {
        synchronized (output) {
            Waits.until(output, () -> output.indexOf(text) >= 0, timeout, () -> "'" + text + "' in the output of the "
                    + "gateway, which printed:\n" + output);
            return output.toString();
        }
    }

    /**
     * Kills the process with SIGKILL, as a crash would, and waits until it is gone.
     *
     * @throws IllegalStateException if it is still running after 30 seconds
     */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("pid " + process.pid() + " still runs 30 s after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for pid " + process.pid() + " to die", e);
        }
    }

    /** Kills the process if it still runs. */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    private static String snapshot(StringBuilder output) {
        synchronized (output) {
            return output.toString();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted", e));
        }
    }
}
