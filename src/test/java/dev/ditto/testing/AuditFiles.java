package dev.ditto.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.control.audit.AuditChain;
import dev.ditto.control.audit.AuditRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.GZIPOutputStream;

/** Audit export files made in memory, for verifier tests that need no gateway, and a gateway's exported records. */
public final class AuditFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditFiles() {}

    /**
     * Builds the export lines of one global chain: the genesis record and {@code size - 1} more.
     *
     * @param size how many records
     * @return the JSONL lines
     */
    public static List<String> chain(int size) {
        Instant t0 = Instant.parse("2025-03-01T00:00:00Z");
        List<AuditRecord> records = new ArrayList<>();
        records.add(AuditChain.genesis("aud_0", AuditChain.GLOBAL, null, t0));
        for (int i = 1; i < size; i++) {
            records.add(AuditChain.link(AuditRecord.builder("aud_" + i, t0.plusSeconds(i)).actor("admin", "global_admin")
                    .action("key.update", "key", "key_" + i).build(), AuditChain.GLOBAL, i + 1,
                    records.get(i - 1).hash()));
        }
        return records.stream().map(AuditChain::exportJson).toList();
    }

    /**
     * Writes lines as a JSONL file, gzipped or not.
     *
     * @param file where
     * @param lines the lines
     * @param gzip whether to gzip it
     * @return the file
     * @throws IOException if it cannot be written
     */
    public static Path write(Path file, List<String> lines, boolean gzip) throws IOException {
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    /**
     * Polls a gateway's {@code GET /admin/audit/export} until it holds {@code count} records of
     * an action (security events are written behind, a moment after they happen).
     *
     * @param gateway the gateway
     * @param masterKey its master key
     * @param action such as {@code system.reaper_run}
     * @param count how many to wait for
     * @return every exported record of the action, at least {@code count}, in chain order
     * @throws Exception if the export fails
     * @throws AssertionError if they are not there within 20 s
     */
    public static List<JsonNode> awaitExported(GatewayServer gateway, String masterKey, String action, int count)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            HttpResponse<String> export = gateway.send(HttpRequest.newBuilder(gateway.uri("/admin/audit/export"))
                    .header("Authorization", "Bearer " + masterKey).build());
            if (export.statusCode() != 200) {
                throw new AssertionError("the audit export answered " + export.statusCode() + ": " + export.body());
            }
            List<JsonNode> found = new ArrayList<>();
            for (String line : export.body().split("\n")) {
                if (!line.isEmpty() && JSON.readTree(line).path("action").asText().equals(action)) {
                    found.add(JSON.readTree(line));
                }
            }
            if (found.size() >= count) {
                return found;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(count + " records of " + action + " expected within 20 s, found " + found.size());
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }
}
