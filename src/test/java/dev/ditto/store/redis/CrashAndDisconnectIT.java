package dev.ditto.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.control.Outcome;
import dev.ditto.testing.Exchange;
import dev.ditto.testing.FakeUpstream;
import dev.ditto.testing.GatewayProcess;
import dev.ditto.testing.GatewayServer;
import dev.ditto.testing.PostgresSchema;
import dev.ditto.testing.PrometheusText;
import dev.ditto.testing.RedisKeys;
import dev.ditto.testing.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.JedisPooled;

/**
 * Issue 6's crash test, against a real Redis and PostgreSQL. Gateway A runs in a process of its
 * own and is killed with SIGKILL while three of its streams are half sent, so their reservations
 * are never settled; on gateway B, clients leave mid-stream and upstreams time out, which B
 * settles itself. Then B's reap endpoint reports, in a dry run, exactly A's three reservations,
 * and its reap releases them: afterwards nothing is reserved in any ledger, no reservation or
 * parallel slot is left, and the durable ledger of every scope equals the sum of its spend log.
 */
@EnabledIfEnvironmentVariable(named = "DITTO_REDIS_URL", matches = ".+")
@EnabledIfEnvironmentVariable(named = "DITTO_POSTGRES_URL", matches = ".+")
class CrashAndDisconnectIT {

    private static final String REDIS_URL = System.getenv("DITTO_REDIS_URL");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MASTER_KEY = "sk-master-crash";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String CHAT = "{\"model\":\"%s\",\"max_tokens\":100,%s"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String STREAM = "\"stream\":true,\"stream_options\":{\"include_usage\":true},";
    private static final List<String> STUCK_ON_A = List.of("stuck-a1", "stuck-a2", "stuck-a3");

    @TempDir
    Path dir;

    /** Both gateways' configuration; each calls its own path of the fake upstream for {@code gpt}. */
    private static String config(URI upstream, String replica, String prefix, String databaseUrl) {
        return """
                model_list:
                  - model_name: gpt
                    litellm_params: {model: openai/gpt-4.1-nano, api_base: "%1$s/%2$s/v1", api_key: sk-test}
                    model_info: {id: nano, input_cost_per_token: 0.000001, output_cost_per_token: 0.000002}
                  - model_name: gpt-slow
                    litellm_params: {model: openai/gpt-4.1-nano, api_base: "%1$s/slow/v1", api_key: sk-test, timeout: 2}
                    model_info: {id: slow, input_cost_per_token: 0.000001, output_cost_per_token: 0.000002}
                router_settings: {num_retries: 0}
                general_settings: {master_key: %3$s, database_url: "%4$s"}
                ditto:
                  limits:
                    redis_key_prefix: "%5$s"
                    key: {max_parallel_requests: 50, rpm_limit: 1000, max_budget: 100, budget_duration: 1d}
                """.formatted(upstream, replica, MASTER_KEY, databaseUrl, prefix);
    }

    @Test
    void afterACrashAndDisconnectsAReapLeavesNothingReservedAndTheLedgerEqualsTheSpendLog() throws Exception {
        String prefix = "ditto-it:" + UUID.randomUUID() + ":";
        List<HttpResponse<InputStream>> stuckOnA = new ArrayList<>();
        try (PostgresSchema schema = PostgresSchema.create("ditto_crash");
                FakeUpstream upstream = FakeUpstream.start();
                JedisPooled redis = new JedisPooled(URI.create(REDIS_URL))) {
            try (GatewayProcess a = GatewayProcess.start(dir.resolve("a"),
                    config(upstream.baseUri(), "a", prefix, schema.databaseUrl()), Map.of("REDIS_URL", REDIS_URL))) {
                GatewayServer b = GatewayServer.start(config(upstream.baseUri(), "b", prefix, schema.databaseUrl()),
                        Map.of("REDIS_URL", REDIS_URL));
                try {
                    crashAndDisconnect(upstream, a, b, stuckOnA);
                    String replicaA = a.nodeId();
                    a.kill();
                    assertThat(a.isAlive()).isFalse();
                    stuckOnA.forEach(CrashAndDisconnectIT::closeQuietly);
                    disconnectAndTimeOutOnB(upstream, b);

                    String index = prefix + "{-}:resv";
                    assertThat(redis.zcard(index)).as("only A's unsettled reservations are left").isEqualTo(3);
                    JsonNode dryRun = reap(b, "{\"older_than_seconds\": 0, \"dry_run\": true}");
                    assertThat(redis.zcard(index)).as("a dry run releases nothing").isEqualTo(3);
                    JsonNode reaped = reap(b, "{\"older_than_seconds\": 0}");

                    assertThat(dryRun.path("count").asInt()).isEqualTo(3);
                    assertThat(dryRun.path("reservations").findValuesAsText("request_id"))
                            .containsExactlyInAnyOrderElementsOf(STUCK_ON_A);
                    assertThat(dryRun.path("reservations").findValuesAsText("replica_id")).containsOnly(replicaA);
                    assertThat(dryRun.path("slots").asInt()).isEqualTo(3);
                    assertThat(dryRun.path("usd").decimalValue()).isPositive();
                    assertThat(reaped.path("count").asInt()).isEqualTo(3);
                    assertThat(reaped.path("usd").decimalValue()).isEqualByComparingTo(dryRun.path("usd").decimalValue());
                    assertThat(reap(b, "{\"older_than_seconds\": 0, \"dry_run\": true}").path("count").asInt()).isZero();
                    assertNothingHeld(redis, prefix);
                    PrometheusText metrics = scrape(b);
                    assertThat(metrics.value("ditto_reservations_reaped_total", Map.of())).hasValue(3.0);
                    assertThat(metrics.value("ditto_reservations_open", Map.of())).hasValue(0.0);
                } finally {
                    b.close();     // gracefully: B's spend log and ledger are flushed
                }
            }
            assertTheLedgerEqualsTheSpendLog(schema);
        } finally {
            RedisKeys.delete(REDIS_URL, prefix);
        }
    }

    /** Two requests A completes, then three streams A leaves half sent; B completes three. */
    private static void crashAndDisconnect(FakeUpstream upstream, GatewayProcess a, GatewayServer b,
            List<HttpResponse<InputStream>> stuckOnA) throws Exception {
        upstream.on("POST", "/a/v1/chat/completions").enqueue(Reply.fixture("openai-chat/openai-text.json"),
                Reply.fixture("openai-chat/openai-text.json"), halfSent(), halfSent(), halfSent());
        upstream.on("POST", "/b/v1/chat/completions").enqueue(Reply.fixture("openai-chat/openai-text.json"),
                Reply.fixture("openai-chat/openai-text.json"), Reply.fixture("openai-chat/openai-text.json"),
                halfSent(), halfSent());
        int exchanges = 0;
        for (String id : List.of("done-a1", "done-a2")) {
            assertThat(a.client().send(chat(a.uri("/v1/chat/completions"), "gpt", "", id),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            exchanges++;
        }
        for (String id : STUCK_ON_A) {
            HttpResponse<InputStream> response = a.client().send(chat(a.uri("/v1/chat/completions"), "gpt", STREAM, id),
                    HttpResponse.BodyHandlers.ofInputStream());
            upstream.awaitExchange(++exchanges, TIMEOUT).awaitEventsSent(3, TIMEOUT);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body().read()).as("the stream has started").isPositive();
            stuckOnA.add(response);
        }
        for (String id : List.of("done-b1", "done-b2", "done-b3")) {
            assertThat(b.send(chat(b.uri("/v1/chat/completions"), "gpt", "", id)).statusCode()).isEqualTo(200);
            b.awaitRecord(id);
        }
    }

    /** Two clients of B leave mid-stream; two of B's upstreams never answer within their 2 s timeout. */
    private static void disconnectAndTimeOutOnB(FakeUpstream upstream, GatewayServer b) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        for (String id : List.of("gone-b1", "gone-b2")) {
            int before = upstream.exchanges().size();
            HttpResponse<InputStream> response = client.send(chat(b.uri("/v1/chat/completions"), "gpt", STREAM, id),
                    HttpResponse.BodyHandlers.ofInputStream());
            Exchange exchange = upstream.awaitExchange(before + 1, TIMEOUT);
            exchange.awaitEventsSent(3, TIMEOUT);
            assertThat(response.body().read()).isPositive();
            response.body().close();
            exchange.awaitClientDisconnect(TIMEOUT);
            assertThat(b.awaitRecord(id).outcome().status()).isEqualTo(Outcome.Status.CLIENT_GONE);
        }
        upstream.on("POST", "/slow/v1/chat/completions").enqueue(
                Reply.builder().json("{}").delayBeforeHeaders(Duration.ofSeconds(120)).build(),
                Reply.builder().json("{}").delayBeforeHeaders(Duration.ofSeconds(120)).build());
        List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
        for (String id : List.of("timeout-b1", "timeout-b2")) {
            slow.add(b.client().sendAsync(chat(b.uri("/v1/chat/completions"), "gpt-slow", "", id),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> answer : slow) {
            assertThat(answer.get().statusCode()).as("the upstream timed out").isBetween(408, 504);
        }
        b.awaitRecord("timeout-b1");
        b.awaitRecord("timeout-b2");
    }

    /** A chat stream whose fourth event never comes, until the upstream closes. */
    private static Reply halfSent() {
        return Reply.fixture("openai-chat/openai-text.chunks.txt").toBuilder()
                .gateBeforeEvent(3, new CompletableFuture<>()).build();
    }

    private static HttpRequest chat(URI uri, String model, String extra, String requestId) {
        return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + MASTER_KEY)
                .header("Content-Type", "application/json").header("x-request-id", requestId)
                .POST(HttpRequest.BodyPublishers.ofString(CHAT.formatted(model, extra))).build();
    }

    private static JsonNode reap(GatewayServer gateway, String body) throws Exception {
        HttpResponse<String> response = gateway.send(HttpRequest.newBuilder(gateway.uri("/admin/reservations/reap"))
                .header("Authorization", "Bearer " + MASTER_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static PrometheusText scrape(GatewayServer gateway) throws Exception {
        return PrometheusText.parse(gateway.send(HttpRequest.newBuilder(gateway.uri("/metrics"))
                .header("Authorization", "Bearer " + MASTER_KEY).build()).body());
    }

    /** Every budget ledger reserves zero; no reservation record, index entry or parallel slot is left. */
    private static void assertNothingHeld(JedisPooled redis, String prefix) {
        List<String> keys = RedisKeys.under(redis, prefix);
        List<String> ledgers = keys.stream().filter(key -> key.contains(":bud:")).toList();
        assertThat(ledgers).as("the key's daily budget ledger").isNotEmpty();
        for (String ledger : ledgers) {
            assertThat(redis.hget(ledger, "reserved")).as(ledger).isIn(null, "0");
            assertThat(Long.parseLong(redis.hget(ledger, "spent"))).as(ledger).isPositive();
        }
        assertThat(keys).as("no reservation is left").noneMatch(key -> key.contains(":resv"));
        for (String slots : keys.stream().filter(key -> key.contains(":par:")).toList()) {
            assertThat(redis.get(slots)).as(slots).isIn(null, "0");
        }
    }

    /** Per scope, the ledger's USD and request count equal the spend log's sums. */
    private static void assertTheLedgerEqualsTheSpendLog(PostgresSchema schema) throws Exception {
        List<Map<String, Object>> spendLog = schema.query("SELECT request_id, status FROM ditto_spend_log");
        assertThat(spendLog).extracting(row -> row.get("request_id")).as("everything B served is logged")
                .contains("done-b1", "done-b2", "done-b3", "gone-b1", "gone-b2", "timeout-b1", "timeout-b2")
                .doesNotContainAnyElementsOf(STUCK_ON_A);
        Map<String, String> ledger = new TreeMap<>();
        for (Map<String, Object> row : schema.query("SELECT scope_kind, scope_id, SUM(spend) AS usd, "
                + "SUM(requests) AS n FROM ditto_ledger GROUP BY scope_kind, scope_id")) {
            ledger.put(row.get("scope_kind") + ":" + row.get("scope_id"), amount(row.get("usd")) + " / " + row.get("n"));
        }
        Map<String, String> logged = new TreeMap<>();
        for (String kind : List.of("key", "user", "project", "tenant")) {
            for (Map<String, Object> row : schema.query("SELECT " + kind + "_id AS id, SUM(COALESCE(cost, 0)) AS usd, "
                    + "COUNT(*) AS n FROM ditto_spend_log WHERE " + kind + "_id IS NOT NULL GROUP BY " + kind + "_id")) {
                logged.put(kind + ":" + row.get("id"), amount(row.get("usd")) + " / " + row.get("n"));
            }
        }
        assertThat(ledger).containsKey("key:master").isEqualTo(logged);
    }

    private static String amount(Object value) {
        return ((BigDecimal) value).stripTrailingZeros().toPlainString();
    }

    private static void closeQuietly(HttpResponse<InputStream> response) {
        try {
            response.body().close();
        } catch (IOException e) {
            // The gateway is dead: its streams end however they end.
        }
    }
}
