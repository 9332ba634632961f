package dev.ditto.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.control.RequestRecord;
import dev.ditto.ops.jmx.GatewayMXBean;
import dev.ditto.ops.jmx.MBeans;
import dev.ditto.testing.AuditFiles;
import dev.ditto.testing.Exchange;
import dev.ditto.testing.FakeUpstream;
import dev.ditto.testing.GatewayServer;
import dev.ditto.testing.PrometheusText;
import dev.ditto.testing.Reply;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.management.JMX;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reloading the configuration of a running gateway from its file, over real HTTP: models come
 * and go for new requests while a stream in flight finishes on the deployment and price it
 * started with; cooldowns of deployments that stay survive; prices, metrics labels and
 * {@code /admin/deployments} follow; an invalid file changes nothing and says why; settings that
 * need a restart are named; only a global admin that may write can reload; JMX reloads too; and
 * every attempt is in the audit log.
 */
class AdminConfigResourceTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MASTER_KEY = "sk-master-reload-0123";
    private static final String CHAT = "{\"model\":\"%s\",%s\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @TempDir
    Path dir;
    private Path configFile;
    private FakeUpstream upstream;
    private GatewayServer gateway;

    @BeforeEach
    void start() throws Exception {
        upstream = FakeUpstream.start();
        configFile = dir.resolve("config.yaml");
        write(config(models(deployment("gpt", "primary", "primary", "0.000001")), ""));
        gateway = GatewayServer.start(configFile, Map.of());
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
        upstream.close();
    }

    private static String deployment(String modelName, String id, String path, String inputCost) {
        return """
                  - model_name: %s
                    litellm_params: {model: openai/gpt-4.1-nano, api_base: "{upstream}/%s/v1", api_key: sk-provider}
                    model_info: {id: %s, input_cost_per_token: %s, output_cost_per_token: 0.000002}
                """.formatted(modelName, path, id, inputCost);
    }

    private static String models(String... deployments) {
        return "model_list:\n" + String.join("", deployments);
    }

    private String config(String modelList, String extra) {
        return modelList.replace("{upstream}", upstream.baseUri().toString()) + """
                router_settings: {num_retries: 0, cooldown_time: 600}
                general_settings: {master_key: %s}
                """.formatted(MASTER_KEY) + extra;
    }

    private void write(String yaml) throws Exception {
        Files.writeString(configFile, yaml, StandardCharsets.UTF_8);
    }

    /** Writes the file and starts the gateway again from it, for settings that apply only at start. */
    private void restartWith(String yaml) throws Exception {
        write(yaml);
        gateway.close();
        gateway = GatewayServer.start(configFile, Map.of());
    }

    private HttpResponse<String> reload(String key) throws Exception {
        return gateway.send(HttpRequest.newBuilder(gateway.uri("/admin/config/reload"))
                .header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private JsonNode reloaded() throws Exception {
        HttpResponse<String> response = reload(MASTER_KEY);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> chat(String model, String requestId) throws Exception {
        HttpResponse<String> response = gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + MASTER_KEY)
                .header("x-request-id", requestId)
                .POST(HttpRequest.BodyPublishers.ofString(CHAT.formatted(model, ""))).build());
        return response;
    }

    private List<String> modelIds() throws Exception {
        HttpResponse<String> response = gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/models"))
                .header("Authorization", "Bearer " + MASTER_KEY).build());
        return JSON.readTree(response.body()).path("data").findValuesAsText("id");
    }

    private PrometheusText scrape() throws Exception {
        HttpResponse<String> response = gateway.send(HttpRequest.newBuilder(gateway.uri("/metrics"))
                .header("Authorization", "Bearer " + MASTER_KEY).build());
        return PrometheusText.parse(response.body());
    }

    @Test
    void newRequestsSeeTheReloadedModelsWhileAStreamInFlightFinishesAsItBegan() throws Exception {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        upstream.on("POST", "/primary/v1/chat/completions").enqueue(Reply.fixture("openai-chat/openai-text.chunks.txt")
                .toBuilder().gateBeforeEvent(3, gate).build());
        upstream.on("POST", "/second/v1/chat/completions").defaultReply(Reply.fixture("openai-chat/openai-text.json"));
        HttpResponse<InputStream> stream = gateway.client().send(HttpRequest.newBuilder(gateway.uri("/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + MASTER_KEY)
                .header("x-request-id", "held-stream")
                .POST(HttpRequest.BodyPublishers.ofString(CHAT.formatted("gpt",
                        "\"stream\":true,\"stream_options\":{\"include_usage\":true},")))
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        Exchange exchange = upstream.awaitExchange(1, TIMEOUT);
        exchange.awaitEventsSent(3, TIMEOUT);
        assertThat(stream.body().read()).isPositive();

        // gpt moves to another deployment at ten times the input price; "extra" is new.
        write(config(models(deployment("gpt", "second", "second", "0.00001"),
                deployment("extra", "extra-1", "second", "0.00001")), ""));
        JsonNode result = reloaded();

        assertThat(result.path("status").asText()).isEqualTo("reloaded");
        assertThat(result.path("source").asText()).contains(configFile.getFileName().toString());
        assertThat(result.path("models").asInt()).isEqualTo(2);
        assertThat(result.path("deployments").asInt()).isEqualTo(2);
        assertThat(texts(result.path("added"))).containsExactly("second", "extra-1");
        assertThat(texts(result.path("removed"))).containsExactly("primary");
        assertThat(texts(result.path("changed"))).isEmpty();
        assertThat(texts(result.path("restart_required"))).isEmpty();
        assertThat(modelIds()).containsExactlyInAnyOrder("gpt", "extra");

        HttpResponse<String> after = chat("gpt", "after-reload");
        assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
        assertThat(upstream.requests()).extracting(request -> request.path())
                .containsExactly("/primary/v1/chat/completions", "/second/v1/chat/completions");
        assertThat(chat("extra", "extra-reload").statusCode()).isEqualTo(200);
        RequestRecord moved = gateway.awaitRecord("after-reload");
        assertThat(moved.outcome().deploymentId()).isEqualTo("second");

        gate.complete(null);
        String body;
        try (InputStream in = stream.body()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(body).contains("data: [DONE]");
        RequestRecord held = gateway.awaitRecord("held-stream");
        assertThat(held.outcome().deploymentId()).as("the stream stays on the deployment it started on")
                .isEqualTo("primary");
        long input = held.outcome().usage().input().total();
        long output = held.outcome().usage().output().total();
        assertThat(held.cost()).as("priced at the prices it was admitted with")
                .isEqualByComparingTo(new BigDecimal("0.000001").multiply(BigDecimal.valueOf(input))
                        .add(new BigDecimal("0.000002").multiply(BigDecimal.valueOf(output))));
        long movedInput = moved.outcome().usage().input().total();
        long movedOutput = moved.outcome().usage().output().total();
        assertThat(moved.cost()).as("a request after the reload pays the new price")
                .isEqualByComparingTo(new BigDecimal("0.00001").multiply(BigDecimal.valueOf(movedInput))
                        .add(new BigDecimal("0.000002").multiply(BigDecimal.valueOf(movedOutput))));

        write(config(models(deployment("extra", "extra-1", "second", "0.00001")), ""));
        reloaded();
        HttpResponse<String> gone = chat("gpt", "gone");
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(gone.body()).path("error").path("code").asText()).isEqualTo("model_not_found");
    }

    @Test
    void aDeploymentThatStaysKeepsItsCooldownAndTheMetricsFollowTheModelList() throws Exception {
        upstream.on("POST", "/primary/v1/chat/completions").defaultReply(Reply.json(429,
                "{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit_error\"}}"));
        chat("gpt", "cooled");
        gateway.awaitRecord("cooled");
        assertThat(scrape().value("ditto_deployment_state", Map.of("deployment", "primary"))).hasValue(2.0);

        write(config(models(deployment("gpt", "primary", "primary", "0.000001"),
                deployment("extra", "extra-1", "second", "0.00001")), ""));
        JsonNode result = reloaded();

        assertThat(texts(result.path("added"))).containsExactly("extra-1");
        assertThat(texts(result.path("removed"))).isEmpty();
        JsonNode deployments = JSON.readTree(gateway.send(HttpRequest.newBuilder(gateway.uri("/admin/deployments"))
                .header("Authorization", "Bearer " + MASTER_KEY).build()).body()).path("data");
        assertThat(deployments.findValuesAsText("id")).containsExactly("primary", "extra-1");
        assertThat(deployments.get(0).path("state").asText()).as("the reload keeps the open breaker")
                .isEqualTo("cooling_down");
        PrometheusText metrics = scrape();
        assertThat(metrics.value("ditto_deployment_state", Map.of("deployment", "primary"))).hasValue(2.0);
        assertThat(metrics.value("ditto_deployment_state", Map.of("deployment", "extra-1"))).hasValue(0.0);
        assertThat(metrics.value("ditto_cooldowns_total", Map.of("deployment", "extra-1"))).hasValue(0.0);

        write(config(models(deployment("extra", "extra-1", "second", "0.00001")), ""));
        reloaded();

        metrics = scrape();
        assertThat(metrics.samples("ditto_deployment_state", Map.of("deployment", "primary")))
                .as("a removed deployment's series go").isEmpty();
        assertThat(metrics.samples("ditto_upstream_errors_total", Map.of("deployment", "primary"))).isEmpty();
        assertThat(metrics.samples("ditto_requests_total", Map.of("model", "gpt"))).isEmpty();
        assertThat(metrics.value("ditto_deployment_state", Map.of("deployment", "extra-1"))).hasValue(0.0);
        assertThat(metrics.value("ditto_config_reloads_total", Map.of("outcome", "ok"))).hasValue(2.0);
    }

    @Test
    void liteLlmsDeploymentGaugesFollowTheModelListToo() throws Exception {
        String litellm = "ditto: {metrics: {litellm_names: true}}\n";
        restartWith(config(models(deployment("gpt", "primary", "primary", "0.000001")), litellm));
        assertThat(scrape().samples("litellm_deployment_state", Map.of("model_id", "primary"))).hasSize(1);

        write(config(models(deployment("extra", "extra-1", "second", "0.00001")), litellm));
        reloaded();

        PrometheusText metrics = scrape();
        assertThat(metrics.samples("litellm_deployment_state", Map.of("model_id", "primary"))).isEmpty();
        assertThat(metrics.value("litellm_deployment_state", Map.of("model_id", "extra-1"))).hasValue(0.0);
        assertThat(metrics.samples("ditto_deployment_state", Map.of())).hasSize(1);
    }

    @Test
    void anInvalidConfigurationChangesNothingAndSaysWhy() throws Exception {
        upstream.on("POST", "/primary/v1/chat/completions").defaultReply(Reply.fixture("openai-chat/openai-text.json"));
        write(config(models(deployment("gpt", "primary", "primary", "0.000001"),
                "  - model_name: broken\n    litellm_params: {api_key: sk-x}\n"), ""));

        HttpResponse<String> response = reload(MASTER_KEY);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("code").asText()).isEqualTo("invalid_configuration");
        assertThat(error.path("message").asText()).contains("model_list[1].litellm_params.model")
                .contains("nothing changed");
        assertThat(modelIds()).containsExactly("gpt");
        assertThat(chat("gpt", "still-served").statusCode()).isEqualTo(200);
        assertThat(scrape().value("ditto_config_reloads_total", Map.of("outcome", "failed"))).hasValue(1.0);

        Files.delete(configFile);
        HttpResponse<String> missing = reload(MASTER_KEY);
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(missing.body()).path("error").path("message").asText())
                .contains("cannot read the configuration file");
        assertThat(modelIds()).containsExactly("gpt");

        List<JsonNode> audited = AuditFiles.awaitExported(gateway, MASTER_KEY, "system.config_reload", 2);
        assertThat(audited).allSatisfy(record -> {
            assertThat(record.path("actor").asText()).isEqualTo("master-key");
            assertThat(record.path("role").asText()).isEqualTo("global_admin");
            assertThat(record.path("request_id").asText()).isNotEmpty();
        });
        JsonNode details = JSON.readTree(audited.get(0).path("after").asText());
        assertThat(details.path("outcome").asText()).isEqualTo("failed");
        assertThat(details.path("via").asText()).isEqualTo("endpoint");
        assertThat(details.path("first_problem").asText()).contains("model_list[1].litellm_params.model");
    }

    @Test
    void settingsThatApplyAtStartAreNamedAndTheRestIsApplied() throws Exception {
        write(config(models(deployment("gpt", "primary", "primary", "0.000002")),
                "ditto:\n  limits: {cache_size: 77}\n  keys: {cache_size: 99}\n"));

        JsonNode result = reloaded();

        assertThat(result.path("status").asText()).isEqualTo("reloaded");
        assertThat(texts(result.path("changed"))).containsExactly("primary");
        assertThat(texts(result.path("restart_required"))).containsExactly("ditto.limits", "ditto.keys");

        write(config(models(deployment("gpt", "primary", "primary", "0.000002")),
                "ditto:\n  limits: {cache_size: 77}\n  keys: {cache_size: 99}\n"));
        JsonNode again = reloaded();
        assertThat(again.path("status").asText()).as("nothing a reload applies changed").isEqualTo("unchanged");
        assertThat(texts(again.path("restart_required"))).containsExactly("ditto.limits", "ditto.keys");

        List<JsonNode> audited = AuditFiles.awaitExported(gateway, MASTER_KEY, "system.config_reload", 2);
        JsonNode first = JSON.readTree(audited.get(0).path("after").asText());
        assertThat(first.path("outcome").asText()).isEqualTo("reloaded");
        assertThat(first.path("changed").asText()).isEqualTo("primary");
        assertThat(first.path("restart_required").asText()).isEqualTo("ditto.limits, ditto.keys");
        assertThat(audited.get(0).path("target_id").asText()).contains(configFile.getFileName().toString());
        assertThat(JSON.readTree(audited.get(1).path("after").asText()).path("outcome").asText()).isEqualTo("unchanged");
    }

    @Test
    void aRotatedProviderKeyIsUsedFromTheNextRequestOn() throws Exception {
        upstream.on("POST", "/primary/v1/chat/completions").defaultReply(Reply.fixture("openai-chat/openai-text.json"));
        assertThat(chat("gpt", "old-key").statusCode()).isEqualTo(200);
        write(config(models(deployment("gpt", "primary", "primary", "0.000001").replace("sk-provider", "sk-rotated")), ""));

        JsonNode result = reloaded();

        assertThat(texts(result.path("changed"))).containsExactly("primary");
        assertThat(chat("gpt", "new-key").statusCode()).isEqualTo(200);
        assertThat(upstream.requests()).extracting(request -> request.header("authorization").orElse(""))
                .containsExactly("Bearer sk-provider", "Bearer sk-rotated");
    }

    @Test
    void onlyAGlobalAdminThatMayWriteReloads() throws Exception {
        String tokens = """
                ditto:
                  admin:
                    tokens:
                      - {name: viewer, token: sk-viewer-0123456789abcdef0123456789abcdef, role: viewer}
                      - {name: tenant, token: sk-tenant-0123456789abcdef0123456789abcdef, role: tenant_admin, tenant_id: acme}
                """;
        restartWith(config(models(deployment("gpt", "primary", "primary", "0.000001")), tokens));
        write(config(models(deployment("gpt", "primary", "primary", "0.000001"),
                deployment("extra", "extra-1", "second", "0.00001")), tokens));

        assertThat(reload("sk-viewer-0123456789abcdef0123456789abcdef").statusCode()).isEqualTo(403);
        assertThat(reload("sk-tenant-0123456789abcdef0123456789abcdef").statusCode()).isEqualTo(403);
        assertThat(reload("sk-nobody").statusCode()).isEqualTo(401);
        assertThat(modelIds()).containsExactly("gpt");
        HttpResponse<String> described = gateway.send(HttpRequest.newBuilder(gateway.uri("/admin/config"))
                .header("Authorization", "Bearer sk-viewer-0123456789abcdef0123456789abcdef").build());
        assertThat(described.statusCode()).isEqualTo(200);
        assertThat(texts(JSON.readTree(described.body()).path("deployments"))).containsExactly("primary");

        assertThat(reloaded().path("status").asText()).isEqualTo("reloaded");
        assertThat(modelIds()).containsExactlyInAnyOrder("gpt", "extra");
    }

    @Test
    void aWatchedFileIsReloadedWhenItChangesAndABrokenOneIsReportedOnce() throws Exception {
        String watch = "ditto: {reload: {watch_interval: 1}}\n";
        restartWith(config(models(deployment("gpt", "primary", "primary", "0.000001")), watch));

        write(config(models(deployment("gpt", "primary", "primary", "0.000001"),
                deployment("extra", "extra-1", "second", "0.00001")), watch));
        awaitModels("gpt", "extra");

        write(config(models(deployment("gpt", "primary", "primary", "0.000001"),
                "  - model_name: broken\n    litellm_params: {api_key: sk-x}\n"), watch));
        List<JsonNode> failed = awaitOutcomes("failed", 1);
        // Three more looks at the same broken file: still one report, and the models in force stay.
        Thread.sleep(3_500);
        assertThat(awaitOutcomes("failed", 1)).hasSize(1);
        assertThat(failed.get(0).path("actor").asText()).isEqualTo("system");
        assertThat(JSON.readTree(failed.get(0).path("after").asText()).path("via").asText()).isEqualTo("watch");
        assertThat(modelIds()).containsExactlyInAnyOrder("gpt", "extra");

        write(config(models(deployment("gpt", "primary", "primary", "0.000001")), watch));
        awaitModels("gpt");
        assertThat(awaitOutcomes("reloaded", 2)).as("one reload per change, none while the file stays the same")
                .hasSize(2);
        assertThat(scrape().value("ditto_config_reloads_total", Map.of("outcome", "failed"))).hasValue(1.0);
    }

    private void awaitModels(String... expected) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!new java.util.HashSet<>(modelIds()).equals(java.util.Set.of(expected))) {
            assertThat(System.nanoTime()).as("models %s within %s", List.of(expected), TIMEOUT).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private List<JsonNode> awaitOutcomes(String outcome, int count) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            List<JsonNode> matching = new ArrayList<>();
            for (JsonNode record : AuditFiles.awaitExported(gateway, MASTER_KEY, "system.config_reload", 0)) {
                if (JSON.readTree(record.path("after").asText()).path("outcome").asText().equals(outcome)) {
                    matching.add(record);
                }
            }
            if (matching.size() >= count) {
                return matching;
            }
            assertThat(System.nanoTime()).as("%d %s reloads within %s", count, outcome, TIMEOUT).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @Test
    void theGatewayMBeanReloadsAndIsAudited() throws Exception {
        GatewayMXBean bean = JMX.newMXBeanProxy(ManagementFactory.getPlatformMBeanServer(),
                new ObjectName(MBeans.DOMAIN + ":type=Gateway,name=" + gateway.gateway().node().id()), GatewayMXBean.class);
        assertThat(bean.getModelCount()).isEqualTo(1);
        write(config(models(deployment("gpt", "primary", "primary", "0.000001"),
                deployment("extra", "extra-1", "second", "0.00001")), ""));

        assertThat(bean.reloadConfig()).startsWith("Reloaded from file ")
                .endsWith(": 2 models, 2 deployments (added 1, removed 0, changed 0)");
        assertThat(bean.getModelCount()).isEqualTo(2);

        write("model_list: [{model_name: x}]\n");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(bean::reloadConfig))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not reloaded");
        assertThat(bean.getModelCount()).isEqualTo(2);

        List<JsonNode> audited = AuditFiles.awaitExported(gateway, MASTER_KEY, "system.config_reload", 2);
        List<String> outcomes = new ArrayList<>();
        for (JsonNode record : audited) {
            assertThat(record.path("actor").asText()).isEqualTo("jmx");
            outcomes.add(JSON.readTree(record.path("after").asText()).path("outcome").asText());
        }
        assertThat(outcomes).containsExactly("reloaded", "failed");
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
