package dev.ditto.bench;

import dev.ditto.control.IdGenerator;
import dev.ditto.control.spend.SpendLogEntry;
import dev.ditto.control.spend.SpendLogStore;
import dev.ditto.testing.GatewayServer;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * Exports a large spend log over HTTP from an embedded gateway in this JVM and reports the heap
 * high-water mark: run it with a small heap ({@code -Xmx128m}) to show that an export streams,
 * whatever its size. Fills the database through the gateway's own spend-log store first. The
 * client reads the response as a stream too, so the heap measured is the gateway's.
 *
 * <pre>
 * java -Xmx128m -cp ... dev.ditto.bench.SpendExportBench --db h2|postgres --rows 1000000
 * </pre>
 *
 * <p>Prints one line {@code exported=N ...}; exits 1 if fewer rows came back.
 */
public final class SpendExportBench {

    private static final String MASTER_KEY = "sk-bench-master";
    private static final int INSERT_BATCH = 1_000;

    private SpendExportBench() {}

    /**
     * Runs the benchmark.
     *
     * @param args {@code --db h2|postgres}, {@code --rows N}, {@code --gzip true|false}
     * @throws Exception if the gateway or the database fails
     */
    public static void main(String[] args) throws Exception {
        String db = BenchDatabase.option(args, "--db", "h2");
        int rows = Integer.parseInt(BenchDatabase.option(args, "--rows", "1000000"));
        boolean gzip = Boolean.parseBoolean(BenchDatabase.option(args, "--gzip", "false"));
        int status;
        try (BenchDatabase bench = db.equals("postgres") ? BenchDatabase.open(db, 2) : null;
                GatewayServer gateway = GatewayServer.start("""
                        model_list: [{model_name: ditto/echo, litellm_params: {model: ditto/echo}}]
                        general_settings: {master_key: %s%s}
                        ditto: {retention: {interval: never}}
                        """.formatted(MASTER_KEY, bench == null ? "" : ", database_url: \"" + bench.urlWithCredentials()
                        + "\""))) {
            long fillStart = System.nanoTime();
            fill(gateway.gateway().compliance().store().spendLogs(), rows);
            double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
            status = export(gateway, db, rows, gzip, fillSeconds);
        }
        System.exit(status);
    }

    private static void fill(SpendLogStore store, int rows) {
        IdGenerator ids = IdGenerator.of(Clock.systemUTC());
        Instant t0 = Instant.parse("2025-01-01T00:00:00Z");
        List<SpendLogEntry> batch = new ArrayList<>(INSERT_BATCH);
        for (int i = 0; i < rows; i++) {
            Instant at = t0.plusMillis(i * 37L);
            batch.add(SpendLogEntry.builder(ids.next(IdGenerator.SPEND, at.toEpochMilli()), "req-" + i, "key_" + (i % 500),
                    at).owners("usr_" + (i % 200), "prj_" + (i % 20), "ten_" + (i % 5))
                    .target("/v1/chat/completions", "gpt-4o", "gpt-4o-east").tokens(1200, 340, 1000, 0)
                    .cost(new BigDecimal("0.0123456789")).latencyMs(850).build());
            if (batch.size() == INSERT_BATCH) {
                store.appendAll(batch);
                batch.clear();
            }
        }
        store.appendAll(batch);
    }

    private static int export(GatewayServer gateway, String db, int rows, boolean gzip, double fillSeconds)
            throws Exception {
        System.gc();
        List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
        AtomicLong sampledPeak = new AtomicLong();
        AtomicLong livePeak = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                sampledPeak.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                // What survived the last collection of each pool: the live data, without garbage.
                livePeak.accumulateAndGet(heapPools.stream().mapToLong(pool -> pool.getCollectionUsage() == null ? 0
                        : pool.getCollectionUsage().getUsed()).sum(), Math::max);
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        long start = System.nanoTime();
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.uri("/admin/spend/export"))
                .header("Authorization", "Bearer " + MASTER_KEY);
        if (gzip) {
            request.header("Accept-Encoding", "gzip");
        }
        HttpResponse<InputStream> response = gateway.client().send(request.build(),
                HttpResponse.BodyHandlers.ofInputStream());
        long lines = 0;
        long bytes = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream body = gzip ? new GZIPInputStream(response.body(), buffer.length) : response.body()) {
            for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
                bytes += n;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        sampler.interrupt();
        long poolPeaks = heapPools.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        long max = Runtime.getRuntime().maxMemory();
        System.out.printf(Locale.ROOT, "exported=%d db=%s status=%d gzip=%s bytes=%d seconds=%.1f rows_per_s=%.0f"
                        + " heap_high_water_mb=%.1f heap_pool_peaks_mb=%.1f live_after_gc_peak_mb=%.1f max_heap_mb=%.0f"
                        + " fill_rows_per_s=%.0f%n",
                lines, db, response.statusCode(), gzip, bytes, seconds, lines / seconds, sampledPeak.get() / 1048576.0,
                poolPeaks / 1048576.0, livePeak.get() / 1048576.0, max / 1048576.0, rows / fillSeconds);
        return response.statusCode() == 200 && lines == rows ? 0 : 1;
    }
}
