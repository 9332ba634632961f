package dev.ditto.gateway.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.control.Caller;
import dev.ditto.control.Outcome;
import dev.ditto.control.RequestRecord;
import dev.ditto.testing.Exchange;
import dev.ditto.testing.FakeUpstream;
import dev.ditto.testing.GatewayServer;
import dev.ditto.testing.Reply;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The request lifecycle over real HTTP: every admitted request is settled and recorded exactly
 * once whatever its ending (success, stream, upstream error, broken stream, client gone), with
 * the deployment, usage and status of that ending.
 */
class LifecycleTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private FakeUpstream upstream;
    private GatewayServer gateway;

    @BeforeEach
    void start() throws Exception {
        upstream = FakeUpstream.start();
        gateway = GatewayServer.start("""
                model_list:
                  - model_name: gpt
                    litellm_params: {model: openai/gpt-4.1-nano, api_base: "%1$s/primary/v1", api_key: sk-primary}
                    model_info: {id: primary}
                router_settings:
                  num_retries: 0
                """.formatted(upstream.baseUri()));
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
        upstream.close();
    }

    @Test
    void aCompletionIsRecordedOnceWithItsUsage() throws Exception {
        upstream.on("POST", "/primary/v1/chat/completions").enqueue(Reply.fixture("openai-chat/openai-text.json"));
        JsonNode usage = JSON.readTree(java.nio.file.Files.readString(
                dev.ditto.testing.Fixtures.path("openai-chat/openai-text.json"))).path("usage");
        Instant before = Instant.now();

        HttpResponse<String> response = post("req-ok", false);

        assertThat(response.statusCode()).isEqualTo(200);
        RequestRecord record = awaitOnlyRecord("req-ok");
        assertThat(record.outcome().status()).isEqualTo(Outcome.Status.OK);
        assertThat(record.outcome().httpStatus()).isEqualTo(200);
        assertThat(record.outcome().deploymentId()).isEqualTo("primary");
        assertThat(record.outcome().provider()).isEqualTo("openai");
        assertThat(record.outcome().upstreamModel()).isEqualTo("gpt-4.1-nano");
        assertThat(record.outcome().attempts()).isEqualTo(1);
        assertThat(record.outcome().usage().input().total()).isEqualTo(usage.path("prompt_tokens").asLong());
        assertThat(record.outcome().usage().output().total()).isEqualTo(usage.path("completion_tokens").asLong());
        assertThat(record.caller().keyId()).isEqualTo(Caller.ANONYMOUS);
        assertThat(record.route()).isEqualTo("/v1/chat/completions");
        assertThat(record.model()).isEqualTo("gpt");
        assertThat(record.startedAt()).isBetween(before.minusSeconds(1), Instant.now());
    }

    @Test
    void aStreamIsRecordedOnceWithItsTimeToFirstToken() throws Exception {
        upstream.on("POST", "/primary/v1/chat/completions").enqueue(Reply.fixture("openai-chat/openai-text.chunks.txt"));

        HttpResponse<String> response = post("req-stream", true);

        assertThat(response.body()).contains("[DONE]");
        RequestRecord record = awaitOnlyRecord("req-stream");
        assertThat(record.outcome().status()).isEqualTo(Outcome.Status.OK);
        assertThat(record.outcome().timeToFirstToken()).isNotNull();
        assertThat(record.outcome().timeToFirstToken()).isLessThanOrEqualTo(record.outcome().latency());
    }

    @Test
    void anUpstreamErrorIsRecordedOnceWithTheClientsStatus() throws Exception {
        upstream.on("POST", "/primary/v1/chat/completions").enqueue(Reply.json(400,
                "{\"error\":{\"message\":\"bad\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}"));

        HttpResponse<String> response = post("req-400", false);

        assertThat(response.statusCode()).isEqualTo(400);
        RequestRecord record = awaitOnlyRecord("req-400");
        assertThat(record.outcome().status()).isEqualTo(Outcome.Status.UPSTREAM_ERROR);
        assertThat(record.outcome().httpStatus()).isEqualTo(400);
        assertThat(record.outcome().deploymentId()).isEqualTo("primary");
    }

    @Test
    void aBrokenStreamIsRecordedOnceAsAStreamError() throws Exception {
        upstream.on("POST", "/primary/v1/chat/completions").enqueue(Reply.fixture("openai-chat/openai-text.chunks.txt")
                .toBuilder().cutAfterEvents(3).build());

        HttpResponse<String> response = post("req-cut", true);

        assertThat(response.body()).doesNotContain("[DONE]");
        RequestRecord record = awaitOnlyRecord("req-cut");
        assertThat(record.outcome().status()).isEqualTo(Outcome.Status.STREAM_ERROR);
        assertThat(record.outcome().httpStatus()).isEqualTo(200);
    }

    @Test
    void aClientThatLeavesIsRecordedOnceAsGone() throws Exception {
        upstream.on("POST", "/primary/v1/chat/completions").enqueue(Reply.fixture("openai-chat/openai-text.chunks.txt")
                .toBuilder().gateBeforeEvent(2, new CompletableFuture<>()).build());

        HttpResponse<InputStream> response = gateway.client().send(request("req-gone", true),
                HttpResponse.BodyHandlers.ofInputStream());
        Exchange exchange = upstream.awaitExchange(1, TIMEOUT);
        exchange.awaitEventsSent(2, TIMEOUT);
        assertThat(response.body().read()).isPositive();
        response.body().close();
        exchange.awaitClientDisconnect(TIMEOUT);

        RequestRecord record = awaitOnlyRecord("req-gone");
        assertThat(record.outcome().status()).isEqualTo(Outcome.Status.CLIENT_GONE);
        assertThat(record.outcome().deploymentId()).isEqualTo("primary");
    }

    @Test
    void aRequestRefusedBeforeAdmissionIsNotRecorded() throws Exception {
        HttpResponse<String> response = gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/chat/completions"))
                .header("content-type", "application/json").header("x-request-id", "req-unknown")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"nope\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build());

        assertThat(response.statusCode()).isEqualTo(404);
        // A request recorded after this one proves the recorder has caught up.
        upstream.on("POST", "/primary/v1/chat/completions").enqueue(Reply.fixture("openai-chat/openai-text.json"));
        post("req-after", false);
        awaitOnlyRecord("req-after");
        assertThat(records("req-unknown")).isEmpty();
    }

    private HttpResponse<String> post(String requestId, boolean stream) throws Exception {
        return gateway.send(request(requestId, stream));
    }

    private HttpRequest request(String requestId, boolean stream) {
        return HttpRequest.newBuilder(gateway.uri("/v1/chat/completions"))
                .header("content-type", "application/json")
                .header("x-request-id", requestId)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt\",\"stream\":" + stream
                        + ",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}"))
                .build();
    }

    private List<RequestRecord> records(String requestId) {
        return gateway.recentRequests().snapshot().stream().filter(r -> r.requestId().equals(requestId)).toList();
    }

    /** Waits for the request's record, then makes sure a second one does not follow. */
    private RequestRecord awaitOnlyRecord(String requestId) throws InterruptedException {
        gateway.awaitRecord(requestId);
        assertThat(records(requestId)).as("records of " + requestId).hasSize(1);
        // A duplicate settle would come from a late callback (upstream end, client failure, timer): give it time.
        Thread.sleep(200);
        assertThat(records(requestId)).as("records of " + requestId + " a moment later").hasSize(1);
        return records(requestId).get(0);
    }
}
