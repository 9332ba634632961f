package dev.ditto.bench;

import dev.ditto.control.ControlStore;
import dev.ditto.control.IdGenerator;
import dev.ditto.control.audit.AsyncAuditLog;
import dev.ditto.control.audit.AuditRecord;
import dev.ditto.control.spend.SpendLogEntry;
import dev.ditto.sdk.Ticker;
import dev.ditto.store.jpa.JpaControlStore;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Append throughput through the write-behind path, printed as records per second:
 * <ul>
 *   <li>audit: producers hand records to {@link AsyncAuditLog} as the gateway runs it (bounded
 *       queues, two writer threads each owning half of the chains, batches of 500, one
 *       transaction and one chain lock per chain per batch), spread
 *       over 10 tenant chains and the global chain; the producers wait while the queues are more
 *       than a quarter full, so nothing is dropped and the number is what the database sustains;</li>
 *   <li>spend log: the same shape (bounded queue, one writer thread, batches of 500) in front of
 *       {@code SpendLogStore.appendAll}, which the spend-log write-behind calls.</li>
 * </ul>
 * Not a test (CI never runs it); see docs/performance.md for the command.
 *
 * <pre>
 * java -cp ... dev.ditto.bench.WriteBehindBench --db h2|postgres --records 100000
 * </pre>
 */
public final class WriteBehindBench {

    private static final int BATCH = 500;
    private static final int PRODUCERS = 4;

    private WriteBehindBench() {}

    /**
     * Runs the benchmark.
     *
     * @param args {@code --db h2|postgres}, {@code --records N}
     * @throws Exception if the database cannot be opened
     */
    public static void main(String[] args) throws Exception {
        String db = BenchDatabase.option(args, "--db", "h2");
        int records = Integer.parseInt(BenchDatabase.option(args, "--records", "100000"));
        try (BenchDatabase bench = BenchDatabase.open(db, 10)) {
            ControlStore store = new JpaControlStore(bench.database().entityManagerFactory());
            // Warm-up: JIT, statement caches, chain creation.
            audit(store, 5_000);
            spend(store, 5_000);
            long cpu = cpuNanos();
            double audit = audit(store, records);
            double auditCpu = records / ((cpuNanos() - cpu) / 1e9);
            cpu = cpuNanos();
            double spend = spend(store, records);
            double spendCpu = records / ((cpuNanos() - cpu) / 1e9);
            System.out.printf(Locale.ROOT, "db=%s records=%d audit_append_per_s=%.0f (per JVM CPU-second %.0f)"
                    + " spend_append_per_s=%.0f (per JVM CPU-second %.0f) cores=%d%n", db, records, audit, auditCpu,
                    spend, spendCpu, Runtime.getRuntime().availableProcessors());
        }
    }

    private static double audit(ControlStore store, int records) throws InterruptedException {
        Clock clock = Clock.systemUTC();
        IdGenerator ids = IdGenerator.of(clock);
        AsyncAuditLog.Settings settings = AsyncAuditLog.Settings.ofDefaults();
        AsyncAuditLog log = new AsyncAuditLog(store.audit(), settings, clock, Ticker.system());
        long start = System.nanoTime();
        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            int producer = p;
            producers.add(started(() -> {
                for (int i = producer; i < records; i += PRODUCERS) {
                    while (log.stats().queued() > settings.capacity() / 4) {
                        LockSupport.parkNanos(200_000);
                    }
                    String tenant = i % 11 == 0 ? null : "ten_" + (i % 11);
                    log.append(AuditRecord.builder(ids.next(IdGenerator.AUDIT), clock.instant())
                            .actor("key_" + (i % 100), "data_plane").action("security.key_rejected", "route",
                                    "/v1/chat/completions").change(null, "{\"status\":\"401\",\"code\":\"invalid_api_key\"}")
                            .origin("req-" + i, "10.0.0.1").tenantId(tenant).build());
                }
            }));
        }
        for (Thread producer : producers) {
            producer.join();
        }
        log.close();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (log.stats().written() != records) {
            throw new IllegalStateException("wrote " + log.stats().written() + " of " + records + ": " + log.stats());
        }
        return records / seconds;
    }

    /** The JVM's CPU time: on a shared machine, throughput per CPU-second says more than per wall second. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static Thread started(Runnable task) {
        Thread thread = new Thread(task);
        thread.start();
        return thread;
    }

    private static double spend(ControlStore store, int records) throws InterruptedException {
        IdGenerator ids = IdGenerator.of(Clock.systemUTC());
        BlockingQueue<SpendLogEntry> queue = new ArrayBlockingQueue<>(10_000);
        long start = System.nanoTime();
        Thread writer = started(() -> {
            List<SpendLogEntry> batch = new ArrayList<>(BATCH);
            int written = 0;
            while (written < records) {
                try {
                    SpendLogEntry first = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    queue.drainTo(batch, BATCH - 1);
                    store.spendLogs().appendAll(batch);
                    written += batch.size();
                    batch.clear();
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        for (int i = 0; i < records; i++) {
            Instant at = Instant.now();
            queue.put(SpendLogEntry.builder(ids.next(IdGenerator.SPEND, at.toEpochMilli()), "req-" + i, "key_" + (i % 100),
                    at).owners("usr_" + (i % 50), "prj_" + (i % 10), "ten_" + (i % 5))
                    .target("/v1/chat/completions", "gpt-4o", "gpt-4o-east").tokens(120, 48, 0, 0)
                    .cost(new BigDecimal("0.0007800000")).latencyMs(850).build());
        }
        writer.join();
        return records / ((System.nanoTime() - start) / 1e9);
    }
}
