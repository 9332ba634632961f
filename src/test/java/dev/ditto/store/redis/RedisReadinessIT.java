package dev.ditto.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.config.RedisEndpoint;
import dev.ditto.config.Secret;
import dev.ditto.testing.GatewayServer;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import redis.clients.jedis.JedisPooled;

/** Readiness against a real Redis ({@code DITTO_REDIS_URL}), configured the LiteLLM way. */
@EnabledIfEnvironmentVariable(named = "DITTO_REDIS_URL", matches = ".+")
class RedisReadinessIT {

    private static final String REDIS_URL = System.getenv("DITTO_REDIS_URL");

    @Test
    void connectorTalksToRedis() {
        try (JedisPooled redis = RedisConnector.open(new RedisEndpoint(Secret.of(REDIS_URL), null, 6379, null), 2)) {
            redis.set("ditto:it:connector", "ok");

            assertThat(redis.get("ditto:it:connector")).isEqualTo("ok");
            assertThat(redis.del("ditto:it:connector")).isEqualTo(1);
        }
    }

    @Test
    void readinessIsHealthyWhenRedisFromTheEnvironmentAnswers() throws Exception {
        try (GatewayServer gateway = GatewayServer.start(
                "model_list: [{model_name: ditto/echo, litellm_params: {model: ditto/echo}}]\n",
                Map.of("REDIS_URL", REDIS_URL))) {
            HttpResponse<String> readiness = gateway.get("/health/readiness");
            JsonNode body = new ObjectMapper().readTree(readiness.body());

            assertThat(readiness.statusCode()).isEqualTo(200);
            assertThat(body.at("/checks/redis/status").asText()).isEqualTo("up");
            assertThat(body.at("/checks/database/status").asText()).isEqualTo("up");
        }
    }
}
