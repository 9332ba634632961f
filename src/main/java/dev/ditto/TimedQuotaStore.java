package dev.ditto;

import dev.ditto.control.limits.AdmitPlan;
import dev.ditto.control.limits.AdmitResult;
import dev.ditto.control.limits.LedgerBalance;
import dev.ditto.control.limits.QuotaStore;
import dev.ditto.control.limits.SettleResult;
import dev.ditto.ops.RedisMetrics;
import dev.ditto.sdk.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The Redis quota store with its round trips in {@code ditto_redis_command_duration_seconds}
 * and its failures in {@code ditto_redis_failures_total}, under the commands {@code quota_admit},
 * {@code quota_settle}, {@code quota_reap} and {@code quota_balance}. A decorator in the
 * composition root, so that the store knows nothing of metrics. Thread-safe.
 */
final class TimedQuotaStore implements QuotaStore {

    private final QuotaStore store;
    private final RedisMetrics metrics;
    private final Ticker ticker;

    TimedQuotaStore(QuotaStore store, RedisMetrics metrics, Ticker ticker) {
        this.store = store;
        this.metrics = metrics;
        this.ticker = ticker;
    }

    @Override
    public AdmitResult admit(AdmitPlan plan) {
        return timed("quota_admit", () -> store.admit(plan));
    }

    @Override
    public SettleResult settle(AdmitPlan plan, long actualTokens, long costNanos, long nowMillis) {
        return timed("quota_settle", () -> store.settle(plan, actualTokens, costNanos, nowMillis));
    }

    @Override
    public List<AdmitPlan> reap(long createdBeforeMillis, boolean dryRun, int limit, long nowMillis) {
        return timed("quota_reap", () -> store.reap(createdBeforeMillis, dryRun, limit, nowMillis));
    }

    @Override
    public LedgerBalance balance(String partition, String holdKey, long nowMillis) {
        return timed("quota_balance", () -> store.balance(partition, holdKey, nowMillis));
    }

    @Override
    public void close() {
        store.close();
    }

    private <T> T timed(String command, Supplier<T> call) {
        long start = ticker.read();
        boolean failed = true;
        try {
            T result = call.get();
            failed = false;
            return result;
        } finally {
            metrics.record(command, Duration.ofNanos(ticker.read() - start), failed);
        }
    }
}
