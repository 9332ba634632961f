package dev.ditto.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A private {@code redis-server} on a free port of 127.0.0.1, for tests that stop Redis mid-run
 * and so must never touch the Redis other tests and builds share. Nothing is persisted. Kill it
 * with {@link #kill()} (SIGKILL, as a crash) and start it again on the same port with
 * {@link #restart()}; {@link #close()} kills it if it runs.
 */
public final class RedisServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final int port;
    private final Path dir;
    private Process process;

    private RedisServer(int port, Path dir) throws IOException {
        this.port = port;
        this.dir = dir;
        this.process = launch();
    }

    /**
     * Starts {@code redis-server} (it must be on the PATH) on a free port.
     *
     * @param dir its working directory
     * @return the running server, answering PING
     * @throws IOException if it cannot be started or does not answer within a minute
     */
    public static RedisServer start(Path dir) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        return new RedisServer(port, dir);
    }

    private Process launch() throws IOException {
        Process started = new ProcessBuilder(List.of("redis-server", "--port", Integer.toString(port), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString()))
                .directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis-" + port + ".log").toFile()).start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline && started.isAlive()) {
            try (Jedis jedis = new Jedis("127.0.0.1", port)) {
                if ("PONG".equals(jedis.ping())) {
                    return started;
                }
            } catch (JedisException e) {
                // Not listening yet.
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                started.destroyForcibly();
                throw new IOException("interrupted while starting redis-server", e);
            }
        }
        started.destroyForcibly();
        throw new IOException("redis-server on port " + port + " did not answer PING (alive " + started.isAlive()
                + "; see " + dir.resolve("redis-" + port + ".log") + ")");
    }

    /**
     * Returns its URL.
     *
     * @return {@code redis://127.0.0.1:port}
     */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /**
     * Kills it with SIGKILL and waits until it is gone: clients see their connections reset and
     * new ones refused.
     *
     * @throws IOException if it is still running after 30 seconds
     */
    public void kill() throws IOException {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IOException("redis-server pid " + process.pid() + " still runs 30 s after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while killing redis-server", e);
        }
    }

    /**
     * Starts it again, empty, on the same port.
     *
     * @throws IOException if it cannot be started
     */
    public void restart() throws IOException {
        if (process.isAlive()) {
            kill();
        }
        process = launch();
    }

    /** Kills it if it runs. */
    @Override
    public void close() throws IOException {
        if (process.isAlive()) {
            kill();
        }
    }
}
