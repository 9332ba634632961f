package dev.ditto.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ditto.control.RequestRecord;
import dev.ditto.testing.FakeUpstream;
import dev.ditto.testing.GatewayServer;
import dev.ditto.testing.RedisKeys;
import dev.ditto.testing.Reply;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import redis.clients.jedis.JedisPooled;

/**
 * Issue 6's multi-instance test: three gateways, each with its own HTTP server and Redis client,
 * share one Redis. Requests are sent to all three at once, and the limits hold between them
 * exactly: 300 concurrent requests against an rpm of 100 admit exactly 100; a $1.00 budget with
 * requests of about a cent is never exceeded by what is committed; two route groups do not
 * consume each other's quota. Assertions are on counts and amounts only, never on durations.
 */
@EnabledIfEnvironmentVariable(named = "DITTO_REDIS_URL", matches = ".+")
class MultiReplicaLimitsIT {

    private static final String REDIS_URL = System.getenv("DITTO_REDIS_URL");
    private static final String MASTER_KEY = "sk-master-replicas";
    private static final String ECHO = "{\"model\":\"ditto/echo\",\"max_tokens\":10,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    /** The gateways' one client: HTTP/1.1 so that every request in flight has a connection of its own. */
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30)).build();

    private final String prefix = "ditto-it:" + UUID.randomUUID() + ":";
    private final List<GatewayServer> gateways = new ArrayList<>();

    @AfterEach
    void stopAndDeleteKeys() throws Exception {
        for (GatewayServer gateway : gateways) {
            gateway.close();
        }
        RedisKeys.delete(REDIS_URL, prefix);
    }

    private void startThree(String config) throws Exception {
        for (int i = 0; i < 3; i++) {
            gateways.add(GatewayServer.start(config, Map.of("REDIS_URL", REDIS_URL)));
        }
    }

    @Test
    void threeHundredConcurrentRequestsAgainstRpm100AdmitExactly100AndRouteGroupsStayApart() throws Exception {
        startThree("""
                model_list:
                  - {model_name: ditto/echo, litellm_params: {model: ditto/echo}}
                general_settings: {master_key: %s}
                ditto:
                  limits:
                    redis_key_prefix: "%s"
                    route_groups:
                      chat: [/v1/chat/completions]
                      messages: [/v1/messages]
                    key:
                      route_groups:
                        chat: {rpm_limit: 100}
                        messages: {rpm_limit: 20}
                """.formatted(MASTER_KEY, prefix));
        awaitEarlyInAMinute();

        Map<Integer, Long> chat = statuses(sendToAll("/v1/chat/completions", 300));
        Map<Integer, Long> messages = statuses(sendToAll("/v1/messages", 60));

        assertThat(chat).as("exactly the limit, counted across the three replicas")
                .containsExactlyInAnyOrderEntriesOf(Map.of(200, 100L, 429, 200L));
        assertThat(messages).as("the chat group's exhausted quota is not the messages group's")
                .containsExactlyInAnyOrderEntriesOf(Map.of(200, 20L, 429, 40L));
    }

    @Test
    void aOneDollarBudgetIsNeverExceededByRequestsOfAboutACent() throws Exception {
        try (FakeUpstream upstream = FakeUpstream.start();
                JedisPooled redis = new JedisPooled(URI.create(REDIS_URL))) {
            // The fixture's 16 + 363 tokens at $20 per million: $0.00758 a request; its worst case,
            // with max_tokens 500, is about $0.0102.
            upstream.on("POST", "/v1/chat/completions").defaultReply(Reply.fixture("openai-chat/openai-text.json"));
            startThree("""
                    model_list:
                      - model_name: gpt
                        litellm_params: {model: openai/gpt-4.1-nano, api_base: "%s/v1", api_key: sk-test}
                        model_info: {id: nano, input_cost_per_token: 0.00002, output_cost_per_token: 0.00002}
                    router_settings: {num_retries: 0}
                    general_settings: {master_key: %s}
                    ditto:
                      limits:
                        redis_key_prefix: "%s"
                        key: {max_budget: 1.00}
                    """.formatted(upstream.baseUri(), MASTER_KEY, prefix));

            List<HttpResponse<String>> answers = send(200, i -> gateways.get(i % 3).uri("/v1/chat/completions"),
                    "{\"model\":\"gpt\",\"max_tokens\":500,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            Map<Integer, Long> statuses = statuses(answers);
            long admitted = statuses.getOrDefault(200, 0L);
            BigDecimal charged = BigDecimal.ZERO;
            for (GatewayServer gateway : gateways) {
                for (RequestRecord record : gateway.awaitRecords(countOk(answers, gateway), Duration.ofSeconds(60))) {
                    charged = charged.add(record.cost() == null ? BigDecimal.ZERO : record.cost());
                }
            }
            String ledger = RedisKeys.under(redis, prefix).stream().filter(key -> key.contains(":bud:")).findFirst()
                    .orElseThrow();
            BigDecimal spent = new BigDecimal(redis.hget(ledger, "spent")).movePointLeft(9);

            assertThat(statuses.keySet()).as("answers: %s", statuses).containsOnly(200, 429);
            assertThat(statuses.get(429)).as("the budget ran out").isPositive();
            assertThat(admitted).as("about a hundred requests fit").isBetween(90L, 131L);
            assertThat(charged).isEqualByComparingTo(new BigDecimal("0.00758").multiply(BigDecimal.valueOf(admitted)));
            assertThat(spent).as("the shared ledger holds what was charged").isEqualByComparingTo(charged);
            assertThat(spent).as("never more than the budget").isLessThanOrEqualTo(new BigDecimal("1.00"));
            assertThat(redis.hget(ledger, "reserved")).as("nothing stays reserved").isIn(null, "0");
            assertThat(upstream.requests()).as("no refused request reached the upstream").hasSize((int) admitted);
        }
    }

    /** How many of the answers came from this gateway with 200 (the request id says which). */
    private static int countOk(List<HttpResponse<String>> answers, GatewayServer gateway) {
        return (int) answers.stream().filter(answer -> answer.statusCode() == 200)
                .filter(answer -> answer.uri().getPort() == gateway.baseUri().getPort()).count();
    }

    private List<HttpResponse<String>> sendToAll(String path, int n) throws Exception {
        return send(n, i -> gateways.get(i % 3).uri(path), ECHO);
    }

    /** Sends n requests at once, the i-th to {@code target.apply(i)}, and waits for every answer. */
    private static List<HttpResponse<String>> send(int n, java.util.function.IntFunction<URI> target, String body)
            throws Exception {
        List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            pending.add(CLIENT.sendAsync(HttpRequest.newBuilder(target.apply(i)).timeout(Duration.ofMinutes(3))
                    .header("Authorization", "Bearer " + MASTER_KEY).header("Content-Type", "application/json")
                    .header("anthropic-version", "2023-06-01")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        List<HttpResponse<String>> answers = new ArrayList<>(n);
        for (CompletableFuture<HttpResponse<String>> answer : pending) {
            answers.add(answer.get());
        }
        return answers;
    }

    private static Map<Integer, Long> statuses(List<HttpResponse<String>> answers) {
        return answers.stream().collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));
    }

    /**
     * The sliding window counts per wall-clock minute, weighing the previous one: requests that
     * straddle a minute's end may be admitted a little past the limit there. Starting in the
     * first half of a minute leaves at least 30 seconds for the run, whatever the machine's load.
     */
    private static void awaitEarlyInAMinute() throws InterruptedException {
        int second = Instant.now().atZone(ZoneOffset.UTC).getSecond();
        if (second >= 30) {
            Thread.sleep((61 - second) * 1000L);
        }
    }
}
