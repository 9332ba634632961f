package dev.ditto.control.spend;

import dev.ditto.control.ConflictException;
import dev.ditto.control.ControlStore;
import dev.ditto.control.Page;
import dev.ditto.control.PageRequest;
import dev.ditto.control.Scope;
import dev.ditto.control.ScopeFilter;
import dev.ditto.control.TimeRange;
import dev.ditto.control.audit.AuditStore;
import dev.ditto.control.budget.BudgetStore;
import dev.ditto.control.budget.LedgerEntry;
import dev.ditto.control.budget.LedgerStore;
import dev.ditto.control.budget.ReservationStore;
import dev.ditto.control.keys.KeyStore;
import dev.ditto.control.limits.LimitStore;
import dev.ditto.control.tenancy.ProjectStore;
import dev.ditto.control.tenancy.TenantStore;
import dev.ditto.control.tenancy.UserStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A control store that keeps only the spend log and ledger increments, as batches, and can be
 * made to fail, conflict or block its next transaction. Transactions are all or nothing, as the
 * real one's. Thread-safe; waits are bounded and fail with what was seen.
 */
final class FakeSpendStore implements ControlStore {

    private final List<List<SpendLogEntry>> batches = new ArrayList<>();
    private final List<LedgerEntry> increments = new ArrayList<>();
    private int failuresLeft;
    private Predicate<List<SpendLogEntry>> conflicts = rows -> false;
    private @Nullable CountDownLatch gate;
    private boolean blocked;
    private int transactions;

    /** Makes the next {@code count} transactions fail as an unreachable database would. */
    synchronized void failNext(int count) {
        failuresLeft = count;
    }

    /** Makes every transaction whose rows match fail with a conflict. */
    synchronized void conflictWhen(Predicate<List<SpendLogEntry>> rule) {
        conflicts = rule;
    }

    /** Makes the next transaction wait until {@link #release()}. */
    synchronized void blockNext() {
        gate = new CountDownLatch(1);
    }

    /** Lets a blocked transaction go on. */
    void release() {
        CountDownLatch latch;
        synchronized (this) {
            latch = gate;
            gate = null;
        }
        if (latch != null) {
            latch.countDown();
        }
    }

    /** Waits until a transaction is blocked. */
    synchronized void awaitBlocked() throws InterruptedException {
        await(() -> blocked, "a blocked transaction");
    }

    /** Waits until {@code count} rows are written. */
    synchronized void awaitRows(int count) throws InterruptedException {
        await(() -> rows().size() >= count, count + " rows");
    }

    synchronized List<List<SpendLogEntry>> batches() {
        return List.copyOf(batches);
    }

    synchronized List<SpendLogEntry> rows() {
        return batches.stream().flatMap(List::stream).toList();
    }

    synchronized List<LedgerEntry> increments() {
        return List.copyOf(increments);
    }

    synchronized int transactions() {
        return transactions;
    }

    private void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("timed out waiting for " + what + "; batches " + batches.size() + ", rows "
                        + rows().size());
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    @Override
    public <T extends @Nullable Object> T inTransaction(Function<ControlStore, T> work) {
        CountDownLatch latch;
        synchronized (this) {
            transactions++;
            latch = gate;
            blocked = latch != null;
            notifyAll();
        }
        if (latch != null) {
            try {
                latch.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Transaction tx = new Transaction();
        T result = work.apply(tx);
        synchronized (this) {
            blocked = false;
            if (failuresLeft > 0) {
                failuresLeft--;
                throw new IllegalStateException("database unreachable (fake)");
            }
            if (conflicts.test(tx.rows)) {
                throw new ConflictException("duplicate id (fake)", new IllegalStateException("unique key"));
            }
            if (!tx.rows.isEmpty()) {
                batches.add(List.copyOf(tx.rows));
            }
            increments.addAll(tx.increments);
            notifyAll();
        }
        return result;
    }

    /** The stores of one transaction: writes are kept until it commits. */
    private final class Transaction implements ControlStore {

        final List<SpendLogEntry> rows = new ArrayList<>();
        final List<LedgerEntry> increments = new ArrayList<>();

        @Override
        public SpendLogStore spendLogs() {
            return new SpendLogStore() {
                @Override
                public void appendAll(List<SpendLogEntry> entries) {
                    rows.addAll(entries);
                }

                @Override
                public Page<SpendLogEntry> list(SpendFilter filter, PageRequest page) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public List<SpendTotal> totals(SpendFilter filter, SpendGrouping grouping, int limit) {
                    throw new UnsupportedOperationException();
                }
            };
        }

        @Override
        public LedgerStore ledgers() {
            return new LedgerStore() {
                @Override
                public void addAll(List<LedgerEntry> entries) {
                    increments.addAll(entries);
                }

                @Override
                public Optional<LedgerEntry> get(Scope scope, Instant periodStart) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public Page<LedgerEntry> list(ScopeFilter filter, TimeRange periodStarts, PageRequest page) {
                    throw new UnsupportedOperationException();
                }
            };
        }

        @Override
        public <T extends @Nullable Object> T inTransaction(Function<ControlStore, T> work) {
            return work.apply(this);
        }

        @Override
        public TenantStore tenants() {
            throw new UnsupportedOperationException();
        }

        @Override
        public ProjectStore projects() {
            throw new UnsupportedOperationException();
        }

        @Override
        public UserStore users() {
            throw new UnsupportedOperationException();
        }

        @Override
        public KeyStore keys() {
            throw new UnsupportedOperationException();
        }

        @Override
        public BudgetStore budgets() {
            throw new UnsupportedOperationException();
        }

        @Override
        public LimitStore limits() {
            throw new UnsupportedOperationException();
        }

        @Override
        public ReservationStore reservations() {
            throw new UnsupportedOperationException();
        }

        @Override
        public AuditStore audit() {
            throw new UnsupportedOperationException();
        }
    }

    @Override
    public TenantStore tenants() {
        throw new UnsupportedOperationException();
    }

    @Override
    public ProjectStore projects() {
        throw new UnsupportedOperationException();
    }

    @Override
    public UserStore users() {
        throw new UnsupportedOperationException();
    }

    @Override
    public KeyStore keys() {
        throw new UnsupportedOperationException();
    }

    @Override
    public BudgetStore budgets() {
        throw new UnsupportedOperationException();
    }

    @Override
    public LimitStore limits() {
        throw new UnsupportedOperationException();
    }

    @Override
    public LedgerStore ledgers() {
        throw new UnsupportedOperationException("writes go through inTransaction");
    }

    @Override
    public ReservationStore reservations() {
        throw new UnsupportedOperationException();
    }

    @Override
    public SpendLogStore spendLogs() {
        throw new UnsupportedOperationException("writes go through inTransaction");
    }

    @Override
    public AuditStore audit() {
        throw new UnsupportedOperationException();
    }
}
