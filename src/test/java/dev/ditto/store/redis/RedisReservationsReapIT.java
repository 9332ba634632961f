package dev.ditto.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.testing.FakeUpstream;
import dev.ditto.testing.GatewayServer;
import dev.ditto.testing.Reply;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * {@code POST /admin/reservations/reap} across two gateways sharing one Redis: the reservations
 * of requests stuck on one replica are reported exactly by a dry run on the other, and released
 * by its reap, which frees the parallel slots for both.
 */
@EnabledIfEnvironmentVariable(named = "DITTO_REDIS_URL", matches = ".+")
class RedisReservationsReapIT {

    private static final String REDIS_URL = System.getenv("DITTO_REDIS_URL");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MASTER_KEY = "sk-master-reap";
    private static final String CHAT = "{\"model\":\"gpt\",\"max_tokens\":100,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void aDryRunOnOneReplicaReportsExactlyTheReservationsStuckOnTheOther() throws Exception {
        String prefix = "ditto-it:" + UUID.randomUUID() + ":";
        List<CompletableFuture<HttpResponse<String>>> stuck = new ArrayList<>();
        FakeUpstream upstream = FakeUpstream.start();
        String config = """
                model_list:
                  - model_name: gpt
                    litellm_params: {model: openai/gpt-4.1-nano, api_base: "%s/v1", api_key: sk-test}
                    model_info: {id: nano, input_cost_per_token: 0.000001, output_cost_per_token: 0.000002}
                router_settings: {num_retries: 0}
                general_settings: {master_key: %s}
                ditto:
                  limits:
                    redis_key_prefix: "%s"
                    key: {max_parallel_requests: 2, max_budget: 10}
                """.formatted(upstream.baseUri(), MASTER_KEY, prefix);
        try (GatewayServer a = GatewayServer.start(config, Map.of("REDIS_URL", REDIS_URL));
                GatewayServer b = GatewayServer.start(config, Map.of("REDIS_URL", REDIS_URL))) {
            upstream.on("POST", "/v1/chat/completions").enqueue(Reply.builder().json("{}").hang().build(),
                    Reply.builder().json("{}").hang().build(), Reply.fixture("openai-chat/openai-text.json"));
            for (String id : List.of("stuck-a1", "stuck-a2")) {
                stuck.add(a.client().sendAsync(chat(a, id), HttpResponse.BodyHandlers.ofString()));
            }
            upstream.awaitRequest(2, TIMEOUT);
            HttpResponse<String> refusedOnB = b.send(chat(b, "refused"));

            JsonNode dryRun = JSON.readTree(reap(b, "{\"older_than_seconds\": 0, \"dry_run\": true}").body());
            JsonNode reaped = JSON.readTree(reap(b, "{\"older_than_seconds\": 0}").body());
            HttpResponse<String> admittedOnB = b.send(chat(b, "admitted"));

            assertThat(refusedOnB.statusCode()).as("replica A holds both slots").isEqualTo(429);
            assertThat(dryRun.path("count").asInt()).isEqualTo(2);
            assertThat(dryRun.path("reservations").findValuesAsText("request_id"))
                    .containsExactlyInAnyOrder("stuck-a1", "stuck-a2");
            assertThat(dryRun.path("reservations").findValuesAsText("replica_id")).containsOnly(a.gateway().node().id());
            assertThat(dryRun.path("slots").asInt()).isEqualTo(2);
            assertThat(reaped.path("count").asInt()).isEqualTo(2);
            assertThat(reaped.path("usd").decimalValue()).isEqualByComparingTo(dryRun.path("usd").decimalValue());
            assertThat(admittedOnB.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(reap(a, "{\"older_than_seconds\": 0, \"dry_run\": true}").body()).path("count")
                    .asInt()).as("nothing left, seen from either replica").isZero();
            // The upstream first: closing it ends the hanging answers, so the stuck requests settle.
            upstream.close();
            stuck.forEach(request -> request.cancel(true));
        } finally {
            upstream.close();
            deleteKeys(prefix);
        }
    }

    private static HttpRequest chat(GatewayServer gateway, String requestId) {
        return HttpRequest.newBuilder(gateway.uri("/v1/chat/completions")).header("Authorization", "Bearer " + MASTER_KEY)
                .header("Content-Type", "application/json").header("x-request-id", requestId)
                .POST(HttpRequest.BodyPublishers.ofString(CHAT)).build();
    }

    private static HttpResponse<String> reap(GatewayServer gateway, String body) throws Exception {
        return gateway.send(HttpRequest.newBuilder(gateway.uri("/admin/reservations/reap"))
                .header("Authorization", "Bearer " + MASTER_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
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
