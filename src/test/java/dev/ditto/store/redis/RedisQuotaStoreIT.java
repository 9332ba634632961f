package dev.ditto.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ditto.config.RedisEndpoint;
import dev.ditto.config.Secret;
import dev.ditto.control.limits.GovernedAdmission;
import dev.ditto.control.limits.Quota;
import dev.ditto.control.limits.QuotaStore;
import dev.ditto.control.limits.QuotaStoreContract;
import dev.ditto.control.limits.RateLimit;
import dev.ditto.control.limits.Scope;
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
