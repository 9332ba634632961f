package dev.ditto.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ditto.testing.GatewayServer;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Two gateways sharing one Redis ({@code DITTO_REDIS_URL}, configured the LiteLLM way through
 * {@code REDIS_URL}) enforce one limit between them: no replica counts on its own.
 */
@EnabledIfEnvironmentVariable(named = "DITTO_REDIS_URL", matches = ".+")
class RedisLimitsIT {

    private static final String REDIS_URL = System.getenv("DITTO_REDIS_URL");
    private static final String CHAT = "{\"model\":\"ditto/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @Test
    void twoReplicasShareOneRpmLimit() throws Exception {
        String prefix = "ditto-it:" + UUID.randomUUID() + ":";
        String config = """
                model_list:
                  - {model_name: ditto/echo, litellm_params: {model: ditto/echo}}
                ditto:
                  limits:
                    redis_key_prefix: "%s"
                    key: {rpm_limit: 2}
                """.formatted(prefix);
        try (GatewayServer a = GatewayServer.start(config, Map.of("REDIS_URL", REDIS_URL));
                GatewayServer b = GatewayServer.start(config, Map.of("REDIS_URL", REDIS_URL))) {
            HttpResponse<String> first = a.postJson("/v1/chat/completions", CHAT);
            HttpResponse<String> second = b.postJson("/v1/chat/completions", CHAT);
            HttpResponse<String> third = a.postJson("/v1/chat/completions", CHAT);
            HttpResponse<String> fourth = b.postJson("/v1/chat/completions", CHAT);

            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(second.statusCode()).isEqualTo(200);
            assertThat(third.statusCode()).isEqualTo(429);
            assertThat(fourth.statusCode()).isEqualTo(429);
            assertThat(fourth.headers().firstValue("x-ratelimit-limit-requests")).contains("2");
        } finally {
            deleteKeys(prefix);
        }
    }

    private static void deleteKeys(String prefix) {
        try (JedisPooled redis = new JedisPooled(java.net.URI.create(REDIS_URL))) {
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = redis.scan(cursor, new ScanParams().match(prefix + "*").count(1000));
                page.getResult().forEach(redis::del);
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        }
    }
}
