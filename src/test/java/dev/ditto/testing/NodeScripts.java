package dev.ditto.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs the JavaScript client scripts of {@code src/test/node} (real npm clients pointed at the
 * gateway) with the machine's Node.js: copies the project into a working folder under
 * {@code target/}, installs its locked dependencies with {@code npm ci}, runs one script and
 * returns the JSON object it printed last.
 *
 * <p>Node.js and npm are required, never optional: without them {@link #install()} fails with a
 * message saying what to install, so the tests that need them fail instead of being skipped.
 * {@code npm ci} runs again only when {@code package.json} or {@code package-lock.json} changed
 * since the last install in the working folder; npm's own cache ({@code ~/.npm}) makes a new
 * install quick.
 *
 * <p>The folders are the system properties {@value #SOURCE_PROPERTY} and {@value #WORK_PROPERTY}
 * (Surefire sets both), else {@code src/test/node} and {@code target/node-clients} under the
 * working directory. Not thread-safe: one test class installs and runs at a time.
 *
 * <pre>{@code
 * NodeScripts node = NodeScripts.install();
 * JsonNode results = node.run("openai-client.mjs", Map.of("DITTO_BASE_URL", gateway.baseUri().toString()));
 * }</pre>
 */
public final class NodeScripts {

    /** The system property naming the npm project folder (with package.json and the scripts). */
    public static final String SOURCE_PROPERTY = "ditto.node.dir";
    /** The system property naming the folder it is copied to and installed in. */
    public static final String WORK_PROPERTY = "ditto.node.work.dir";
    /** The oldest Node.js major version the pinned clients are known to work with. */
    public static final int MIN_NODE_MAJOR = 20;

    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);
    private static final String STAMP = "node_modules/.ditto-installed";
    private static final List<String> MANIFESTS = List.of("package.json", "package-lock.json");
    private static final Pattern VERSION = Pattern.compile("v?(\\d+)\\.");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path workDir;

    private NodeScripts(Path workDir) {
        this.workDir = workDir;
    }

    /**
     * Checks Node.js and npm, copies the npm project into the working folder and installs its
     * dependencies exactly as locked, unless the same lock file is installed there already.
     *
     * @return a runner for the project's scripts
     * @throws AssertionError if Node.js or npm is missing or too old, or {@code npm ci} fails
     * @throws IOException if the project cannot be copied
     * @throws InterruptedException if interrupted while npm runs
     */
    public static NodeScripts install() throws IOException, InterruptedException {
        Path source = folder(SOURCE_PROPERTY, "src/test/node");
        Path work = folder(WORK_PROPERTY, "target/node-clients");
        requireNode(work.getParent() != null ? work.getParent() : work);
        Files.createDirectories(work);
        try (Stream<Path> files = Files.list(source)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, work.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        String digest = manifestDigest(work);
        Path stamp = work.resolve(STAMP);
        if (!Files.isRegularFile(stamp) || !Files.readString(stamp).equals(digest)) {
            Result npm = exec(work, List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), INSTALL_TIMEOUT,
                    "npm-ci");
            if (npm.exitCode() != 0) {
                throw new AssertionError("npm ci failed in " + work + " (exit " + npm.exitCode() + "):\n"
                        + npm.tail());
            }
            Files.writeString(stamp, digest);
        }
        return new NodeScripts(work);
    }

    /**
     * Runs one script with {@code node} and reads its result: the last non-blank line it printed,
     * a JSON object.
     *
     * @param script the script's file name, such as {@code openai-client.mjs}
     * @param environment variables added to this process's environment for the script
     * @return the printed JSON
     * @throws AssertionError if the script fails, times out or prints no JSON object
     * @throws IOException if node cannot be started
     * @throws InterruptedException if interrupted while it runs
     */
    public JsonNode run(String script, Map<String, String> environment) throws IOException, InterruptedException {
        Result node = exec(workDir, List.of("node", script), environment, RUN_TIMEOUT, script);
        if (node.exitCode() != 0) {
            throw new AssertionError("node " + script + " exited with " + node.exitCode() + ":\n" + node.tail());
        }
        String last = node.stdout().lines().filter(line -> !line.isBlank()).reduce((a, b) -> b).orElse("");
        try {
            JsonNode result = JSON.readTree(last);
            if (result == null || !result.isObject()) {
                throw new AssertionError("node " + script + " printed no JSON object:\n" + node.tail());
            }
            return result;
        } catch (IOException e) {
            throw new AssertionError("node " + script + " printed no JSON object:\n" + node.tail(), e);
        }
    }

    private static void requireNode(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        for (String tool : List.of("node", "npm")) {
            Result version;
            try {
                version = exec(dir, List.of(tool, "--version"), Map.of(), Duration.ofSeconds(30), tool + "-version");
            } catch (IOException e) {
                throw new AssertionError(tool + " was not found on the PATH. The JavaScript client tests need Node.js "
                        + MIN_NODE_MAJOR + "+ and npm (for example `apt-get install nodejs npm`); they are not skipped "
                        + "without them.", e);
            }
            if (version.exitCode() != 0) {
                throw new AssertionError("`" + tool + " --version` failed:\n" + version.tail());
            }
            Matcher major = VERSION.matcher(version.stdout().strip());
            if (tool.equals("node") && (!major.lookingAt() || Integer.parseInt(major.group(1)) < MIN_NODE_MAJOR)) {
                throw new AssertionError("Node.js " + MIN_NODE_MAJOR + "+ is needed for the JavaScript client tests, found "
                        + version.stdout().strip());
            }
        }
    }

    private static Path folder(String property, String fallback) {
        String configured = System.getProperty(property);
        return Path.of(configured == null || configured.isBlank() ? fallback : configured).toAbsolutePath().normalize();
    }

    private static String manifestDigest(Path dir) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String manifest : MANIFESTS) {
                sha.update(Files.readAllBytes(dir.resolve(manifest)));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** Runs a command with its output in files beside it (no pipe to drain, no deadlock). */
    private static Result exec(Path dir, List<String> command, Map<String, String> environment, Duration timeout,
            String logName) throws IOException, InterruptedException {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path out = logs.resolve(logName + ".out");
        Path err = logs.resolve(logName + ".err");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout + " in " + dir
                    + ":\n" + new Result(-1, Files.readString(out, StandardCharsets.UTF_8),
                            Files.readString(err, StandardCharsets.UTF_8)).tail());
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private record Result(int exitCode, String stdout, String stderr) {
        String tail() {
            String both = "--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
            return both.length() <= 4000 ? both : "..." + both.substring(both.length() - 4000);
        }
    }
}
