package dev.ditto.store.redis;

import dev.ditto.control.limits.AdmitPlan;
import dev.ditto.control.limits.AdmitResult;
import dev.ditto.control.limits.LedgerBalance;
import dev.ditto.control.limits.QuotaStore;
import dev.ditto.control.limits.QuotaStoreUnavailableException;
import dev.ditto.control.limits.SettleResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The quota store shared by replicas: counters, ledgers and reservation records in Redis, each
 * admission and each settlement one Lua script, so one round trip before the upstream call and
 * one after. Semantics as in {@link QuotaStore}.
 *
 * <p>Keyspace, for prefix {@code ditto:} and partition (tenant) {@code t}:
 * <ul>
 *   <li>{@code ditto:{t}:rl:...:<bucket>} sliding-window counts (string, expire after two windows);
 *   <li>{@code ditto:{t}:rl:...} token-bucket arrival times and parallel counts (strings);
 *   <li>{@code ditto:{t}:bud:<scope>:<period start>:<period end>} budget ledgers (hash of {@code spent},
 *       {@code reserved}; expire a grace after their period);
 *   <li>{@code ditto:{t}:resv:<id>} reservation records (never expire; released by settlement or reap);
 *   <li>{@code ditto:{t}:resv} the partition's reservations by creation time (sorted set).
 * </ul>
 * The {@code {t}} hash tag keeps a tenant's keys in one Redis Cluster slot, which is what lets
 * one script touch all of them: the trade-off is that one tenant's traffic is served by one
 * shard. Callers without a tenant share the partition {@code -}.
 *
 * <p>Any Redis failure (unreachable, timeout, pool exhausted, read-only replica) becomes a
 * {@link QuotaStoreUnavailableException}. Thread-safe; does not own the client.
 */
public final class RedisQuotaStore implements QuotaStore {

    /** The key prefix when none is configured. */
    public static final String DEFAULT_PREFIX = "ditto:";
    static final String ADMIT_SCRIPT = "quota-admit.lua";
    static final String SETTLE_SCRIPT = "quota-settle.lua";
    private static final String RESERVATIONS = "resv";
    private static final int SCAN_COUNT = 1000;

    private final UnifiedJedis redis;
    private final String prefix;
    private final Script admit = Script.load(ADMIT_SCRIPT);
    private final Script settle = Script.load(SETTLE_SCRIPT);

    /**
     * Creates the store.
     *
     * @param redis the pooled client, closed by its owner
     * @param prefix the prefix of every key, such as {@value #DEFAULT_PREFIX}
     */
    public RedisQuotaStore(UnifiedJedis redis, String prefix) {
        this.redis = redis;
        this.prefix = prefix;
    }

    @Override
    public AdmitResult admit(AdmitPlan plan) {
        List<String> keys = new ArrayList<>();
        keys.add(recordKey(plan.partition(), plan.reservation().id()));
        keys.add(indexKey(plan.partition()));
        List<String> args = new ArrayList<>();
        args.add(Long.toString(plan.nowMillis()));
        args.add(plan.reservation().id());
        args.add(ReservationCodec.encode(plan));
        args.add(Integer.toString(plan.counters().size()));
        args.add(Integer.toString(plan.holds().size()));
        for (AdmitPlan.Counter counter : plan.counters()) {
            String key = key(plan.partition(), counter.key());
            if (counter.kind() == AdmitPlan.Counter.Kind.SLIDING_WINDOW) {
                long bucket = counter.bucket(plan.nowMillis());
                keys.add(key + ":" + bucket);
                keys.add(key + ":" + (bucket - 1));
            } else {
                keys.add(key);
            }
            args.add(code(counter.kind()));
            args.add(Long.toString(counter.limit()));
            args.add(Long.toString(counter.windowMillis()));
            args.add(Long.toString(counter.amount()));
        }
        for (AdmitPlan.Hold hold : plan.holds()) {
            keys.add(key(plan.partition(), hold.key()));
            args.add(Long.toString(hold.limitNanos()));
            args.add(Long.toString(hold.amountNanos()));
            args.add(Long.toString(ttl(hold, plan.nowMillis())));
        }
        List<?> reply = (List<?>) eval(admit, keys, args);
        int n = plan.counters().size();
        List<AdmitResult.CounterState> states = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            states.add(new AdmitResult.CounterState(number(reply.get(4 + 2 * i)), number(reply.get(5 + 2 * i))));
        }
        List<LedgerBalance> balances = new ArrayList<>(plan.holds().size());
        for (int j = 0; j < plan.holds().size(); j++) {
            balances.add(new LedgerBalance(number(reply.get(4 + 2 * n + 2 * j)), number(reply.get(5 + 2 * n + 2 * j))));
        }
        return new AdmitResult(number(reply.get(0)) == 1, (int) number(reply.get(1)), (int) number(reply.get(2)),
                number(reply.get(3)), states, balances);
    }

    @Override
    public SettleResult settle(AdmitPlan plan, long actualTokens, long costNanos, long nowMillis) {
        return release(plan, actualTokens, costNanos, nowMillis, false);
    }

    private SettleResult release(AdmitPlan plan, long actualTokens, long costNanos, long nowMillis, boolean reap) {
        List<String> keys = new ArrayList<>();
        keys.add(recordKey(plan.partition(), plan.reservation().id()));
        keys.add(indexKey(plan.partition()));
        List<String> args = new ArrayList<>();
        args.add(Long.toString(nowMillis));
        args.add(plan.reservation().id());
        args.add(Integer.toString(plan.counters().size()));
        args.add(Integer.toString(plan.holds().size()));
        args.add(Long.toString(costNanos));
        args.add(reap ? "reap" : "settle");
        for (AdmitPlan.Counter counter : plan.counters()) {
            String key = key(plan.partition(), counter.key());
            keys.add(counter.kind() == AdmitPlan.Counter.Kind.SLIDING_WINDOW
                    ? key + ":" + counter.bucket(plan.nowMillis()) : key);
            long delta = counter.kind() == AdmitPlan.Counter.Kind.CONCURRENCY ? counter.amount()
                    : counter.reconcile() && !reap ? actualTokens - counter.amount() : 0;
            args.add(code(counter.kind()));
            args.add(Long.toString(counter.windowMillis()));
            args.add(Long.toString(counter.limit()));
            args.add(Long.toString(delta));
        }
        for (AdmitPlan.Hold hold : plan.holds()) {
            keys.add(key(plan.partition(), hold.key()));
            args.add(Long.toString(hold.amountNanos()));
            args.add(Long.toString(ttl(hold, nowMillis)));
        }
        List<?> reply = (List<?>) eval(settle, keys, args);
        List<LedgerBalance> balances = new ArrayList<>(plan.holds().size());
        for (int j = 0; j + 2 < reply.size(); j += 2) {
            balances.add(new LedgerBalance(number(reply.get(1 + j)), number(reply.get(2 + j))));
        }
        return new SettleResult(number(reply.get(0)) == 1, balances);
    }

    @Override
    public List<AdmitPlan> reap(long createdBeforeMillis, boolean dryRun, int limit, long nowMillis) {
        List<AdmitPlan> reaped = new ArrayList<>();
        ScanParams params = new ScanParams().match(glob(prefix) + "{*}:" + RESERVATIONS).count(SCAN_COUNT);
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            String at = cursor;
            ScanResult<String> page = call(() -> redis.scan(at, params, "zset"));
            for (String index : page.getResult()) {
                if (reaped.size() >= limit) {
                    break;
                }
                reapIndex(index, createdBeforeMillis, dryRun, limit, nowMillis, reaped);
            }
            cursor = page.getCursor();
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor) && reaped.size() < limit);
        reaped.sort(Comparator.comparingLong(plan -> plan.reservation().createdAtMillis()));
        return reaped;
    }

    private void reapIndex(String index, long createdBefore, boolean dryRun, int limit, long now, List<AdmitPlan> reaped) {
        List<String> ids = call(() -> redis.zrangeByScore(index, "-inf", "(" + createdBefore, 0, limit - reaped.size()));
        for (String id : ids) {
            String record = call(() -> redis.get(index + ":" + id));
            if (record == null) {
                // An index entry without its record cannot hold anything; drop it.
                call(() -> redis.zrem(index, id));
                continue;
            }
            AdmitPlan plan = ReservationCodec.decode(record);
            if (dryRun || release(plan, 0, 0, now, true).found()) {
                reaped.add(plan);
            }
        }
    }

    @Override
    public LedgerBalance balance(String partition, String holdKey, long nowMillis) {
        List<String> values = call(() -> redis.hmget(key(partition, holdKey), "spent", "reserved"));
        return new LedgerBalance(values.get(0) == null ? 0 : Long.parseLong(values.get(0)),
                values.get(1) == null ? 0 : Long.parseLong(values.get(1)));
    }

    /** Does nothing: the client belongs to whoever opened it. */
    @Override
    public void close() {}

    private String key(String partition, String key) {
        return prefix + "{" + partition + "}:" + key;
    }

    private String indexKey(String partition) {
        return key(partition, RESERVATIONS);
    }

    private String recordKey(String partition, String id) {
        return indexKey(partition) + ":" + id;
    }

    private static long ttl(AdmitPlan.Hold hold, long nowMillis) {
        return hold.expiresAtMillis() == 0 ? 0 : Math.max(1, hold.expiresAtMillis() - nowMillis);
    }

    private static String code(AdmitPlan.Counter.Kind kind) {
        return switch (kind) {
            case SLIDING_WINDOW -> "sw";
            case TOKEN_BUCKET -> "tb";
            case CONCURRENCY -> "cc";
        };
    }

    private Object eval(Script script, List<String> keys, List<String> args) {
        return call(() -> {
            try {
                return redis.evalsha(script.sha(), keys, args);
            } catch (JedisNoScriptException e) {
                // First use on this Redis (or after a restart or SCRIPT FLUSH): EVAL caches it again.
                return redis.eval(script.source(), keys, args);
            }
        });
    }

    private <T> T call(Supplier<T> command) {
        try {
            return command.get();
        } catch (JedisException e) {
            throw new QuotaStoreUnavailableException("Redis did not answer: " + e.getMessage(), e);
        }
    }

    private static long number(Object value) {
        if (value instanceof Long number) {
            return number;
        }
        if (value instanceof byte[] bytes) {
            return Long.parseLong(new String(bytes, StandardCharsets.UTF_8));
        }
        return Long.parseLong(value.toString());
    }

    /** Escapes the glob characters of SCAN's MATCH in a literal prefix. */
    private static String glob(String literal) {
        return literal.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
    }

    /** A Lua script and its SHA-1, for EVALSHA. */
    private record Script(String source, String sha) {

        static Script load(String resource) {
            try (InputStream in = RedisQuotaStore.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("the Lua script " + resource + " is missing from the classpath");
                }
                String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
                return new Script(source, HexFormat.of().formatHex(digest));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-1 is required by every Java platform", e);
            }
        }
    }
}
