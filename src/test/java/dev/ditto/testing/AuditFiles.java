package dev.ditto.testing;

import dev.ditto.control.audit.AuditChain;
import dev.ditto.control.audit.AuditRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Audit export files made in memory, for verifier tests that need no gateway. */
public final class AuditFiles {

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
}
