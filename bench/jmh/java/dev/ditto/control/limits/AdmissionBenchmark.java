package dev.ditto.control.limits;

import dev.ditto.config.RedisEndpoint;
import dev.ditto.config.Secret;
import dev.ditto.control.AdmissionRequest;
import dev.ditto.control.Caller;
import dev.ditto.control.Outcome;
import dev.ditto.control.Permit;
import dev.ditto.control.pricing.ModelPrice;
import dev.ditto.control.pricing.PriceBook;
import dev.ditto.sdk.Usage;
import dev.ditto.store.memory.InMemoryQuotaStore;
import dev.ditto.store.redis.RedisConnector;
import dev.ditto.store.redis.RedisQuotaStore;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Limiter check and budget reservation, then settlement, as the benchmark gateway configures
 * them for every key (bench/config.yaml): rpm, tpm and parallel limits and a USD budget. One
 * admit is the one round trip before the upstream call, one settle the one after. The Redis
 * store needs {@code DITTO_REDIS_URL} (default {@code redis://127.0.0.1:6379}) and uses keys of
 * its own prefix, deleted afterwards.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AdmissionBenchmark {

    private static final Caller CALLER = new Caller("key_bench", null, null, null, null, Set.of(), Set.of(), Map.of());
    private static final AdmissionRequest REQUEST = new AdmissionRequest("req", CALLER, "/v1/chat/completions", "bench",
            40, 64L, false);
    private static final Outcome OUTCOME = new Outcome(Outcome.Status.OK, 200, "d1", "openai", "gpt-4o-mini",
            Usage.builder().inputTokens(40L).outputTokens(30L).build(), Duration.ZERO, null, 1);

    @Param({"memory", "redis"})
    public String store;

    private GovernedAdmission engine;
    private JedisPooled redis;
    private String prefix;

    @Setup(Level.Trial)
    public void setUp() {
        QuotaStore quotas;
        if (store.equals("redis")) {
            String url = System.getenv().getOrDefault("DITTO_REDIS_URL", "redis://127.0.0.1:6379");
            redis = RedisConnector.open(new RedisEndpoint(Secret.of(url), null, RedisEndpoint.DEFAULT_PORT, null), 16);
            prefix = "ditto-jmh:" + UUID.randomUUID() + ":";
            quotas = new RedisQuotaStore(redis, prefix);
        } else {
            quotas = new InMemoryQuotaStore(InMemoryQuotaStore.DEFAULT_MAX_ENTRIES);
        }
        Quota key = new Quota(new Scope(Scope.Kind.KEY, "key_bench"),
                List.of(RateLimit.rpm(2_000_000_000L), RateLimit.tpm(2_000_000_000L), RateLimit.parallel(10_000)),
                BudgetLimit.of(new BigDecimal("1000000000"), BudgetPeriod.daily()));
        PriceBook prices = PriceBook.builder().deployment("d1", "bench", ModelPrice.perMillion("0.15", "0.60")).build();
        engine = GovernedAdmission.builder(request -> List.of(key), quotas, prices).build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (redis != null) {
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = redis.scan(cursor, new ScanParams().match(prefix + "*").count(1000));
                page.getResult().forEach(redis::del);
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
            redis.close();
        }
    }

    /** Check every limit and reserve the worst-case cost: what a request waits for before its upstream call. */
    @Benchmark
    public BigDecimal admitAndSettle() {
        Permit permit = engine.admit(REQUEST);
        return permit.settle(OUTCOME);
    }
}
