package dev.ditto.control.audit;

import dev.ditto.control.IdGenerator;
import dev.ditto.sdk.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link AuditLog} the gateway runs: a bounded queue in front of the audit store, drained by
 * one daemon thread in batches (one transaction per batch, one chain lock per chain per batch),
 * so the request path never waits for the database. A full queue drops the record and counts
 * it; a batch the store refuses is retried twice, then dropped and counted, with an ERROR log.
 * {@link #close()} stops taking records and writes what is queued.
 *
 * <pre>{@code
 * AsyncAuditLog audit = new AsyncAuditLog(store.audit(), AsyncAuditLog.Settings.ofDefaults(), clock, ticker);
 * audit.security(event);
 * audit.close();   // owned by the composition root
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class AsyncAuditLog implements AuditLog, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AsyncAuditLog.class);
    private static final int ATTEMPTS = 3;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final AuditStore store;
    private final Settings settings;
    private final Clock clock;
    private final IdGenerator ids;
    private final EventSampler sampler;
    private final BlockingQueue<AuditRecord> queue;
    private final Thread writer;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong suppressed = new AtomicLong();
    private volatile boolean closed;

    /**
     * Starts the writer thread.
     *
     * @param store where records go
     * @param settings the queue's bounds and the sampling rate
     * @param clock wall time, for the records' times and ids
     * @param ticker monotonic time, for sampling
     */
    public AsyncAuditLog(AuditStore store, Settings settings, Clock clock, Ticker ticker) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.ids = IdGenerator.of(clock);
        this.sampler = new EventSampler(settings.eventsPerSecond(), ticker);
        this.queue = new ArrayBlockingQueue<>(settings.capacity());
        this.writer = new Thread(this::drain, "ditto-audit-writer");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void security(SecurityEvent event) {
        try {
            long left = sampler.admit(event.action());
            if (left < 0) {
                suppressed.incrementAndGet();
                return;
            }
            SecurityEvent kept = left == 0 ? event : event.with("suppressed", Long.toString(left));
            append(kept.toRecord(ids.next(IdGenerator.AUDIT), clock.instant()));
        } catch (RuntimeException e) {
            LOG.warn("event=audit_event_lost action={} error=\"{}\"", event.action(), e.toString());
        }
    }

    @Override
    public void append(AuditRecord record) {
        if (closed || !queue.offer(record)) {
            long lost = dropped.incrementAndGet();
            // A full queue means the database is far behind: say so, but not once per record.
            if (Long.bitCount(lost) == 1) {
                LOG.warn("event=audit_queue_full capacity={} dropped_total={} closed={}", settings.capacity(), lost,
                        closed);
            }
        }
    }

    /**
     * Returns what the log has done so far.
     *
     * @return point-in-time counts
     */
    public Stats stats() {
        return new Stats(queue.size(), settings.capacity(), written.get(), dropped.get(), suppressed.get());
    }

    /** Stops taking records, writes the queued ones (for at most 10 s), stops the thread. */
    @Override
    public void close() {
        closed = true;
        try {
            writer.join(CLOSE_TIMEOUT.toMillis());
            if (writer.isAlive()) {
                writer.interrupt();
                writer.join(1_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!queue.isEmpty()) {
            dropped.addAndGet(queue.size());
            LOG.error("event=audit_records_lost reason=close_timeout count={}", queue.size());
        }
    }

    private void drain() {
        List<AuditRecord> batch = new ArrayList<>(settings.batchSize());
        while (!closed || !queue.isEmpty()) {
            try {
                AuditRecord first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, settings.batchSize() - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<AuditRecord> batch) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                store.appendAll(batch);
                written.addAndGet(batch.size());
                return;
            } catch (RuntimeException e) {
                if (attempt == ATTEMPTS) {
                    dropped.addAndGet(batch.size());
                    LOG.error("event=audit_records_lost reason=store_failed count={} error=\"{}\"", batch.size(),
                            e.toString());
                    return;
                }
                LOG.warn("event=audit_batch_retry attempt={} count={} error=\"{}\"", attempt, batch.size(), e.toString());
                Thread.sleep(closed ? 50L : 200L * attempt);
            }
        }
    }

    /**
     * The bounds of the log.
     *
     * @param capacity the most records queued; beyond it records are dropped and counted
     * @param batchSize the most records per transaction
     * @param eventsPerSecond the most security events kept per action per second
     */
    public record Settings(int capacity, int batchSize, int eventsPerSecond) {

        /** Checks the bounds. */
        public Settings {
            if (capacity < 1 || batchSize < 1 || eventsPerSecond < 1) {
                throw new IllegalArgumentException("capacity, batchSize and eventsPerSecond must be positive, got "
                        + capacity + ", " + batchSize + ", " + eventsPerSecond);
            }
        }

        /**
         * Returns the defaults: 10,000 queued, 500 per batch, 10 events per action per second.
         *
         * @return the settings
         */
        public static Settings ofDefaults() {
            return new Settings(10_000, 500, 10);
        }
    }

    /**
     * Point-in-time counts.
     *
     * @param queued records waiting now
     * @param capacity the queue's bound
     * @param written records written since start
     * @param dropped records lost since start (queue full, store failing, close timeout)
     * @param suppressed security events left out by sampling since start
     */
    public record Stats(int queued, int capacity, long written, long dropped, long suppressed) {}
}
