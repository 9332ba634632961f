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
 * The {@link AuditLog} the gateway runs: bounded queues in front of the audit store, each drained
 * by a daemon thread of its own in batches (one transaction per batch, one chain lock per chain
 * per batch), so the request path never waits for the database. A chain always goes to the same
 * queue, so its records are appended in the order they were reported. A full queue drops the record and counts
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
    private final List<BlockingQueue<AuditRecord>> queues = new ArrayList<>();
    private final List<Thread> writers = new ArrayList<>();
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
        // One queue and writer per lane; a chain always goes to the same lane, so its records keep
        // their order, and lanes write different chains in parallel without waiting on each other's locks.
        for (int lane = 0; lane < settings.writers(); lane++) {
            BlockingQueue<AuditRecord> queue = new ArrayBlockingQueue<>(Math.max(1, settings.capacity() / settings.writers()));
            queues.add(queue);
            Thread writer = new Thread(() -> drain(queue), "ditto-audit-writer-" + lane);
            writer.setDaemon(true);
            writers.add(writer);
        }
        writers.forEach(Thread::start);
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
        BlockingQueue<AuditRecord> queue = queues.get(
                Math.floorMod(AuditChain.chainOf(record.tenantId()).hashCode(), queues.size()));
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
        return new Stats(queued(), settings.capacity(), written.get(), dropped.get(), suppressed.get());
    }

    private int queued() {
        return queues.stream().mapToInt(BlockingQueue::size).sum();
    }

    /** Stops taking records, writes the queued ones (for at most 10 s), stops the thread. */
    @Override
    public void close() {
        closed = true;
        long deadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
        try {
            for (Thread writer : writers) {
                writer.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                if (writer.isAlive()) {
                    writer.interrupt();
                    writer.join(1_000);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int left = queued();
        if (left > 0) {
            dropped.addAndGet(left);
            LOG.error("event=audit_records_lost reason=close_timeout count={}", left);
        }
    }

    private void drain(BlockingQueue<AuditRecord> queue) {
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
     * @param capacity the most records queued (over all lanes); beyond it records are dropped and counted
     * @param batchSize the most records per transaction
     * @param eventsPerSecond the most security events kept per action per second
     * @param writers how many writer threads (lanes), each with its share of the chains
     */
    public record Settings(int capacity, int batchSize, int eventsPerSecond, int writers) {

        /** Checks the bounds. */
        public Settings {
            if (capacity < 1 || batchSize < 1 || eventsPerSecond < 1 || writers < 1 || writers > capacity) {
                throw new IllegalArgumentException("capacity, batchSize, eventsPerSecond and writers must be positive"
                        + " (and writers at most capacity), got " + capacity + ", " + batchSize + ", " + eventsPerSecond
                        + ", " + writers);
            }
        }

        /**
         * Creates settings with one writer thread.
         *
         * @param capacity the most records queued
         * @param batchSize the most records per transaction
         * @param eventsPerSecond the most security events kept per action per second
         */
        public Settings(int capacity, int batchSize, int eventsPerSecond) {
            this(capacity, batchSize, eventsPerSecond, 1);
        }

        /**
         * Returns the defaults: 10,000 queued, 500 per batch, 10 events per action per second,
         * two writer threads.
         *
         * @return the settings
         */
        public static Settings ofDefaults() {
            return new Settings(10_000, 500, 10, 2);
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
