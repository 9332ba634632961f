package dev.ditto.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.testing.GatewayProcess;
import dev.ditto.testing.PrometheusText;
import dev.ditto.testing.RedisServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6's outage test: Redis stopped mid-run. A Redis of the test's own (a {@code redis-server}
 * on a free port, never the shared one) serves two gateways, each in a process of its own: one
 * configured {@code fail_closed}, one {@code fail_open}. Once Redis is killed, the first answers
 * 503 {@code limits_unavailable} in each route's error shape and the second keeps serving; both
 * count it in {@code ditto_admission_store_unavailable_total} by policy and log it once, and both
 * log the recovery when Redis is back. Runs where the Redis ITs run ({@code DITTO_REDIS_URL} set,
 * which {@code .ci/run} guarantees comes with {@code redis-server} on the PATH).
 */
@EnabledIfEnvironmentVariable(named = "DITTO_REDIS_URL", matches = ".+")
class RedisOutageIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MASTER_KEY = "sk-master-outage";
    private static final String CHAT = "{\"model\":\"ditto/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String MESSAGES = "{\"model\":\"ditto/echo\",\"max_tokens\":10,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final Duration LOG_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private static String config(String policy) {
        return """
                model_list:
                  - {model_name: ditto/echo, litellm_params: {model: ditto/echo}}
                general_settings: {master_key: %s}
                ditto:
                  limits:
                    on_store_failure: %s
                    key: {rpm_limit: 1000}
                """.formatted(MASTER_KEY, policy);
    }

    @Test
    void failClosedAnswers503AndFailOpenKeepsServingWhileRedisIsDownAndBothSaySo() throws Exception {
        try (RedisServer redis = RedisServer.start(dir);
                GatewayProcess closed = GatewayProcess.start(dir.resolve("closed"), config("fail_closed"),
                        Map.of("REDIS_URL", redis.url()));
                GatewayProcess open = GatewayProcess.start(dir.resolve("open"), config("fail_open"),
                        Map.of("REDIS_URL", redis.url()))) {
            for (GatewayProcess gateway : new GatewayProcess[] {closed, open}) {
                assertThat(post(gateway, "/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);
                assertThat(post(gateway, "/v1/messages", MESSAGES).statusCode()).isEqualTo(200);
            }

            redis.kill();
            HttpResponse<String> closedChat = post(closed, "/v1/chat/completions", CHAT);
            HttpResponse<String> closedMessages = post(closed, "/v1/messages", MESSAGES);
            HttpResponse<String> openChat = post(open, "/v1/chat/completions", CHAT);
            HttpResponse<String> openMessages = post(open, "/v1/messages", MESSAGES);

            assertThat(closedChat.statusCode()).isEqualTo(503);
            assertThat(closedChat.headers().firstValue("retry-after")).contains("1");
            JsonNode openAi = JSON.readTree(closedChat.body());
            assertThat(openAi.at("/error/code").asText()).isEqualTo("limits_unavailable");
            assertThat(openAi.at("/error/type").asText()).isEqualTo("server_error");
            assertThat(closedMessages.statusCode()).isEqualTo(503);
            JsonNode anthropic = JSON.readTree(closedMessages.body());
            assertThat(anthropic.path("type").asText()).isEqualTo("error");
            assertThat(anthropic.at("/error/type").asText()).isEqualTo("api_error");
            assertThat(openChat.statusCode()).as("fail_open keeps serving").isEqualTo(200);
            assertThat(openMessages.statusCode()).isEqualTo(200);

            PrometheusText closedMetrics = scrape(closed);
            PrometheusText openMetrics = scrape(open);
            assertThat(closedMetrics.value("ditto_admission_store_unavailable_total", Map.of("policy", "fail_closed")))
                    .hasValue(2.0);
            assertThat(closedMetrics.value("ditto_admission_store_unavailable_total", Map.of("policy", "fail_open")))
                    .hasValue(0.0);
            assertThat(closedMetrics.value("ditto_admission_rejections_total", Map.of("reason", "limits_unavailable")))
                    .hasValue(2.0);
            assertThat(closedMetrics.value("ditto_admission_admitted_total", Map.of())).hasValue(2.0);
            assertThat(closedMetrics.value("ditto_redis_failures_total", Map.of("command", "quota_admit")))
                    .hasValue(2.0);
            assertThat(closedMetrics.value("ditto_redis_command_duration_seconds_count", Map.of("command", "quota_admit")))
                    .as("two admitted, two failed").hasValue(4.0);
            assertThat(openMetrics.value("ditto_admission_store_unavailable_total", Map.of("policy", "fail_open")))
                    .hasValue(2.0);
            assertThat(openMetrics.value("ditto_admission_admitted_total", Map.of()))
                    .as("passed unchecked, not admitted against a per-replica count").hasValue(2.0);
            assertThat(closed.awaitOutput("event=limits_store_unavailable policy=fail_closed", LOG_TIMEOUT))
                    .containsOnlyOnce("event=limits_store_unavailable");
            assertThat(open.awaitOutput("event=limits_store_unavailable policy=fail_open", LOG_TIMEOUT))
                    .containsOnlyOnce("event=limits_store_unavailable");

            redis.restart();
            for (GatewayProcess gateway : new GatewayProcess[] {closed, open}) {
                assertThat(post(gateway, "/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);
                gateway.awaitOutput("event=limits_store_recovered", LOG_TIMEOUT);
                assertThat(scrape(gateway).value("ditto_admission_admitted_total", Map.of())).hasValue(3.0);
            }
        }
    }

    private static HttpResponse<String> post(GatewayProcess gateway, String path, String body) throws Exception {
        return gateway.client().send(HttpRequest.newBuilder(gateway.uri(path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + MASTER_KEY).header("Content-Type", "application/json")
                .header("anthropic-version", "2023-06-01")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static PrometheusText scrape(GatewayProcess gateway) throws Exception {
        HttpResponse<String> response = gateway.client().send(HttpRequest.newBuilder(gateway.uri("/metrics"))
                .header("Authorization", "Bearer " + MASTER_KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return PrometheusText.parse(response.body());
    }
}
