package dev.ditto.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ditto.control.limits.GovernedAdmission;
import dev.ditto.gateway.routing.DeploymentStats;
import dev.ditto.testing.FakeUpstream;
import dev.ditto.testing.GatewayServer;
import dev.ditto.testing.Reply;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reloads while requests (whole and streamed, under a budget and a parallel limit) run without
 * pause: every request succeeds, each settles once, and when the traffic stops nothing is left
 * reserved or counted as in flight on any deployment, old or new.
 */
class ReloadUnderLoadTest {

    private static final String MASTER_KEY = "sk-master-reload-load-0123";
    /** Requests each client sends; the reloads go on until the last client is done. */
    private static final int REQUESTS_PER_CLIENT = 25;

    @TempDir
    Path dir;
    private Path configFile;
    private FakeUpstream upstream;
    private GatewayServer gateway;

    @BeforeEach
    void start() throws Exception {
        upstream = FakeUpstream.start();
        for (String path : List.of("/a", "/b")) {
            upstream.onPrefix("POST", path + "/v1/chat/completions")
                    .defaultReply(Reply.fixture("openai-chat/openai-text.json"));
            upstream.onPrefix("POST", "/stream" + path + "/v1/chat/completions")
                    .defaultReply(Reply.fixture("openai-chat/openai-text.chunks.txt"));
        }
        configFile = dir.resolve("config.yaml");
        write(false);
        gateway = GatewayServer.start(configFile, Map.of());
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
        upstream.close();
    }

    /** A deployment of gpt (whole answers) and of gpt-stream (streams), or two of each at different prices. */
    private void write(boolean both) throws Exception {
        StringBuilder models = new StringBuilder("model_list:\n");
        for (String group : List.of("gpt", "gpt-stream")) {
            String prefix = group.equals("gpt") ? "" : "/stream";
            for (String id : both ? List.of("a", "b") : List.of("a")) {
                models.append("""
                          - model_name: %1$s
                            litellm_params: {model: openai/gpt-4.1-nano, api_base: "%2$s%3$s/%4$s/v1", api_key: sk-%4$s}
                            model_info: {id: %1$s-%4$s, input_cost_per_token: 0.00000%5$d, output_cost_per_token: 0.000004}
                        """.formatted(group, upstream.baseUri(), prefix, id, id.equals("a") ? 1 : 3));
            }
        }
        Files.writeString(configFile, models + """
                router_settings: {num_retries: 0, routing_strategy: round-robin}
                general_settings: {master_key: %s}
                ditto:
                  limits:
                    key: {max_parallel_requests: 64, max_budget: 1000, budget_duration: 1d}
                """.formatted(MASTER_KEY), StandardCharsets.UTF_8);
    }

    @Test
    void requestsInFlightDuringReloadsAllSucceedAndLeaveNothingHeld() throws Exception {
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicInteger sent = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(6);
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            boolean stream = i % 2 == 0;
            running.add(clients.submit(() -> {
                for (int n = 0; n < REQUESTS_PER_CLIENT; n++) {
                    HttpResponse<String> response = gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/chat/completions"))
                            .header("Content-Type", "application/json")
                            .header("Authorization", "Bearer " + MASTER_KEY)
                            .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + (stream ? "gpt-stream" : "gpt")
                                    + "\",\"stream\":" + stream
                                    + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                            .build());
                    sent.incrementAndGet();
                    statuses.computeIfAbsent(response.statusCode(), s -> new AtomicInteger()).incrementAndGet();
                }
                return null;
            }));
        }
        int reloads = 0;
        boolean both = false;
        while (!running.stream().allMatch(Future::isDone)) {
            both = !both;
            write(both);
            HttpResponse<String> reload = gateway.send(HttpRequest.newBuilder(gateway.uri("/admin/config/reload"))
                    .header("Authorization", "Bearer " + MASTER_KEY)
                    .POST(HttpRequest.BodyPublishers.noBody()).build());
            assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);
            assertThat(reload.body()).contains("\"status\":\"reloaded\"");
            reloads++;
            Thread.sleep(50);
        }
        for (Future<?> client : running) {
            client.get(30, TimeUnit.SECONDS);
        }
        clients.shutdown();

        assertThat(reloads).as("reloads while the requests ran").isGreaterThanOrEqualTo(3);
        assertThat(statuses.keySet()).as("every request answered 200 whatever reload it met").containsOnly(200);
        assertThat(sent.get()).isEqualTo(6 * REQUESTS_PER_CLIENT);
        gateway.awaitRecorded(sent.get(), Duration.ofSeconds(30));
        GovernedAdmission admission = (GovernedAdmission) gateway.gateway().dataPlane().control().admission();
        assertThat(admission.stats().openReservations()).as("every request settled its reservation").isZero();
        DeploymentStats stats = gateway.gateway().dataPlane().router().stats();
        for (String id : List.of("gpt-a", "gpt-b", "gpt-stream-a", "gpt-stream-b")) {
            assertThat(stats.inFlight(id)).as("in flight on " + id).isZero();
        }
        assertThat(upstream.requests()).extracting(request -> request.path()).as("the reloads moved traffic")
                .contains("/a/v1/chat/completions", "/stream/a/v1/chat/completions")
                .containsAnyOf("/b/v1/chat/completions", "/stream/b/v1/chat/completions");
    }
}
