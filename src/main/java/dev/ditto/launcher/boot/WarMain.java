package dev.ditto.launcher.boot;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.jspecify.annotations.Nullable;

/**
 * The {@code Main-Class} of the WAR, so that {@code java -jar ditto-gateway.war} runs it the way
 * Jenkins runs: it unpacks the WAR once into a cache directory, builds a class loader from
 * {@code WEB-INF/classes}, {@code WEB-INF/lib} and {@code WEB-INF/launcher} (embedded Jetty,
 * which servlet containers never load), and hands over to {@code dev.ditto.launcher.Launcher}.
 *
 * <p>It sits at the root of the WAR and uses the JDK only: nothing else is on the class path
 * when it starts.
 */
public final class WarMain {

    private static final String LAUNCHER = "dev.ditto.launcher.Launcher";
    private static final String COMPLETE = ".complete";
    /** The system property that sizes the common fork-join pool; read once, when that pool is first used. */
    static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    private WarMain() {}

    /**
     * Unpacks the WAR and starts the launcher; exits with the launcher's status when it fails.
     *
     * @param args the command line, passed on to the launcher
     * @throws Exception if the WAR cannot be unpacked or the launcher cannot be found
     */
    public static void main(String[] args) throws Exception {
        @Nullable String parallelism = commonPoolParallelism(System.getProperty(COMMON_POOL_PARALLELISM),
                Runtime.getRuntime().availableProcessors());
        if (parallelism != null) {
            System.setProperty(COMMON_POOL_PARALLELISM, parallelism);
        }
        Path war = Path.of(WarMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isDirectory(war)) {
            System.err.println("WarMain runs from ditto-gateway.war; build it with ./mvnw package");
            System.exit(2);
        }
        Path webapp = unpack(war);
        URLClassLoader loader = new URLClassLoader("ditto", classPath(webapp), ClassLoader.getPlatformClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        Method run = loader.loadClass(LAUNCHER).getMethod("run", String[].class, Path.class);
        int status;
        try {
            status = (Integer) run.invoke(null, args, webapp);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * The common pool parallelism to set before anything uses it, or null to leave it alone. The
     * JDK's HTTP client hands every response of {@code sendAsync} on to
     * {@code CompletableFuture}'s default executor, which is the common pool only when its
     * parallelism is above 1: on one or two CPUs (a pinned process, a small container) it is a
     * new thread per task, so every upstream call would start and end a thread. A parallelism of
     * 2 keeps that hand-over on two pooled threads; an explicit setting is kept as it is.
     *
     * @param configured the property's current value, if set
     * @param processors the CPUs the JVM sees
     * @return the value to set, or null to leave the property alone
     */
    static @Nullable String commonPoolParallelism(@Nullable String configured, int processors) {
        return configured == null && processors <= 2 ? "2" : null;
    }

    private static Path unpack(Path war) throws IOException, NoSuchAlgorithmException, URISyntaxException {
        String identity = war.toAbsolutePath() + "|" + Files.size(war) + "|" + Files.getLastModifiedTime(war).toMillis();
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
        Path cache = Path.of(System.getProperty("ditto.war.cache", System.getProperty("java.io.tmpdir")));
        Path target = cache.resolve("ditto-war-" + HexFormat.of().formatHex(digest, 0, 8));
        if (Files.exists(target.resolve(COMPLETE))) {
            return target;
        }
        Files.createDirectories(cache);
        Path staging = Files.createTempDirectory(cache, "ditto-war-unpacking-");
        try (ZipFile zip = new ZipFile(war.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                extract(zip, entries.nextElement(), staging);
            }
        }
        Files.createFile(staging.resolve(COMPLETE));
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException | java.nio.file.DirectoryNotEmptyException e) {
            // Another process unpacked the same WAR first; use its copy.
            deleteTree(staging);
        }
        return target;
    }

    private static void extract(ZipFile zip, ZipEntry entry, Path root) throws IOException {
        Path path = root.resolve(entry.getName()).normalize();
        if (!path.startsWith(root)) {
            throw new IOException("WAR entry escapes the unpack directory: " + entry.getName());
        }
        if (entry.isDirectory()) {
            Files.createDirectories(path);
            return;
        }
        Files.createDirectories(path.getParent());
        try (InputStream in = zip.getInputStream(entry)) {
            Files.copy(in, path);
        }
    }

    private static URL[] classPath(Path webapp) throws IOException {
        List<URL> urls = new ArrayList<>();
        urls.add(webapp.resolve("WEB-INF/classes").toUri().toURL());
        for (String dir : new String[] {"WEB-INF/lib", "WEB-INF/launcher"}) {
            try (Stream<Path> jars = Files.list(webapp.resolve(dir))) {
                for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                    urls.add(jar.toUri().toURL());
                }
            }
        }
        return urls.toArray(URL[]::new);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
