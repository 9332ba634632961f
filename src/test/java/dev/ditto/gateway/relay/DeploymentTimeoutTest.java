package dev.ditto.gateway.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.ditto.control.Outcome;
import dev.ditto.control.RequestRecord;
import dev.ditto.testing.CapturedRequest;
import dev.ditto.testing.FakeUpstream;
import dev.ditto.testing.GatewayServer;
import dev.ditto.testing.Reply;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
 * The four per-deployment timeouts over real HTTP, each on a deployment of its own that falls
 * back to {@code backup}: LiteLLM's {@code timeout} (the whole attempt) and {@code stream_timeout}
 * (the wait for a stream's first event), and Ditto's {@code ditto_connect_timeout} (the
 * connection) and {@code ditto_idle_timeout} (the gap between two events). A timeout before the
 * answer started falls back; one after it ends the client's stream, with no retry. Every request
 * is settled once.
 */
class DeploymentTimeoutTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String CHAT = "/v1/chat/completions";
    private static final String STREAM_CHUNKS = "openai-chat/openai-text.chunks.txt";

    private FakeUpstream upstream;
    private ServerSocket fullBacklog;
    private final List<Socket> queued = new ArrayList<>();
    private GatewayServer gateway;

    @BeforeEach
    void start() throws Exception {
        upstream = FakeUpstream.start();
        fullBacklog = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        gateway = GatewayServer.start("""
                model_list:
                  - model_name: slow
                    litellm_params: {model: openai/m, api_base: "%1$s/slow/v1", api_key: k, timeout: 1}
                    model_info: {id: slow}
                  - model_name: late-stream
                    litellm_params: {model: openai/m, api_base: "%1$s/late/v1", api_key: k, stream_timeout: 1}
                    model_info: {id: late}
                  - model_name: stalling
                    litellm_params: {model: openai/m, api_base: "%1$s/stalling/v1", api_key: k, ditto_idle_timeout: 1}
                    model_info: {id: stalling}
                  - model_name: unreachable
                    litellm_params: {model: openai/m, api_base: "http://127.0.0.1:%2$d/v1", api_key: k,
                                     ditto_connect_timeout: 1}
                    model_info: {id: unreachable}
                  - model_name: backup
                    litellm_params: {model: openai/m, api_base: "%1$s/backup/v1", api_key: k}
                    model_info: {id: backup}
                router_settings: {num_retries: 0}
                litellm_settings:
                  fallbacks: [{"slow": ["backup"]}, {"late-stream": ["backup"]}, {"stalling": ["backup"]},
                              {"unreachable": ["backup"]}]
                """.formatted(upstream.baseUri(), fullBacklog.getLocalPort()));
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
        upstream.close();
        for (Socket socket : queued) {
            socket.close();
        }
        fullBacklog.close();
    }

    @Test
    void aSlowDeploymentTimesOutAndTheFallbackAnswers() throws Exception {
        // Without the deployment's timeout the transport's default (minutes) would apply and
        // this test would hit the preemptive limit below.
        upstream.on("POST", "/slow/v1/chat/completions").enqueue(Reply.fixture("openai-chat/openai-text.json")
                .toBuilder().delayBeforeHeaders(Duration.ofMinutes(5)).build());
        upstream.on("POST", "/backup/v1/chat/completions").enqueue(Reply.fixture("openai-chat/openai-text.json"));

        HttpResponse<String> response = assertTimeoutPreemptively(TIMEOUT.multipliedBy(2),
                () -> post("req-slow", "slow", false));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue(Answers.MODEL_ID_HEADER)).contains("backup");
        upstream.awaitExchange(1, TIMEOUT).awaitClientDisconnect(TIMEOUT);
        assertFellBack("req-slow");
    }

    @Test
    void aStreamWhoseFirstEventIsLaterThanStreamTimeoutFallsBack() throws Exception {
        upstream.on("POST", "/late/v1/chat/completions").enqueue(Reply.fixture(STREAM_CHUNKS).toBuilder()
                .delayBeforeHeaders(Duration.ofMinutes(5)).build());
        upstream.on("POST", "/backup/v1/chat/completions").enqueue(Reply.fixture(STREAM_CHUNKS));

        HttpResponse<String> response = assertTimeoutPreemptively(TIMEOUT, () -> post("req-late", "late-stream", true));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue(Answers.MODEL_ID_HEADER)).contains("backup");
        assertThat(response.body()).endsWith("data: [DONE]\n\n");
        upstream.awaitExchange(1, TIMEOUT).awaitClientDisconnect(TIMEOUT);
        assertFellBack("req-late");
    }

    @Test
    void aStreamThatGoesQuietBeforeItsFirstEventFallsBackAfterTheIdleTimeout() throws Exception {
        // The headers come at once; the first event never does.
        upstream.on("POST", "/stalling/v1/chat/completions").enqueue(Reply.fixture(STREAM_CHUNKS).toBuilder()
                .gateBeforeEvent(0, new CompletableFuture<>()).build());
        upstream.on("POST", "/backup/v1/chat/completions").enqueue(Reply.fixture(STREAM_CHUNKS));

        HttpResponse<String> response = assertTimeoutPreemptively(TIMEOUT, () -> post("req-quiet", "stalling", true));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue(Answers.MODEL_ID_HEADER)).contains("backup");
        assertThat(response.body()).endsWith("data: [DONE]\n\n");
        upstream.awaitExchange(1, TIMEOUT).awaitClientDisconnect(TIMEOUT);
        assertFellBack("req-quiet");
    }

    @Test
    void aStartedStreamThatGoesQuietEndsWithAnErrorAndIsNotRetried() throws Exception {
        upstream.on("POST", "/stalling/v1/chat/completions").enqueue(Reply.fixture(STREAM_CHUNKS).toBuilder()
                .gateBeforeEvent(3, new CompletableFuture<>()).build());
        upstream.on("POST", "/backup/v1/chat/completions").enqueue(Reply.fixture(STREAM_CHUNKS));

        HttpResponse<String> response = assertTimeoutPreemptively(TIMEOUT, () -> post("req-stall", "stalling", true));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue(Answers.MODEL_ID_HEADER)).contains("stalling");
        assertThat(response.body()).contains("chat.completion.chunk").contains("data: {\"error\":")
                .doesNotContain("[DONE]");
        upstream.awaitExchange(1, TIMEOUT).awaitClientDisconnect(TIMEOUT);
        assertThat(upstream.requests()).extracting(CapturedRequest::path)
                .containsExactly("/stalling/v1/chat/completions");
        RequestRecord record = onlyRecord("req-stall");
        assertThat(record.outcome().status()).isEqualTo(Outcome.Status.STREAM_ERROR);
        assertThat(record.outcome().attempts()).isEqualTo(1);
    }

    @Test
    void aDeploymentThatCannotBeReachedWithinTheConnectTimeoutFallsBack() throws Exception {
        fillTheBacklog();
        upstream.on("POST", "/backup/v1/chat/completions").enqueue(Reply.fixture("openai-chat/openai-text.json"));

        // Under the 10 s the connection would be given without ditto_connect_timeout.
        HttpResponse<String> response = assertTimeoutPreemptively(Duration.ofSeconds(8),
                () -> post("req-unreachable", "unreachable", false));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue(Answers.MODEL_ID_HEADER)).contains("backup");
        assertFellBack("req-unreachable");
    }

    /**
     * Fills the listen queue of a socket that never accepts, so that the kernel ignores further
     * connection attempts and a connect waits until the client gives up.
     */
    private void fillTheBacklog() throws IOException {
        for (int i = 0; i < 8; i++) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), fullBacklog.getLocalPort()), 200);
                queued.add(socket);
            } catch (IOException full) {
                socket.close();
                return;
            }
        }
    }

    private HttpResponse<String> post(String requestId, String model, boolean stream) throws Exception {
        return gateway.send(HttpRequest.newBuilder(gateway.uri(CHAT))
                .header("content-type", "application/json").header("x-request-id", requestId)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"stream\":" + stream
                        + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build());
    }

    private void assertFellBack(String requestId) throws InterruptedException {
        RequestRecord record = onlyRecord(requestId);
        assertThat(record.outcome().status()).isEqualTo(Outcome.Status.OK);
        assertThat(record.outcome().deploymentId()).isEqualTo("backup");
        assertThat(record.outcome().attempts()).isEqualTo(2);
    }

    /** The request's one record: a second settle, from a late timer or callback, would add another. */
    private RequestRecord onlyRecord(String requestId) throws InterruptedException {
        gateway.awaitRecord(requestId);
        Thread.sleep(200);
        List<RequestRecord> records = gateway.recentRequests().snapshot().stream()
                .filter(record -> record.requestId().equals(requestId)).toList();
        assertThat(records).hasSize(1);
        return records.get(0);
    }
}
