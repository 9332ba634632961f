package dev.ditto.ops.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.testing.Exchange;
import dev.ditto.testing.FakeUpstream;
import dev.ditto.testing.Fixtures;
import dev.ditto.testing.GatewayServer;
import dev.ditto.testing.PrometheusText;
import dev.ditto.testing.Reply;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What /metrics shows after real requests through the gateway to a fake upstream: request,
 * token, latency, error, cooldown, fallback and stream meters with bounded labels, LiteLLM's
 * names only when asked for, and never an API key.
 */
class GatewayMetricsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MASTER_KEY = "sk-master-metrics-0123";
    private static final String CHAT = "{\"model\":\"%s\",%s\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private FakeUpstream upstream;
    private GatewayServer gateway;

    @BeforeEach
    void startUpstream() {
        upstream = FakeUpstream.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        upstream.close();
    }

    private void start(String metricsSettings) throws Exception {
        gateway = GatewayServer.start("""
                model_list:
                  - model_name: gpt
                    litellm_params: {model: openai/gpt-4.1-nano, api_base: "%1$s/primary/v1", api_key: sk-provider-primary}
                    model_info: {id: primary}
                  - model_name: backup
                    litellm_params: {model: openai/gpt-4.1-mini, api_base: "%1$s/backup/v1", api_key: sk-provider-backup}
                    model_info: {id: backup}
                router_settings: {num_retries: 1, allowed_fails: 5, cooldown_time: 600}
                litellm_settings:
                  fallbacks: [{"gpt": ["backup"]}]
                general_settings: {master_key: %2$s}
                ditto: {metrics: %3$s}
                """.formatted(upstream.baseUri(), MASTER_KEY, metricsSettings));
    }

    /** Sends a chat request and waits until it is settled and recorded. */
    private HttpResponse<String> chat(String model, String extra) throws Exception {
        String requestId = UUID.randomUUID().toString();
        HttpResponse<String> response = gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + MASTER_KEY)
                .header("x-request-id", requestId)
                .POST(HttpRequest.BodyPublishers.ofString(CHAT.formatted(model, extra))).build());
        gateway.awaitRecord(requestId);
        return response;
    }

    private String scrapeText() throws Exception {
        HttpResponse<String> response = gateway.send(HttpRequest.newBuilder(gateway.uri("/metrics"))
                .header("Authorization", "Bearer " + MASTER_KEY).build());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private PrometheusText scrape() throws Exception {
        return PrometheusText.parse(scrapeText());
    }

    @Test
    void countsARequestWithItsLabelsAndTheUpstreamsTokens() throws Exception {
        start("{}");
        upstream.on("POST", "/primary/v1/chat/completions").enqueue(Reply.fixture("openai-chat/openai-text.json"));
        JsonNode usage = JSON.readTree(Fixtures.text("openai-chat/openai-text.json")).path("usage");

        assertThat(chat("gpt", "").statusCode()).isEqualTo(200);

        PrometheusText metrics = scrape();
        Map<String, String> where = Map.of("route", "/v1/chat/completions", "model", "gpt", "deployment", "primary");
        assertThat(metrics.samples("ditto_requests_total", where)).singleElement().satisfies(sample -> {
            assertThat(sample.labels()).containsEntry("outcome", "ok").containsEntry("status", "200")
                    .doesNotContainKeys("key_id", "key_alias");
            assertThat(sample.value()).isEqualTo(1.0);
        });
        assertThat(metrics.value("ditto_tokens_total", Map.of("direction", "input", "deployment", "primary")))
                .hasValue(usage.path("prompt_tokens").asDouble());
        assertThat(metrics.value("ditto_tokens_total", Map.of("direction", "output", "deployment", "primary")))
                .hasValue(usage.path("completion_tokens").asDouble());
        assertThat(metrics.value("ditto_request_duration_seconds_count", Map.of("outcome", "ok", "model", "gpt")))
                .hasValue(1.0);
        assertThat(metrics.value("ditto_request_duration_seconds_bucket", Map.of("outcome", "ok", "le", "+Inf")))
                .hasValue(1.0);
        assertThat(metrics.value("ditto_overhead_duration_seconds_count", Map.of("deployment", "primary")))
                .hasValue(1.0);
        assertThat(metrics.value("ditto_deployment_state", Map.of("deployment", "primary"))).hasValue(0.0);
        assertThat(metrics.hasNameStartingWith("litellm_")).isFalse();
    }

    @Test
    void countsUpstreamErrorsByClassAndTheFallbackThatAnswered() throws Exception {
        start("{}");
        upstream.on("POST", "/primary/v1/chat/completions").defaultReply(
                Reply.json(500, "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}"));
        upstream.on("POST", "/backup/v1/chat/completions").enqueue(Reply.fixture("openai-chat/openai-text.json"));

        assertThat(chat("gpt", "").statusCode()).isEqualTo(200);

        PrometheusText metrics = scrape();
        assertThat(metrics.value("ditto_upstream_errors_total", Map.of("deployment", "primary", "class", "server_error")))
                .hasValue(2.0);
        assertThat(metrics.value("ditto_fallbacks_total", Map.of("from_model", "gpt", "to_model", "backup")))
                .hasValue(1.0);
        assertThat(metrics.value("ditto_requests_total", Map.of("model", "gpt", "deployment", "backup", "outcome", "ok")))
                .hasValue(1.0);
        assertThat(metrics.value("ditto_overhead_duration_seconds_count", Map.of("deployment", "backup")))
                .hasValue(1.0);
    }

    @Test
    void aRateLimitedDeploymentOpensItsCooldown() throws Exception {
        start("{}");
        upstream.on("POST", "/primary/v1/chat/completions").defaultReply(Reply.json(429,
                "{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit_error\"}}"));
        upstream.on("POST", "/backup/v1/chat/completions").enqueue(Reply.fixture("openai-chat/openai-text.json"));

        chat("gpt", "");

        PrometheusText metrics = scrape();
        assertThat(metrics.value("ditto_upstream_errors_total", Map.of("deployment", "primary", "class", "rate_limited"))
                .orElseThrow()).isGreaterThanOrEqualTo(1.0);
        assertThat(metrics.value("ditto_cooldowns_total", Map.of("deployment", "primary")).orElseThrow())
                .isGreaterThanOrEqualTo(1.0);
        assertThat(metrics.value("ditto_cooldowns_total", Map.of("deployment", "backup"))).hasValue(0.0);
        assertThat(metrics.value("ditto_deployment_state", Map.of("deployment", "primary"))).hasValue(2.0);
    }

    @Test
    void anOpenStreamIsCountedUntilItEndsWithItsTimeToFirstToken() throws Exception {
        start("{}");
        CompletableFuture<Void> gate = new CompletableFuture<>();
        upstream.on("POST", "/primary/v1/chat/completions").enqueue(Reply.fixture("openai-chat/openai-text.chunks.txt")
                .toBuilder().gateBeforeEvent(3, gate).build());
        String requestId = UUID.randomUUID().toString();

        HttpResponse<InputStream> response = gateway.client().send(HttpRequest.newBuilder(gateway.uri("/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + MASTER_KEY)
                .header("x-request-id", requestId)
                .POST(HttpRequest.BodyPublishers.ofString(CHAT.formatted("gpt",
                        "\"stream\":true,\"stream_options\":{\"include_usage\":true},")))
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        Exchange exchange = upstream.awaitExchange(1, TIMEOUT);
        exchange.awaitEventsSent(3, TIMEOUT);
        assertThat(response.body().read()).isPositive();

        assertThat(scrape().value("ditto_open_streams", Map.of())).hasValue(1.0);

        gate.complete(null);
        try (InputStream body = response.body()) {
            body.readAllBytes();
        }
        gateway.awaitRecord(requestId);
        PrometheusText metrics = scrape();
        assertThat(metrics.value("ditto_open_streams", Map.of())).hasValue(0.0);
        assertThat(metrics.value("ditto_time_to_first_token_seconds_count", Map.of("model", "gpt"))).hasValue(1.0);
        assertThat(metrics.value("ditto_requests_total", Map.of("outcome", "ok", "deployment", "primary"))).hasValue(1.0);
    }

    @Test
    void aStreamWhoseClientLeavesIsNoLongerCountedAsOpen() throws Exception {
        start("{}");
        upstream.on("POST", "/primary/v1/chat/completions").enqueue(Reply.fixture("openai-chat/openai-text.chunks.txt")
                .toBuilder().gateBeforeEvent(3, new CompletableFuture<>()).build());
        String requestId = UUID.randomUUID().toString();

        HttpResponse<InputStream> response = gateway.client().send(HttpRequest.newBuilder(gateway.uri("/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + MASTER_KEY)
                .header("x-request-id", requestId)
                .POST(HttpRequest.BodyPublishers.ofString(CHAT.formatted("gpt", "\"stream\":true,")))
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        Exchange exchange = upstream.awaitExchange(1, TIMEOUT);
        exchange.awaitEventsSent(3, TIMEOUT);
        assertThat(response.body().read()).isPositive();
        assertThat(scrape().value("ditto_open_streams", Map.of())).hasValue(1.0);

        response.body().close();
        exchange.awaitClientDisconnect(TIMEOUT);
        gateway.awaitRecord(requestId);

        PrometheusText metrics = scrape();
        assertThat(metrics.value("ditto_open_streams", Map.of())).hasValue(0.0);
        assertThat(metrics.value("ditto_requests_total", Map.of("outcome", "client_gone", "status", "499")))
                .hasValue(1.0);
    }

    @Test
    void emitsLiteLlmNamesWithTheirLabelsWhenAskedTo() throws Exception {
        start("{litellm_names: true}");
        upstream.on("POST", "/primary/v1/chat/completions").enqueue(Reply.fixture("openai-chat/openai-text.json"));
        JsonNode usage = JSON.readTree(Fixtures.text("openai-chat/openai-text.json")).path("usage");

        chat("gpt", "");

        PrometheusText metrics = scrape();
        Map<String, String> model = Map.of("model", "gpt-4.1-nano", "model_id", "primary");
        assertThat(metrics.value("litellm_requests_metric_total", model)).hasValue(1.0);
        assertThat(metrics.value("litellm_input_tokens_metric_total", Map.of("requested_model", "gpt")))
                .hasValue(usage.path("prompt_tokens").asDouble());
        assertThat(metrics.value("litellm_output_tokens_metric_total", model))
                .hasValue(usage.path("completion_tokens").asDouble());
        assertThat(metrics.value("litellm_total_tokens_metric_total", model))
                .hasValue(usage.path("total_tokens").asDouble());
        assertThat(metrics.value("litellm_proxy_total_requests_metric_total",
                Map.of("requested_model", "gpt", "status_code", "200", "route", "/v1/chat/completions"))).hasValue(1.0);
        assertThat(metrics.value("litellm_request_total_latency_metric_count", model)).hasValue(1.0);
        assertThat(metrics.value("litellm_request_total_latency_metric_bucket", Map.of("le", "0.00625")))
                .as("LiteLLM's own bucket bounds").isPresent();
        assertThat(metrics.value("litellm_llm_api_latency_metric_count", model)).hasValue(1.0);
        assertThat(metrics.value("litellm_overhead_latency_metric_count", Map.of("model_group", "gpt",
                "litellm_model_name", "openai/gpt-4.1-nano", "api_provider", "openai"))).hasValue(1.0);
        assertThat(metrics.value("litellm_deployment_success_responses_total", Map.of("model_id", "primary")))
                .hasValue(1.0);
        assertThat(metrics.value("litellm_deployment_state", Map.of("model_id", "backup",
                "api_base", upstream.baseUri() + "/backup/v1"))).hasValue(0.0);
        assertThat(metrics.samples("litellm_requests_metric_total", Map.of()))
                .allSatisfy(sample -> assertThat(sample.labels()).doesNotContainKey("hashed_api_key"));
        assertThat(metrics.value("ditto_requests_total", Map.of("outcome", "ok"))).as("Ditto's names stay").hasValue(1.0);
    }

    @Test
    void keyLabelsShowTheKeyIdAndAliasAndNoLabelEverHoldsAKey() throws Exception {
        start("{litellm_names: true, key_labels: true}");
        upstream.on("POST", "/primary/v1/chat/completions").defaultReply(Reply.json(401,
                "{\"error\":{\"message\":\"Incorrect API key provided: sk-provider-primary\",\"type\":\"invalid_request_error\"}}"));
        upstream.on("POST", "/backup/v1/chat/completions").enqueue(Reply.fixture("openai-chat/openai-text.json"));

        chat("gpt", "");

        String text = scrapeText();
        PrometheusText metrics = PrometheusText.parse(text);
        assertThat(metrics.samples("ditto_requests_total", Map.of())).singleElement().satisfies(sample ->
                assertThat(sample.labels()).containsEntry("key_id", "master").containsEntry("key_alias", "master key"));
        assertThat(metrics.value("litellm_requests_metric_total", Map.of("hashed_api_key", "master"))).hasValue(1.0);
        assertThat(metrics.samples()).allSatisfy(sample -> assertThat(sample.labels().values())
                .noneMatch(value -> value.contains(MASTER_KEY) || value.contains("sk-provider")));
        assertThat(text).doesNotContain(MASTER_KEY).doesNotContain("sk-provider");
    }
}
