package dev.ditto.store.memory;

import dev.ditto.control.limits.AdmitPlan;
import dev.ditto.control.limits.AdmitResult;
import dev.ditto.control.limits.LedgerBalance;
import dev.ditto.control.limits.QuotaStore;
import dev.ditto.control.limits.QuotaStoreUnavailableException;
import dev.ditto.control.limits.SettleResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The quota store of a single node: counters, ledgers and reservations in maps, with the same
 * semantics as the Redis store (see {@link QuotaStore}). Bounded: entries expire when their
 * window or period passes (swept at most once a second, by the operations' own clock), and a new
 * counter beyond {@code maxEntries} makes the store unavailable rather than grow, so the
 * engine's failure policy applies.
 *
 * <p>Thread-safe. One lock guards everything: an admission must check and take several counters
 * atomically, which per-counter compare-and-set cannot do, and each operation is a handful of
 * map look-ups.
 */
public final class InMemoryQuotaStore implements QuotaStore {

    /** The default bound on counters plus ledgers plus reservations. */
    public static final int DEFAULT_MAX_ENTRIES = 200_000;
    private static final long SWEEP_INTERVAL_MILLIS = 1000;
    private static final double EPSILON = 1e-3;

    private final int maxEntries;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Entry> entries = new HashMap<>();
    private final Map<String, AdmitPlan> reservations = new LinkedHashMap<>();
    private long nextSweep;

    /** One counter or ledger; which fields are used depends on its kind. */
    private static final class Entry {
        long count;
        double tat;
        long spent;
        long reserved;
        long expiresAt = Long.MAX_VALUE;
    }

    /**
     * Creates a store.
     *
     * @param maxEntries the bound on counters, ledgers and reservations together, at least 1
     */
    public InMemoryQuotaStore(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1 but was " + maxEntries);
        }
        this.maxEntries = maxEntries;
    }

    /**
     * Returns how many counters, ledgers and reservations are held, expired ones not yet swept included.
     *
     * @return the count
     */
    public int size() {
        lock.lock();
        try {
            return entries.size() + reservations.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public AdmitResult admit(AdmitPlan plan) {
        long now = plan.nowMillis();
        lock.lock();
        try {
            sweep(now, false);
            List<AdmitResult.CounterState> states = new ArrayList<>(plan.counters().size());
            int deniedCounter = -1;
            long retry = 0;
            for (int i = 0; i < plan.counters().size(); i++) {
                Decision decision = check(plan.partition(), plan.counters().get(i), now);
                states.add(decision.state());
                if (!decision.allowed() && deniedCounter < 0) {
                    deniedCounter = i;
                    retry = decision.retryMillis();
                }
            }
            List<LedgerBalance> balances = new ArrayList<>(plan.holds().size());
            int deniedHold = -1;
            for (int i = 0; i < plan.holds().size(); i++) {
                AdmitPlan.Hold hold = plan.holds().get(i);
                Entry ledger = live(key(plan.partition(), hold.key()), now);
                LedgerBalance balance = ledger == null ? LedgerBalance.EMPTY : new LedgerBalance(ledger.spent, ledger.reserved);
                balances.add(balance);
                boolean allowed = balance.spentNanos() < hold.limitNanos()
                        && balance.spentNanos() + balance.reservedNanos() + hold.amountNanos() <= hold.limitNanos();
                if (!allowed && deniedHold < 0 && deniedCounter < 0) {
                    deniedHold = i;
                }
            }
            if (deniedCounter >= 0 || deniedHold >= 0) {
                return new AdmitResult(false, deniedCounter, deniedHold, deniedCounter >= 0 ? retry : -1, states, balances);
            }
            ensureRoom(plan, now);
            for (AdmitPlan.Counter counter : plan.counters()) {
                take(plan.partition(), counter, now);
            }
            for (AdmitPlan.Hold hold : plan.holds()) {
                Entry ledger = entry(key(plan.partition(), hold.key()), now);
                ledger.reserved += hold.amountNanos();
                ledger.expiresAt = hold.expiresAtMillis() == 0 ? Long.MAX_VALUE : hold.expiresAtMillis();
            }
            reservations.put(plan.reservation().id(), plan);
            return new AdmitResult(true, -1, -1, 0, states, balances);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public SettleResult settle(AdmitPlan plan, long actualTokens, long costNanos, long nowMillis) {
        lock.lock();
        try {
            return release(plan, actualTokens, costNanos, nowMillis, true);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<AdmitPlan> reap(long createdBeforeMillis, boolean dryRun, int limit, long nowMillis) {
        lock.lock();
        try {
            List<AdmitPlan> stale = reservations.values().stream()
                    .filter(plan -> plan.reservation().createdAtMillis() < createdBeforeMillis)
                    .sorted(Comparator.comparingLong(plan -> plan.reservation().createdAtMillis()))
                    .limit(limit)
                    .toList();
            if (!dryRun) {
                for (AdmitPlan plan : stale) {
                    release(plan, 0, 0, nowMillis, false);
                }
            }
            return stale;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public LedgerBalance balance(String partition, String holdKey, long nowMillis) {
        lock.lock();
        try {
            Entry ledger = live(key(partition, holdKey), nowMillis);
            return ledger == null ? LedgerBalance.EMPTY : new LedgerBalance(ledger.spent, ledger.reserved);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            entries.clear();
            reservations.clear();
        } finally {
            lock.unlock();
        }
    }

    /** Must hold the lock. Releases a reservation if present; commits the cost either way. */
    private SettleResult release(AdmitPlan plan, long actualTokens, long costNanos, long now, boolean reconcile) {
        boolean found = reservations.remove(plan.reservation().id()) != null;
        if (found) {
            for (AdmitPlan.Counter counter : plan.counters()) {
                giveBack(plan, counter, reconcile ? actualTokens - counter.amount() : 0, now);
            }
        }
        List<LedgerBalance> balances = new ArrayList<>(plan.holds().size());
        for (AdmitPlan.Hold hold : plan.holds()) {
            String key = key(plan.partition(), hold.key());
            Entry ledger = live(key, now);
            if (found && ledger != null) {
                ledger.reserved = Math.max(0, ledger.reserved - hold.amountNanos());
            }
            if (costNanos > 0) {
                if (ledger == null) {
                    ledger = entry(key, now);
                    ledger.expiresAt = hold.expiresAtMillis() == 0 ? Long.MAX_VALUE : hold.expiresAtMillis();
                }
                ledger.spent += costNanos;
            }
            balances.add(ledger == null ? LedgerBalance.EMPTY : new LedgerBalance(ledger.spent, ledger.reserved));
        }
        return new SettleResult(found, balances);
    }

    private void giveBack(AdmitPlan plan, AdmitPlan.Counter counter, long tokenDelta, long now) {
        long admittedAt = plan.nowMillis();
        switch (counter.kind()) {
            case CONCURRENCY -> {
                String key = key(plan.partition(), counter.key());
                Entry slots = entries.get(key);
                if (slots != null) {
                    slots.count -= counter.amount();
                    if (slots.count <= 0) {
                        entries.remove(key);
                    }
                }
            }
            case SLIDING_WINDOW -> {
                Entry bucket = counter.reconcile() && tokenDelta != 0
                        ? live(bucketKey(plan.partition(), counter, counter.bucket(admittedAt)), now) : null;
                if (bucket != null) {
                    bucket.count = Math.max(0, bucket.count + tokenDelta);
                }
            }
            case TOKEN_BUCKET -> {
                Entry cell = counter.reconcile() && tokenDelta != 0 ? live(key(plan.partition(), counter.key()), now) : null;
                if (cell != null && counter.limit() > 0) {
                    double interval = (double) counter.windowMillis() / counter.limit();
                    cell.tat = Math.max(now, cell.tat + tokenDelta * interval);
                    cell.expiresAt = (long) Math.ceil(cell.tat) + 1;
                }
            }
        }
    }

    /** The outcome of checking one counter. */
    private record Decision(boolean allowed, long retryMillis, AdmitResult.CounterState state) {}

    private Decision check(String partition, AdmitPlan.Counter counter, long now) {
        long limit = counter.limit();
        long amount = counter.amount();
        return switch (counter.kind()) {
            case CONCURRENCY -> {
                Entry slots = entries.get(key(partition, counter.key()));
                long inFlight = slots == null ? 0 : slots.count;
                boolean allowed = inFlight + amount <= limit;
                yield new Decision(allowed, 1000, new AdmitResult.CounterState(Math.max(0, limit - inFlight), 0));
            }
            case SLIDING_WINDOW -> slidingWindow(partition, counter, now);
            case TOKEN_BUCKET -> tokenBucket(partition, counter, now);
        };
    }

    private Decision slidingWindow(String partition, AdmitPlan.Counter counter, long now) {
        long window = counter.windowMillis();
        long bucket = counter.bucket(now);
        Entry current = live(bucketKey(partition, counter, bucket), now);
        Entry previous = live(bucketKey(partition, counter, bucket - 1), now);
        long cur = current == null ? 0 : current.count;
        long prev = previous == null ? 0 : previous.count;
        long elapsed = now - bucket * window;
        double used = prev * (double) (window - elapsed) / window + cur;
        long limit = counter.limit();
        long amount = counter.amount();
        boolean allowed = used + amount <= limit + EPSILON;
        long remaining = (long) Math.max(0, Math.floor(limit - used + EPSILON));
        long reset = cur > 0 ? window - elapsed + window : prev > 0 ? window - elapsed : 0;
        long retry = 0;
        if (!allowed) {
            if (amount > limit) {
                retry = -1;
            } else if (cur + amount > limit) {
                retry = window - elapsed + (long) Math.ceil(window * (1 - (double) (limit - amount) / cur));
            } else {
                retry = (long) Math.ceil(window * (1 - (double) (limit - cur - amount) / prev)) - elapsed;
            }
            retry = retry < 0 ? retry : Math.max(1, retry);
        }
        return new Decision(allowed, retry, new AdmitResult.CounterState(remaining, reset));
    }

    private Decision tokenBucket(String partition, AdmitPlan.Counter counter, long now) {
        long limit = counter.limit();
        long amount = counter.amount();
        long window = counter.windowMillis();
        if (limit == 0) {
            return new Decision(amount == 0, amount == 0 ? 0 : -1, new AdmitResult.CounterState(0, 0));
        }
        double interval = (double) window / limit;
        Entry cell = live(key(partition, counter.key()), now);
        double tat = cell == null ? now : Math.max(cell.tat, now);
        double next = tat + amount * interval;
        boolean allowed = next - now <= window + EPSILON;
        long remaining = (long) Math.max(0, Math.floor((window - (tat - now)) / interval + EPSILON));
        long retry = allowed ? 0 : amount > limit ? -1 : Math.max(1, (long) Math.ceil(next - now - window));
        return new Decision(allowed, retry, new AdmitResult.CounterState(remaining, (long) Math.ceil(tat - now)));
    }

    private void take(String partition, AdmitPlan.Counter counter, long now) {
        switch (counter.kind()) {
            case CONCURRENCY -> entry(key(partition, counter.key()), now).count += counter.amount();
            case SLIDING_WINDOW -> {
                long bucket = counter.bucket(now);
                Entry current = entry(bucketKey(partition, counter, bucket), now);
                current.count += counter.amount();
                current.expiresAt = (bucket + 2) * counter.windowMillis();
            }
            case TOKEN_BUCKET -> {
                if (counter.limit() == 0) {
                    return;
                }
                Entry cell = entry(key(partition, counter.key()), now);
                double interval = (double) counter.windowMillis() / counter.limit();
                cell.tat = Math.max(cell.tat, now) + counter.amount() * interval;
                cell.expiresAt = (long) Math.ceil(cell.tat) + 1;
            }
        }
    }

    /** Makes sure the entries an admission may create fit under the bound, sweeping first if needed. */
    private void ensureRoom(AdmitPlan plan, long now) {
        int needed = plan.counters().size() + plan.holds().size() + 1;
        if (entries.size() + reservations.size() + needed <= maxEntries) {
            return;
        }
        sweep(now, true);
        if (entries.size() + reservations.size() + needed > maxEntries) {
            throw new QuotaStoreUnavailableException("the in-memory limits store is full (entries=" + entries.size()
                    + ", reservations=" + reservations.size() + ", max=" + maxEntries
                    + "); raise ditto.limits.max_memory_entries", null);
        }
    }

    private void sweep(long now, boolean force) {
        if (!force && now < nextSweep) {
            return;
        }
        nextSweep = now + SWEEP_INTERVAL_MILLIS;
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            if (it.next().expiresAt <= now) {
                it.remove();
            }
        }
    }

    private Entry entry(String key, long now) {
        Entry entry = live(key, now);
        if (entry == null) {
            entry = new Entry();
            entries.put(key, entry);
        }
        return entry;
    }

    private @Nullable Entry live(String key, long now) {
        Entry entry = entries.get(key);
        if (entry != null && entry.expiresAt <= now) {
            entries.remove(key);
            return null;
        }
        return entry;
    }

    private static String key(String partition, String key) {
        return partition + '\u0000' + key;
    }

    private static String bucketKey(String partition, AdmitPlan.Counter counter, long bucket) {
        return key(partition, counter.key()) + ':' + bucket;
    }
}
