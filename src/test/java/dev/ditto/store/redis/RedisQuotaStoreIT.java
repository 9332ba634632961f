package dev.ditto.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ditto.config.RedisEndpoint;
import dev.ditto.config.Secret;
import dev.ditto.control.AdmissionDeniedException;
import dev.ditto.control.limits.BudgetLimit;
import dev.ditto.control.limits.BudgetPeriod;
import dev.ditto.control.limits.GovernedAdmission;
import dev.ditto.control.limits.Quota;
import dev.ditto.control.limits.QuotaStore;
import dev.ditto.control.limits.QuotaResolver;
import dev.ditto.control.limits.QuotaStoreContract;
import dev.ditto.control.limits.ReapReport;
import dev.ditto.control.limits.RateLimit;
import dev.ditto.control.Scope;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The Redis store passes the contract against a real Redis ({@code DITTO_REDIS_URL}); every
 * "replica" is a store with its own pooled client. Each test uses a key prefix of its own and
 * deletes its keys afterwards, so runs and parallel builds sharing the Redis do not meet.
 */
@EnabledIfEnvironmentVariable(named = "DITTO_REDIS_URL", matches = ".+")
class RedisQuotaStoreIT extends QuotaStoreContract {

    private static final RedisEndpoint REDIS = new RedisEndpoint(Secret.of(System.getenv("DITTO_REDIS_URL")), null,
            RedisEndpoint.DEFAULT_PORT, null);

    private final String prefix = "ditto-it:" + UUID.randomUUID() + ":";
    private final List<JedisPooled> clients = new ArrayList<>();

    @Override
    protected QuotaStore replica() {
        JedisPooled client = RedisConnector.open(REDIS, 16);
        clients.add(client);
        return new RedisQuotaStore(client, prefix);
    }

    @AfterEach
    void deleteKeysAndCloseClients() {
        try (JedisPooled redis = RedisConnector.open(REDIS, 1)) {
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = redis.scan(cursor, new ScanParams().match(prefix + "*").count(1000));
                page.getResult().forEach(redis::del);
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        }
        clients.forEach(JedisPooled::close);
    }

    @Test
    void aCrashedReplicasReservationIsReleasedByAnotherReplicasReap() {
        BudgetLimit budget = BudgetLimit.of(new BigDecimal("5"), BudgetPeriod.lifetime());
        Scope key = Scope.of(ALICE).get(0);
        QuotaResolver resolver = quotas(new Quota(key, List.of(RateLimit.parallel(1)), budget));
        GovernedAdmission crashing = engine(resolver, "replica-a");
        crashing.admit(chat());
        // Abruptly: replica A's connections are gone and its request never settles.
        clients.get(0).close();
        GovernedAdmission survivor = engine(resolver, "replica-b");
        GovernedAdmission.BudgetBalance held = survivor.balance(ALICE, key, budget);
        AdmissionDeniedException slotTaken = catchThrowableOfType(AdmissionDeniedException.class,
                () -> survivor.admit(chat()));
        clock.advance(Duration.ofMinutes(10));

        ReapReport dryRun = survivor.reap(Duration.ofMinutes(5), true, 100);
        ReapReport reaped = survivor.reap(Duration.ofMinutes(5), false, 100);

        assertThat(held.reserved()).isEqualByComparingTo("0.002");
        assertThat(slotTaken.status()).isEqualTo(429);
        assertThat(dryRun.details()).singleElement().satisfies(stale -> {
            assertThat(stale.replicaId()).isEqualTo("replica-a");
            assertThat(stale.usd()).isEqualByComparingTo("0.002");
            assertThat(stale.slots()).isEqualTo(1);
        });
        assertThat(reaped.reservations()).isEqualTo(1);
        GovernedAdmission.BudgetBalance after = survivor.balance(ALICE, key, budget);
        assertThat(after.reserved()).as("nothing reserved any more").isZero();
        assertThat(after.spent()).as("and nothing charged").isZero();
        assertThat(survivor.admit(chat())).as("the parallel slot is free again").isNotNull();
        clock.advance(Duration.ofSeconds(1));
        assertThat(survivor.reap(Duration.ZERO, true, 100).details()).as("only the new request holds")
                .singleElement().satisfies(open -> assertThat(open.replicaId()).isEqualTo("replica-b"));
    }

    @Test
    void keysCarryTheTenantHashTagAndReservationsNeverExpire() {
        GovernedAdmission engine = engine(quotas(new Quota(Scope.of(ALICE).get(0), List.of(RateLimit.rpm(5),
                RateLimit.parallel(2)), null)));

        engine.admit(chat());

        try (JedisPooled redis = RedisConnector.open(REDIS, 1)) {
            List<String> keys = new ArrayList<>(redis.keys(prefix + "*"));
            assertThat(keys).isNotEmpty().allSatisfy(key -> assertThat(key).startsWith(prefix + "{tenant-a}:"));
            String record = keys.stream().filter(key -> key.contains(":resv:")).findFirst().orElseThrow();
            assertThat(redis.pttl(record)).isEqualTo(-1);
            assertThat(redis.pttl(prefix + "{tenant-a}:resv")).isEqualTo(-1);
            assertThat(keys).filteredOn(key -> key.contains(":req:")).singleElement()
                    .satisfies(bucket -> assertThat(redis.pttl(bucket)).isPositive());
        }
    }
}
