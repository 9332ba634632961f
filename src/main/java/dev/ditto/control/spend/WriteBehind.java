package dev.ditto.control.spend;

import dev.ditto.control.ConflictException;
import dev.ditto.control.ControlStore;
import dev.ditto.control.IdGenerator;
import dev.ditto.control.RequestRecord;
import dev.ditto.control.RequestRecorder;
import dev.ditto.control.budget.LedgerEntry;
import dev.ditto.sdk.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * Writes the spend log and the durable ledger behind the requests, in batches, so the hot path
 * never waits for the database: {@link #record} puts the settled request on a bounded queue and
 * returns; one daemon thread writes what is queued, as one transaction per batch (the batch's
 * spend-log rows and the ledger increments of every scope of their callers for the UTC day the
 * requests started on, so the ledger always equals the sum of the spend log).
 *
 * <p>A batch is written when {@link Settings#batchSize()} records are queued, and everything
 * queued is written every {@link Settings#flushInterval()}. When the queue is full a record is
 * <em>dropped</em>, never waited for: the request thread does not block. Drops are counted
 * ({@link #dropped()}) and logged ({@code event=write_behind_full}, at most every 10 s). While
 * the database fails, the writer retries the same batch with a growing pause (up to 30 s) and
 * the queue absorbs what arrives meanwhile. {@link #close()} stops taking records and writes
 * everything queued before it returns, retrying for at most {@link Settings#shutdownTimeout()};
 * what cannot be written by then is counted as failed and logged.
 *
 * <p>Metrics read {@link #depth()} and {@link #lag()} (cheap, any thread). Thread-safe.
 *
 * <pre>{@code
 * WriteBehind spend = WriteBehind.start(controlStore, WriteBehind.Settings.ofDefaults(), clock, Ticker.system());
 * RequestRecorder recorder = RequestRecorder.all(new RecentRequests(1_000), spend);
 * ...
 * spend.close();   // on shutdown: everything queued is written first
 * }</pre>
 */
public final class WriteBehind implements RequestRecorder, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(WriteBehind.class.getName());
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final long DROP_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int CONFLICT_ATTEMPTS = 3;
    private static final long JOIN_SLACK_MILLIS = 5_000;

    private final ControlStore store;
    private final Settings settings;
    private final Clock clock;
    private final Ticker ticker;
    private final IdGenerator ids;
    private final LinkedBlockingQueue<Pending> queue;
    private final Thread writer;
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile long shutdownDeadline;
    private volatile @Nullable InFlight inFlight;
    private final LongAdder recorded = new LongAdder();
    private final LongAdder written = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder batches = new LongAdder();
    private final AtomicLong droppedSinceLog = new AtomicLong();
    private final AtomicLong nextDropLog;
    /** Written by the writer only; read by {@link #record} so arrivals do not cut a back-off short. */
    private volatile boolean outage;

    /**
     * Sizes and timings, startup settings.
     *
     * @param queueSize the most records waiting to be written; more are dropped
     * @param batchSize the most records per transaction; a full batch is written at once
     * @param flushInterval how often everything queued is written, however little
     * @param shutdownTimeout how long {@link #close()} keeps trying to write what is queued
     */
    public record Settings(int queueSize, int batchSize, Duration flushInterval, Duration shutdownTimeout) {

        /** The default queue bound: about 25 MB of records at most. */
        public static final int DEFAULT_QUEUE_SIZE = 50_000;
        /** The default batch size. */
        public static final int DEFAULT_BATCH_SIZE = 500;
        /** The default flush interval. */
        public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(500);
        /** The default time to write what is queued on shutdown. */
        public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

        /** Checks the numbers. */
        public Settings {
            if (queueSize < 1 || batchSize < 1) {
                throw new IllegalArgumentException("queue and batch sizes must be at least 1, got queueSize=" + queueSize
                        + " batchSize=" + batchSize);
            }
            if (flushInterval.isNegative() || flushInterval.isZero()) {
                throw new IllegalArgumentException("flush interval must be positive, got " + flushInterval);
            }
            if (shutdownTimeout.isNegative()) {
                throw new IllegalArgumentException("shutdown timeout must not be negative, got " + shutdownTimeout);
            }
        }

        /**
         * Returns the defaults: 50,000 queued, batches of 500, every 500 ms, 30 s to write on shutdown.
         *
         * @return the settings
         */
        public static Settings ofDefaults() {
            return new Settings(DEFAULT_QUEUE_SIZE, DEFAULT_BATCH_SIZE, DEFAULT_FLUSH_INTERVAL, DEFAULT_SHUTDOWN_TIMEOUT);
        }
    }

    /**
     * What the writer did since it started, point in time.
     *
     * @param recorded records accepted onto the queue
     * @param written records written to the database (spend-log row and ledger increments)
     * @param dropped records refused because the queue was full or the writer closed
     * @param failed records accepted but never written (the database refused them, or was down at shutdown)
     * @param batches transactions committed
     * @param depth records waiting now
     * @param lag how long the oldest waiting record has waited; zero when none waits
     */
    public record Stats(long recorded, long written, long dropped, long failed, long batches, long depth, Duration lag) {}

    private record Pending(RequestRecord record, long enqueuedAt) {}

    private record InFlight(Pending oldest, int size) {}

    private WriteBehind(ControlStore store, Settings settings, Clock clock, Ticker ticker) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.ticker = ticker;
        this.ids = IdGenerator.of(clock);
        this.queue = new LinkedBlockingQueue<>(settings.queueSize());
        this.nextDropLog = new AtomicLong(ticker.read());
        this.writer = new Thread(this::run, "ditto-write-behind");
        writer.setDaemon(true);
    }

    /**
     * Creates the writer and starts its thread.
     *
     * @param store where the spend log and the ledger are written
     * @param settings sizes and timings
     * @param clock wall time, for row ids and the ledger's update times
     * @param ticker monotonic time, for the flush interval, the lag and the shutdown deadline
     * @return the running writer; close it
     */
    public static WriteBehind start(ControlStore store, Settings settings, Clock clock, Ticker ticker) {
        WriteBehind writeBehind = new WriteBehind(store, settings, clock, ticker);
        writeBehind.writer.start();
        return writeBehind;
    }

    /**
     * Queues a settled request; returns at once. Drops it (counted, logged) when the queue is full
     * or the writer is closed.
     *
     * @param record the settled request
     */
    @Override
    public void record(RequestRecord record) {
        if (closing.get() || !queue.offer(new Pending(record, ticker.read()))) {
            dropped(1);
            return;
        }
        recorded.increment();
        if (!outage && queue.size() >= settings.batchSize()) {
            LockSupport.unpark(writer);
        }
    }

    /**
     * Returns how many records wait to be written, the batch being written included.
     *
     * @return the depth, point in time
     */
    public long depth() {
        InFlight current = inFlight;
        return queue.size() + (current == null ? 0 : current.size());
    }

    /**
     * Returns how long the oldest record waiting to be written has waited.
     *
     * @return the lag, point in time; zero when nothing waits
     */
    public Duration lag() {
        long now = ticker.read();
        InFlight current = inFlight;
        Pending oldest = current != null ? current.oldest() : queue.peek();
        return oldest == null ? Duration.ZERO : Duration.ofNanos(Math.max(0, now - oldest.enqueuedAt()));
    }

    /**
     * Returns how many records were dropped because the queue was full or the writer closed.
     *
     * @return the count since start
     */
    public long dropped() {
        return dropped.sum();
    }

    /**
     * Returns what the writer did since it started.
     *
     * @return the counts, point in time
     */
    public Stats stats() {
        return new Stats(recorded.sum(), written.sum(), dropped.sum(), failed.sum(), batches.sum(), depth(), lag());
    }

    /**
     * Stops taking records and writes everything queued, waiting for at most the shutdown timeout
     * (plus a few seconds for a database call in progress). Safe to call twice.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        shutdownDeadline = ticker.read() + settings.shutdownTimeout().toNanos();
        LockSupport.unpark(writer);
        try {
            writer.join(settings.shutdownTimeout().toMillis() + JOIN_SLACK_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            LOG.log(System.Logger.Level.ERROR, () -> "event=write_behind_not_stopped depth=" + depth()
                    + " (a database call did not return; what is queued is lost)");
            return;
        }
        // A record that passed the closed check just before close and was queued after the last drain.
        int stragglers = queue.size();
        if (stragglers > 0) {
            queue.clear();
            failed.add(stragglers);
            LOG.log(System.Logger.Level.WARNING, () -> "event=write_behind_records_lost count=" + stragglers
                    + " (queued while closing)");
        }
        Stats stats = stats();
        LOG.log(System.Logger.Level.INFO, () -> "event=write_behind_stopped written=" + stats.written() + " dropped="
                + stats.dropped() + " failed=" + stats.failed() + " batches=" + stats.batches());
    }

    private void dropped(long count) {
        dropped.add(count);
        long pending = droppedSinceLog.addAndGet(count);
        long now = ticker.read();
        long next = nextDropLog.get();
        if (now - next >= 0 && nextDropLog.compareAndSet(next, now + DROP_LOG_INTERVAL_NANOS)) {
            droppedSinceLog.addAndGet(-pending);
            LOG.log(System.Logger.Level.WARNING, () -> "event=write_behind_full dropped=" + pending + " dropped_total="
                    + dropped.sum() + " queue_size=" + settings.queueSize() + (closing.get() ? " (closed)" : "")
                    + " (spend-log rows and ledger increments of these requests are lost; raise "
                    + "ditto.database.write_behind.queue_size or check the database)");
        }
    }

    private void run() {
        long intervalNanos = settings.flushInterval().toNanos();
        long deadline = ticker.read() + intervalNanos;
        while (true) {
            if (Thread.interrupted() && closing.compareAndSet(false, true)) {
                shutdownDeadline = ticker.read() + settings.shutdownTimeout().toNanos();
            }
            if (closing.get()) {
                writeAll();
                if (queue.isEmpty()) {
                    return;
                }
                continue;
            }
            long now = ticker.read();
            if (now - deadline >= 0) {
                writeAll();
                deadline = ticker.read() + intervalNanos;
            } else if (queue.size() >= settings.batchSize()) {
                while (queue.size() >= settings.batchSize() && !closing.get()) {
                    write(take(settings.batchSize()));
                }
            } else {
                LockSupport.parkNanos(this, Math.min(deadline - now, intervalNanos));
            }
        }
    }

    private void writeAll() {
        while (!queue.isEmpty()) {
            write(take(settings.batchSize()));
        }
    }

    private List<Pending> take(int max) {
        List<Pending> chunk = new ArrayList<>(Math.min(max, queue.size() + 1));
        queue.drainTo(chunk, max);
        if (!chunk.isEmpty()) {
            inFlight = new InFlight(chunk.get(0), chunk.size());
        }
        return chunk;
    }

    /** Writes one batch, retrying while the database fails; gives up only at the shutdown deadline. */
    private void write(List<Pending> chunk) {
        if (chunk.isEmpty()) {
            return;
        }
        try {
            List<SpendLogEntry> rows = rows(chunk);
            long pause = settings.flushInterval().toNanos();
            for (int conflicts = 0; ; ) {
                try {
                    persist(rows);
                    written.add(rows.size());
                    batches.increment();
                    recovered();
                    return;
                } catch (ConflictException e) {
                    if (++conflicts >= CONFLICT_ATTEMPTS) {
                        persistOneByOne(rows);
                        return;
                    }
                } catch (RuntimeException e) {
                    failing(e, rows.size());
                    if (closing.get() && ticker.read() - shutdownDeadline >= 0) {
                        giveUp(rows.size(), e);
                        return;
                    }
                    LockSupport.parkNanos(this, closing.get() ? Math.min(pause, shutdownDeadline - ticker.read()) : pause);
                    pause = Math.min(pause * 2, MAX_BACKOFF.toNanos());
                }
            }
        } finally {
            inFlight = null;
        }
    }

    /** The rows of a batch, built once so a retried batch keeps its ids. */
    private List<SpendLogEntry> rows(List<Pending> chunk) {
        List<SpendLogEntry> rows = new ArrayList<>(chunk.size());
        for (Pending pending : chunk) {
            try {
                rows.add(SpendRows.entry(pending.record(), ids));
            } catch (RuntimeException e) {
                failed.increment();
                LOG.log(System.Logger.Level.ERROR, () -> "event=spend_row_not_written request_id="
                        + pending.record().requestId() + " error=\"" + e + "\"", e);
            }
        }
        return rows;
    }

    private void persist(List<SpendLogEntry> rows) {
        if (rows.isEmpty()) {
            return;
        }
        List<LedgerEntry> increments = new ArrayList<>(rows.size() * 4);
        for (SpendLogEntry row : rows) {
            SpendRows.ledger(row, clock.instant(), increments);
        }
        store.runInTransaction(tx -> {
            tx.spendLogs().appendAll(rows);
            tx.ledgers().addAll(increments);
        });
    }

    /**
     * Writes a batch that keeps conflicting row by row, so one row (typically one whose earlier
     * commit was not acknowledged, whose id now exists) does not hold back the others.
     */
    private void persistOneByOne(List<SpendLogEntry> rows) {
        for (SpendLogEntry row : rows) {
            RuntimeException last = null;
            for (int attempt = 0; attempt < CONFLICT_ATTEMPTS && (attempt == 0 || last instanceof ConflictException);
                    attempt++) {
                try {
                    persist(List.of(row));
                    written.increment();
                    batches.increment();
                    last = null;
                    break;
                } catch (RuntimeException e) {
                    last = e;
                }
            }
            if (last != null) {
                failed.increment();
                RuntimeException error = last;
                LOG.log(System.Logger.Level.ERROR, () -> "event=spend_row_not_written request_id=" + row.requestId()
                        + " id=" + row.id() + " error=\"" + error + "\"");
            }
        }
    }

    private void failing(RuntimeException e, int size) {
        if (!outage) {
            outage = true;
            LOG.log(System.Logger.Level.WARNING, () -> "event=write_behind_failing batch=" + size + " depth=" + depth()
                    + " error=\"" + e + "\" (retrying; requests continue, the queue holds up to "
                    + settings.queueSize() + ")");
        }
    }

    private void recovered() {
        if (outage) {
            outage = false;
            LOG.log(System.Logger.Level.INFO, () -> "event=write_behind_recovered depth=" + depth());
        }
    }

    private void giveUp(int size, RuntimeException e) {
        List<Pending> rest = new ArrayList<>();
        queue.drainTo(rest);
        failed.add(size + rest.size());
        LOG.log(System.Logger.Level.ERROR, () -> "event=write_behind_records_lost count=" + (size + rest.size())
                + " error=\"" + e + "\" (the database did not accept them before the shutdown timeout of "
                + settings.shutdownTimeout().toSeconds() + " s)");
    }
}
