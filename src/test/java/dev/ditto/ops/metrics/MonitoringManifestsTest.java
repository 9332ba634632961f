package dev.ditto.ops.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ditto.testing.GatewayServer;
import dev.ditto.testing.FakeUpstream;
import dev.ditto.testing.PrometheusText;
import dev.ditto.testing.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every metric that an alert rule (deploy/prometheus) or a dashboard panel (deploy/grafana) uses
 * exists in a real {@code /metrics} scrape of a running gateway, after the traffic that makes
 * each meter appear: a fallback after upstream errors, a stream, a priced request, a refused
 * admission and a failed Redis ping. A renamed meter, or a rule that names one that never
 * existed, fails here instead of silently never firing.
 */
class MonitoringManifestsTest {

    private static final Path RULES = Path.of("deploy/prometheus/ditto-rules.yaml");
    private static final Path DASHBOARD = Path.of("deploy/grafana/ditto-dashboard.json");
    private static final String MASTER_KEY = "sk-master-monitoring-0123";
    private static final String CHAT = "{\"model\":\"gpt\",%s\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    /** The prefixes of what the gateway exports; PromQL functions and label names have none of them. */
    private static final Pattern METRIC = Pattern.compile(
            "(?<![\\w:])((?:ditto|litellm|jvm|process|system)_[A-Za-z0-9_]+)(?![\\w:(])");
    private static final Pattern RECORDED = Pattern.compile("(?<![\\w:])(ditto:[A-Za-z0-9_:]+)");

    private static FakeUpstream upstream;
    private static GatewayServer gateway;
    private static GatewayServer redisDown;
    private static Set<String> scraped;

    @BeforeAll
    static void scrapeAfterTraffic() throws Exception {
        upstream = FakeUpstream.start();
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        // Traffic: limits in memory, so the third request is refused by the key's rpm limit.
        gateway = GatewayServer.start("""
                model_list:
                  - model_name: gpt
                    litellm_params: {model: openai/gpt-4.1-nano, api_base: "%1$s/primary/v1", api_key: sk-provider-primary}
                    model_info: {id: primary}
                  - model_name: backup
                    litellm_params: {model: openai/gpt-4.1-mini, api_base: "%1$s/backup/v1", api_key: sk-provider-backup}
                    model_info: {id: backup}
                router_settings: {num_retries: 0, allowed_fails: 0, cooldown_time: 600}
                litellm_settings:
                  fallbacks: [{"gpt": ["backup"]}]
                general_settings: {master_key: %2$s}
                ditto: {limits: {key: {rpm_limit: 2}}}
                """.formatted(upstream.baseUri(), MASTER_KEY));
        // Redis: a second gateway whose Redis does not answer (a closed port).
        redisDown = GatewayServer.start("""
                model_list:
                  - model_name: gpt
                    litellm_params: {model: openai/gpt-4.1-nano, api_base: "%1$s/primary/v1", api_key: sk-provider-primary}
                router_settings: {redis_host: 127.0.0.1, redis_port: %3$d}
                general_settings: {master_key: %2$s}
                """.formatted(upstream.baseUri(), MASTER_KEY, closedPort));
        upstream.on("POST", "/primary/v1/chat/completions").defaultReply(
                Reply.json(500, "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}"));
        upstream.on("POST", "/backup/v1/chat/completions").enqueue(Reply.fixture("openai-chat/openai-text.json"));
        upstream.on("POST", "/backup/v1/chat/completions").enqueue(Reply.fixture("openai-chat/openai-text.chunks.txt"));

        assertThat(chat("", true)).isEqualTo(200);
        assertThat(chat("\"stream\":true,\"stream_options\":{\"include_usage\":true},", true)).isEqualTo(200);
        // Refused before any upstream call: nothing is settled, so there is no record to wait for.
        assertThat(chat("", false)).as("refused by the rpm limit").isEqualTo(429);
        // The readiness ping to the closed port fails and is counted.
        assertThat(redisDown.get("/health/readiness").statusCode()).isEqualTo(503);

        scraped = new TreeSet<>();
        scraped.addAll(scrape(gateway));
        scraped.addAll(scrape(redisDown));
    }

    private static Set<String> scrape(GatewayServer server) throws Exception {
        HttpResponse<String> metrics = server.send(HttpRequest.newBuilder(server.uri("/metrics"))
                .header("Authorization", "Bearer " + MASTER_KEY).build());
        assertThat(metrics.statusCode()).isEqualTo(200);
        Set<String> names = new TreeSet<>();
        PrometheusText.parse(metrics.body()).samples().forEach(sample -> names.add(sample.name()));
        return names;
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (redisDown != null) {
            redisDown.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    private static int chat(String extra, boolean settled) throws Exception {
        String requestId = UUID.randomUUID().toString();
        HttpResponse<InputStream> response = gateway.client().send(
                HttpRequest.newBuilder(gateway.uri("/v1/chat/completions"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + MASTER_KEY)
                        .header("x-request-id", requestId)
                        .POST(HttpRequest.BodyPublishers.ofString(CHAT.formatted(extra))).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            body.readAllBytes();
        }
        if (settled) {
            gateway.awaitRecord(requestId);
        }
        return response.statusCode();
    }

    @Test
    void everyMetricAnAlertRuleUsesIsExported() throws IOException {
        List<String> expressions = ruleExpressions();
        assertThat(expressions).as("rules in " + RULES).hasSizeGreaterThanOrEqualTo(6);

        assertThat(metricsIn(expressions)).isNotEmpty().allSatisfy(name ->
                assertThat(scraped).as("%s uses %s", RULES, name).contains(name));
    }

    @Test
    void theAlertsCoverTheOperationsSlos() throws IOException {
        Set<String> used = metricsIn(ruleExpressions());

        assertThat(used).contains("ditto_requests_total", "ditto_overhead_duration_seconds_bucket",
                "ditto_budget_soft_alerts_total", "ditto_redis_failures_total", "ditto_cooldowns_total",
                "ditto_write_behind_lag_seconds");
    }

    @Test
    void everyRecordedSeriesARuleUsesIsRecorded() throws IOException {
        JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(RULES.toFile());
        Set<String> recorded = new TreeSet<>();
        Set<String> used = new TreeSet<>();
        for (JsonNode group : rules.path("spec").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (rule.has("record")) {
                    recorded.add(rule.path("record").asText());
                }
                Matcher matcher = RECORDED.matcher(rule.path("expr").asText());
                while (matcher.find()) {
                    used.add(matcher.group(1));
                }
            }
        }

        assertThat(recorded).containsAll(used);
    }

    @Test
    void everyMetricADashboardPanelUsesIsExported() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(panel.path("targets")).as("panel %s has no query", panel.path("title")).isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                assertThat(metricsIn(List.of(expr))).as("panel %s: no metric in %s", panel.path("title"), expr)
                        .isNotEmpty();
                expressions.add(expr);
            }
        }
        assertThat(expressions).hasSizeGreaterThanOrEqualTo(15);

        assertThat(metricsIn(expressions)).allSatisfy(name ->
                assertThat(scraped).as("%s uses %s", DASHBOARD, name).contains(name));
    }

    @Test
    void theScrapeIsCheckedAgainstRealNames() {
        // Guards the check itself: a misspelt name is not in the scrape, a real one is.
        assertThat(scraped).contains("ditto_requests_total", "ditto_write_behind_lag_seconds")
                .doesNotContain("ditto_write_behind_lag_secs", "ditto_request_total");
        assertThat(metricsIn(List.of("sum by (le) (rate(ditto_x_bucket{le=\"1\"}[5m])) / ditto:y:rate5m")))
                .containsExactly("ditto_x_bucket");
    }

    private static List<String> ruleExpressions() throws IOException {
        assertThat(Files.exists(RULES)).as(RULES.toString()).isTrue();
        JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(RULES.toFile());
        List<String> expressions = new ArrayList<>();
        for (JsonNode group : rules.path("spec").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                expressions.add(rule.path("expr").asText());
            }
        }
        return expressions;
    }

    private static Set<String> metricsIn(List<String> expressions) {
        Set<String> names = new TreeSet<>();
        for (String expression : expressions) {
            Matcher matcher = METRIC.matcher(expression);
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
        }
        return names;
    }
}
