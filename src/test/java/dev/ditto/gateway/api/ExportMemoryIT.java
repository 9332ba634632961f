package dev.ditto.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The small version of the export benchmark (docs/performance.md): a whole gateway in a JVM
 * with a 64 MB heap exports 50,000 spend-log rows (about 22 MB of JSONL, several times what
 * the rows take as objects in memory) over HTTP. Holding the result in memory would not fit;
 * streaming it in chunks does.
 */
class ExportMemoryIT {

    @Test
    void fiftyThousandRowsStreamThroughA64MegabyteHeap() throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                "dev.ditto.bench.SpendExportBench", "--db", "h2", "--rows", "50000"))
                .redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();

        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        String text = new String(output, StandardCharsets.UTF_8);
        String result = text.lines().filter(line -> line.startsWith("exported=")).findFirst().orElse("");
        assertThat(process.exitValue()).as(text.length() > 4000 ? text.substring(text.length() - 4000) : text).isZero();
        assertThat(result).startsWith("exported=50000 db=h2 status=200").contains("max_heap_mb=64");
    }
}
