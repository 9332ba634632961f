package dev.ditto.gateway.relay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The benchmark's payloads: the mock upstream's answers (bench/mock) and the load driver's request (bench/post.lua). */
final class BenchInputs {

    /** The chat request wrk sends, streaming. */
    static final String REQUEST = "{\"model\":\"bench-stream\",\"max_tokens\":64,\"stream\":true,"
            + "\"stream_options\":{\"include_usage\":true},"
            + "\"messages\":[{\"role\":\"system\",\"content\":\"You are a helpful assistant.\"},"
            + "{\"role\":\"user\",\"content\":\"Invent a new holiday and describe its traditions in two sentences.\"}]}";

    private BenchInputs() {}

    /** A file of bench/mock, read from the repository root (where bench/jmh.sh runs) or {@code ditto.bench.dir}. */
    static byte[] mock(String name) {
        Path dir = Path.of(System.getProperty("ditto.bench.dir", "bench"), "mock");
        try {
            return Files.readAllBytes(dir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("run from the repository root, or set -Dditto.bench.dir", e);
        }
    }

    static byte[] request() {
        return REQUEST.getBytes(StandardCharsets.UTF_8);
    }
}
