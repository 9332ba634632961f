package dev.ditto.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.testing.AuditFiles;
import dev.ditto.testing.FakeUpstream;
import dev.ditto.testing.GatewayServer;
import dev.ditto.testing.Reply;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /admin/reservations/reap} over real HTTP on the single-node (in-memory) store:
 * requests held in flight by a hanging upstream are the planted stale reservations; a dry run
 * reports exactly them and changes nothing, a reap releases their parallel slots and budget;
 * every reap, the dry runs too, is in the audit log with the administrator's name.
 */
class AdminReservationsResourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MASTER_KEY = "sk-master-123";
    private static final String CHAT = "{\"model\":\"gpt\",\"max_tokens\":100,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private FakeUpstream upstream;
    private GatewayServer gateway;
    private final List<CompletableFuture<HttpResponse<String>>> stuck = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        upstream = FakeUpstream.start();
        gateway = GatewayServer.start("""
                model_list:
                  - model_name: gpt
                    litellm_params: {model: openai/gpt-4.1-nano, api_base: "%s/v1", api_key: sk-test}
                    model_info: {id: nano, input_cost_per_token: 0.000001, output_cost_per_token: 0.000002}
                router_settings: {num_retries: 0}
                general_settings: {master_key: %s}
                ditto:
                  limits:
                    key: {max_parallel_requests: 2, max_budget: 10}
                """.formatted(upstream.baseUri(), MASTER_KEY));
    }

    @AfterEach
    void stop() throws Exception {
        // The upstream first: closing it ends the hanging answers, so the stuck requests settle.
        upstream.close();
        stuck.forEach(request -> request.cancel(true));
        gateway.close();
    }

    private HttpRequest.Builder chat(String requestId) {
        return HttpRequest.newBuilder(gateway.uri("/v1/chat/completions")).header("Authorization", "Bearer " + MASTER_KEY)
                .header("Content-Type", "application/json").header("x-request-id", requestId)
                .POST(HttpRequest.BodyPublishers.ofString(CHAT));
    }

    private HttpResponse<String> reap(String query, String body, String key) throws Exception {
        return gateway.send(HttpRequest.newBuilder(gateway.uri("/admin/reservations/reap" + query))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** Two requests whose upstream never answers: two open reservations and both parallel slots. */
    private void plantTwoStuckRequests() {
        upstream.on("POST", "/v1/chat/completions").enqueue(Reply.builder().json("{}").hang().build(),
                Reply.builder().json("{}").hang().build(), Reply.fixture("openai-chat/openai-text.json"));
        for (String id : List.of("stuck-1", "stuck-2")) {
            stuck.add(gateway.client().sendAsync(chat(id).build(), HttpResponse.BodyHandlers.ofString()));
        }
        upstream.awaitRequest(2, TIMEOUT);
    }

    @Test
    void aDryRunReportsExactlyThePlantedReservationsAndAReapReleasesThem() throws Exception {
        plantTwoStuckRequests();
        HttpResponse<String> refused = gateway.send(chat("third").build());

        HttpResponse<String> dryRun = reap("", "{\"older_than_seconds\": 0, \"dry_run\": true}", MASTER_KEY);
        HttpResponse<String> again = reap("?dry_run=true&older_than_seconds=0", "", MASTER_KEY);
        HttpResponse<String> real = reap("", "{\"older_than_seconds\": 0}", MASTER_KEY);
        HttpResponse<String> admitted = gateway.send(chat("fourth").build());

        assertThat(refused.statusCode()).as("both parallel slots are held").isEqualTo(429);
        assertThat(dryRun.statusCode()).isEqualTo(200);
        JsonNode report = JSON.readTree(dryRun.body());
        assertThat(report.path("dry_run").asBoolean()).isTrue();
        assertThat(report.path("count").asInt()).isEqualTo(2);
        assertThat(report.path("slots").asInt()).isEqualTo(2);
        // Each holds its worst case: 100 output tokens at $2 per million and the prompt estimate at $1 per million.
        assertThat(report.path("usd").decimalValue()).isGreaterThan(new java.math.BigDecimal("0.0004"))
                .isLessThan(new java.math.BigDecimal("0.0005"));
        assertThat(report.path("reservations").findValuesAsText("request_id"))
                .containsExactlyInAnyOrder("stuck-1", "stuck-2");
        assertThat(report.path("reservations").findValuesAsText("replica_id")).containsOnly(gateway.gateway().node().id());
        assertThat(report.path("reservations").findValuesAsText("scopes")).containsOnly("key:master");
        assertThat(JSON.readTree(again.body()).path("count").asInt()).as("a dry run releases nothing").isEqualTo(2);
        JsonNode released = JSON.readTree(real.body());
        assertThat(released.path("dry_run").asBoolean()).isFalse();
        assertThat(released.path("count").asInt()).isEqualTo(2);
        assertThat(released.path("usd").decimalValue()).isEqualByComparingTo(report.path("usd").decimalValue());
        assertThat(admitted.statusCode()).as("the reaped slots are free again").isEqualTo(200);
        List<JsonNode> audited = AuditFiles.awaitExported(gateway, MASTER_KEY, "system.reaper_run", 3);
        assertThat(audited).hasSize(3).allSatisfy(record -> {
            assertThat(record.path("actor").asText()).isEqualTo("master-key");
            assertThat(record.path("role").asText()).isEqualTo("global_admin");
            assertThat(record.path("chain").asText()).isEqualTo("global");
            assertThat(record.path("client_address").asText()).isNotEmpty();
        });
        List<JsonNode> details = new ArrayList<>();
        for (JsonNode record : audited) {
            details.add(JSON.readTree(record.path("after").asText()));
        }
        assertThat(details).extracting(detail -> detail.path("dry_run").asText()).containsExactly("true", "true", "false");
        assertThat(details).allSatisfy(detail -> {
            assertThat(detail.path("trigger").asText()).isEqualTo("endpoint");
            assertThat(detail.path("reservations").asText()).isEqualTo("2");
            assertThat(detail.path("older_than_s").asText()).isEqualTo("0");
        });
        assertThat(new java.math.BigDecimal(details.get(2).path("usd").asText()))
                .isEqualByComparingTo(released.path("usd").decimalValue());
        // The request settles just after its last byte: wait for that before counting what is in flight.
        gateway.awaitRecord("fourth");
        assertThat(JSON.readTree(reap("", "{\"older_than_seconds\": 0, \"dry_run\": true}", MASTER_KEY).body())
                .path("count").asInt()).as("only the fresh request is in flight, and it settled").isZero();
    }

    @Test
    void youngerReservationsAndTheLimitAreRespected() throws Exception {
        plantTwoStuckRequests();

        JsonNode young = JSON.readTree(reap("", "{\"dry_run\": true}", MASTER_KEY).body());
        JsonNode one = JSON.readTree(reap("", "{\"older_than_seconds\": 0, \"dry_run\": true, \"limit\": 1}",
                MASTER_KEY).body());

        assertThat(young.path("older_than_seconds").asLong()).as("ditto.limits.reaper.older_than").isEqualTo(3600);
        assertThat(young.path("count").asInt()).isZero();
        assertThat(one.path("count").asInt()).isEqualTo(1);
    }

    @Test
    void itNeedsTheMasterKeyAndValidParameters() throws Exception {
        HttpResponse<String> anonymous = gateway.send(HttpRequest.newBuilder(gateway.uri("/admin/reservations/reap"))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        HttpResponse<String> wrongKey = reap("", "{}", "sk-nope");
        HttpResponse<String> zeroLimit = reap("", "{\"limit\": 0}", MASTER_KEY);
        HttpResponse<String> negativeAge = reap("?older_than_seconds=-5", "", MASTER_KEY);
        HttpResponse<String> unknown = reap("", "{\"older_than\": 60}", MASTER_KEY);
        HttpResponse<String> twice = reap("?limit=5", "{\"limit\": 5}", MASTER_KEY);
        HttpResponse<String> notBoolean = reap("", "{\"dry_run\": \"yes\"}", MASTER_KEY);

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(wrongKey.statusCode()).isEqualTo(401);
        assertThat(List.of(zeroLimit, negativeAge, unknown, twice, notBoolean))
                .allSatisfy(response -> assertThat(response.statusCode()).isEqualTo(400));
        assertThat(JSON.readTree(zeroLimit.body()).at("/error/param").asText()).isEqualTo("limit");
        assertThat(JSON.readTree(negativeAge.body()).at("/error/param").asText()).isEqualTo("older_than_seconds");
        assertThat(JSON.readTree(unknown.body()).at("/error/code").asText()).isEqualTo("unknown_parameter");
        assertThat(JSON.readTree(twice.body()).at("/error/code").asText()).isEqualTo("duplicate_parameter");
        assertThat(JSON.readTree(notBoolean.body()).at("/error/type").asText()).isEqualTo("invalid_request_error");
    }
}
