package dev.ditto.gateway.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.control.Outcome;
import dev.ditto.control.RequestRecord;
import dev.ditto.testing.CapturedRequest;
import dev.ditto.testing.Exchange;
import dev.ditto.testing.FakeUpstream;
import dev.ditto.testing.Fixtures;
import dev.ditto.testing.Framing;
import dev.ditto.testing.GatewayServer;
import dev.ditto.testing.RawSse;
import dev.ditto.testing.Reply;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Passthrough on /v1/chat/completions, over real HTTP on both sides: the client's body reaches an
 * OpenAI-compatible upstream with only {@code model} changed, and the upstream's answer reaches
 * the client byte for byte and event by event, with usage read on the way.
 */
class PassthroughRelayTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHUNKS = "openai-chat/openai-text.chunks.txt";
    private static final String OPENAI = "/openai/v1/chat/completions";
    private static final String CONFIG = """
            model_list:
              - model_name: gpt
                litellm_params: {model: openai/gpt-4.1-nano, api_base: "%1$s/openai/v1", api_key: sk-o}
                model_info: {id: openai}
              - model_name: claude
                litellm_params: {model: anthropic/claude-sonnet-4-5, api_base: "%1$s/anthropic/v1", api_key: sk-a}
                model_info: {id: anthropic}
              - model_name: translated
                litellm_params: {model: openai/gpt-4.1-nano, api_base: "%1$s/translated/v1", api_key: sk-t, ditto_mode: translate}
              - model_name: mistral
                litellm_params: {model: mistral/mistral-small-latest, api_base: "%1$s/mistral/v1", api_key: sk-m}
            router_settings: {num_retries: 0}
            litellm_settings:
              fallbacks: [{"gpt": ["claude"]}]
            """;

    private FakeUpstream upstream;
    private GatewayServer gateway;

    @BeforeEach
    void start() throws Exception {
        upstream = FakeUpstream.start();
        gateway = GatewayServer.start(CONFIG.formatted(upstream.baseUri()));
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
        upstream.close();
    }

    private static String chat(String model, String extra) {
        return "{\"model\":\"" + model + "\"," + extra + "\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";
    }

    private static HttpRequest post(GatewayServer server, String path, String body) {
        return HttpRequest.newBuilder(server.uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpResponse<byte[]> postForBytes(String body) throws Exception {
        return gateway.client().send(post(gateway, "/v1/chat/completions", body), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The client's body as the upstream should see it: the deployment's model, and whatever else is given. */
    private static JsonNode rewritten(String clientBody, String model) throws Exception {
        ObjectNode expected = (ObjectNode) JSON.readTree(clientBody);
        expected.put("model", model);
        return expected;
    }

    private static String framed(List<String> payloads) {
        return String.join("", Framing.DATA_THEN_DONE.frame(payloads));
    }

    private static String text(byte[] body) {
        return new String(RawSse.withoutKeepAlives(body), StandardCharsets.UTF_8);
    }

    @Test
    void aStreamReachesTheClientByteForByteWithOnlyTheModelRewritten() throws Exception {
        Reply reply = Reply.fixture(CHUNKS).toBuilder()
                .header("x-request-id", "req_upstream_1").header("x-ratelimit-remaining-requests", "99").build();
        upstream.on("POST", OPENAI).enqueue(reply);
        String body = chat("gpt", "\"stream\":true,\"stream_options\":{\"include_usage\":true},\"temperature\":0.5,"
                + "\"max_tokens\":300,\"user\":\"u-1\",");

        HttpResponse<byte[]> response = postForBytes(body);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(text(response.body())).isEqualTo(new String(reply.bodyBytes(), StandardCharsets.UTF_8));
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        assertThat(response.headers().firstValue(Answers.MODEL_ID_HEADER)).contains("openai");
        assertThat(response.headers().firstValue(Answers.PROVIDER_HEADER)).contains("openai");
        assertThat(response.headers().firstValue(Answers.OVERHEAD_HEADER)).isPresent();
        assertThat(response.headers().firstValue("llm_provider-x-request-id")).contains("req_upstream_1");
        assertThat(response.headers().firstValue("llm_provider-x-ratelimit-remaining-requests")).contains("99");
        assertThat(response.headers().firstValue("x-request-id")).isPresent().get().isNotEqualTo("req_upstream_1");
        CapturedRequest sent = upstream.awaitRequest(1, TIMEOUT);
        assertThat(sent.bodyJson()).isEqualTo(rewritten(body, "gpt-4.1-nano"));
        assertThat(sent.header("authorization")).contains("Bearer sk-o");
        Outcome outcome = gateway.awaitRecorded(1, TIMEOUT).get(0).outcome();
        assertThat(outcome.status()).isEqualTo(Outcome.Status.OK);
        assertThat(outcome.usage().input().total()).isEqualTo(16);
        assertThat(outcome.usage().output().total()).isEqualTo(300);
    }

    @Test
    void theClientSeesAnEventBeforeTheUpstreamSendsTheNext() throws Exception {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        upstream.on("POST", OPENAI).enqueue(Reply.fixture(CHUNKS).toBuilder().gateBeforeEvent(1, gate).build());
        List<String> payloads = Fixtures.payloads(CHUNKS);

        HttpResponse<InputStream> response = gateway.client().send(post(gateway, "/v1/chat/completions",
                chat("gpt", "\"stream\":true,")), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            String first = RawSse.next(in);
            Exchange exchange = upstream.awaitExchange(1, TIMEOUT);

            assertThat(first).isEqualTo("data: " + payloads.get(0) + "\n\n");
            assertThat(exchange.eventsSent()).isEqualTo(1);
            gate.complete(null);
            assertThat(RawSse.next(in)).isEqualTo("data: " + payloads.get(1) + "\n\n");
            in.transferTo(OutputStream.nullOutputStream());
        }
    }

    @Test
    void aClientThatDidNotAskForUsageGetsNoUsageChunkWhileSettlementGetsTheNumbers() throws Exception {
        upstream.on("POST", OPENAI).enqueue(Reply.fixture(CHUNKS));
        List<String> payloads = Fixtures.payloads(CHUNKS);
        String body = chat("gpt", "\"stream\":true,\"stream_options\":{\"include_obfuscation\":false},");

        HttpResponse<byte[]> response = postForBytes(body);

        String usageChunk = payloads.get(payloads.size() - 1);
        assertThat(usageChunk).contains("\"choices\":[]", "\"usage\":{");
        assertThat(text(response.body())).isEqualTo(framed(payloads.subList(0, payloads.size() - 1)));
        ObjectNode expected = (ObjectNode) rewritten(body, "gpt-4.1-nano");
        ((ObjectNode) expected.get("stream_options")).put("include_usage", true);
        assertThat(upstream.awaitRequest(1, TIMEOUT).bodyJson()).isEqualTo(expected);
        Outcome outcome = gateway.awaitRecorded(1, TIMEOUT).get(0).outcome();
        assertThat(outcome.usage().input().total()).isEqualTo(16);
        assertThat(outcome.usage().output().total()).isEqualTo(300);
        assertThat(outcome.usage().input().cacheRead()).isZero();
        assertThat(outcome.usage().output().reasoning()).isZero();
    }

    @Test
    void aServerThatRejectsStreamOptionsGetsNoneAndItsOwnUsageIsRelayed() throws Exception {
        upstream.on("POST", "/mistral/v1/chat/completions").enqueue(Reply.fixture(CHUNKS));
        String body = chat("mistral", "\"stream\":true,");

        HttpResponse<byte[]> response = postForBytes(body);

        assertThat(text(response.body())).isEqualTo(framed(Fixtures.payloads(CHUNKS)));
        assertThat(upstream.awaitRequest(1, TIMEOUT).bodyJson()).isEqualTo(rewritten(body, "mistral-small-latest"));
        assertThat(gateway.awaitRecorded(1, TIMEOUT).get(0).outcome().usage().input().total()).isEqualTo(16);
    }

    @Test
    void aJsonAnswerReachesTheClientUnchanged() throws Exception {
        upstream.on("POST", OPENAI).enqueue(Reply.fixture("openai-chat/openai-text.json").toBuilder()
                .header("x-request-id", "req_upstream_2").header("openai-processing-ms", "321").build());
        String body = chat("gpt", "\"max_tokens\":20,\"logit_bias\":{\"50256\":-100},");

        HttpResponse<byte[]> response = postForBytes(body);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(Fixtures.bytes("openai-chat/openai-text.json"));
        assertThat(response.headers().firstValue(Answers.MODEL_ID_HEADER)).contains("openai");
        assertThat(response.headers().firstValue("llm_provider-x-request-id")).contains("req_upstream_2");
        assertThat(response.headers().firstValue("llm_provider-openai-processing-ms")).contains("321");
        assertThat(upstream.awaitRequest(1, TIMEOUT).bodyJson()).isEqualTo(rewritten(body, "gpt-4.1-nano"));
        Outcome outcome = gateway.awaitRecorded(1, TIMEOUT).get(0).outcome();
        assertThat(outcome.usage().input().total()).isEqualTo(16);
        assertThat(outcome.usage().output().total()).isEqualTo(363);
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 429})
    void aFailingPassthroughDeploymentFallsBackToATranslatedOne(int status) throws Exception {
        upstream.on("POST", OPENAI).defaultReply(Reply.json(status, "{\"error\":{\"message\":\"busy\",\"type\":\"x\"}}")
                .toBuilder().header("retry-after", "30").build());
        upstream.on("POST", "/anthropic/v1/messages").enqueue(Reply.fixture("anthropic-messages/anthropic-text.chunks.txt"));

        HttpResponse<byte[]> response = postForBytes(chat("gpt", "\"stream\":true,"));

        String events = text(response.body());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue(Answers.MODEL_ID_HEADER)).contains("anthropic");
        assertThat(events).contains("\"object\":\"chat.completion.chunk\"", "\"model\":\"gpt\"").endsWith("data: [DONE]\n\n");
        assertThat(upstream.requests()).extracting(CapturedRequest::path).containsExactly(OPENAI, "/anthropic/v1/messages");
        RequestRecord record = gateway.awaitRecorded(1, TIMEOUT).get(0);
        assertThat(record.outcome().attempts()).isEqualTo(2);
        assertThat(record.outcome().deploymentId()).isEqualTo("anthropic");
        assertThat(record.outcome().status()).isEqualTo(Outcome.Status.OK);
    }

    @Test
    void anUpstreamsClientErrorComesBackWithItsStatusAndParameter() throws Exception {
        upstream.on("POST", OPENAI).defaultReply(Reply.json(400, "{\"error\":{\"message\":\"bad temperature\","
                + "\"type\":\"invalid_request_error\",\"param\":\"temperature\",\"code\":\"invalid_value\"}}"));

        HttpResponse<byte[]> response = postForBytes(chat("gpt", "\"stream\":true,\"temperature\":1.5,"));

        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(error.path("message").asText()).isEqualTo("bad temperature");
        assertThat(error.path("param").asText()).isEqualTo("temperature");
        assertThat(error.path("code").asText()).isEqualTo("invalid_value");
        assertThat(upstream.requestCount()).isEqualTo(1);
        assertThat(gateway.awaitRecorded(1, TIMEOUT).get(0).outcome().status()).isEqualTo(Outcome.Status.UPSTREAM_ERROR);
    }

    @Test
    void nothingIsRetriedOnceBytesWereSent() throws Exception {
        upstream.on("POST", OPENAI).enqueue(Reply.fixture(CHUNKS).toBuilder().cutAfterEvents(3).build());
        List<String> payloads = Fixtures.payloads(CHUNKS);

        HttpResponse<byte[]> response = postForBytes(chat("gpt", "\"stream\":true,\"stream_options\":{\"include_usage\":true},"));

        String events = text(response.body());
        String relayed = String.join("", Framing.DATA_ONLY.frame(payloads.subList(0, 3)));
        assertThat(events).startsWith(relayed);
        assertThat(JSON.readTree(events.substring(relayed.length()).replaceFirst("^data: ", "")).at("/error/message")
                .asText()).isNotBlank();
        assertThat(events).doesNotContain("[DONE]");
        assertThat(upstream.requests()).extracting(CapturedRequest::path).containsExactly(OPENAI);
        RequestRecord record = gateway.awaitRecorded(1, TIMEOUT).get(0);
        assertThat(record.outcome().status()).isEqualTo(Outcome.Status.STREAM_ERROR);
        assertThat(record.outcome().attempts()).isEqualTo(1);
    }

    @Test
    void aClientThatLeavesClosesTheUpstreamAndIsRecordedOnce() throws Exception {
        upstream.on("POST", OPENAI).enqueue(Reply.fixture(CHUNKS).toBuilder()
                .gateBeforeEvent(2, new CompletableFuture<>()).build());

        HttpResponse<InputStream> response = gateway.client().send(post(gateway, "/v1/chat/completions",
                chat("gpt", "\"stream\":true,")), HttpResponse.BodyHandlers.ofInputStream());
        Exchange exchange = upstream.awaitExchange(1, TIMEOUT);
        assertThat(RawSse.next(response.body())).startsWith("data: ");
        response.body().close();

        exchange.awaitClientDisconnect(TIMEOUT);
        RequestRecord record = gateway.awaitRecorded(1, TIMEOUT).get(0);
        assertThat(record.outcome().status()).isEqualTo(Outcome.Status.CLIENT_GONE);
        assertThat(gateway.recentRequests().count()).isEqualTo(1);
    }

    @Test
    void translateModeSendsTheAdaptersOwnBody() throws Exception {
        upstream.on("POST", "/translated/v1/chat/completions").enqueue(Reply.fixture("openai-chat/openai-text.json"));

        HttpResponse<byte[]> response = postForBytes(chat("translated", "\"max_tokens\":20,"));

        JsonNode sent = upstream.awaitRequest(1, TIMEOUT).bodyJson();
        assertThat(sent.path("max_completion_tokens").asInt()).isEqualTo(20);
        assertThat(sent.has("max_tokens")).isFalse();
        assertThat(JSON.readTree(response.body()).path("model").asText()).isEqualTo("translated");
    }

    @Test
    void passthroughCanBeTurnedOffForAutoDeployments() throws Exception {
        try (GatewayServer off = GatewayServer.start(CONFIG.formatted(upstream.baseUri())
                + "ditto: {relay: {passthrough: false}}\n")) {
            upstream.on("POST", OPENAI).enqueue(Reply.fixture("openai-chat/openai-text.json"));

            HttpResponse<String> response = off.send(post(off, "/v1/chat/completions", chat("gpt", "\"max_tokens\":20,")));

            assertThat(JSON.readTree(response.body()).path("model").asText()).isEqualTo("gpt");
            assertThat(upstream.awaitRequest(1, TIMEOUT).bodyJson().path("max_completion_tokens").asInt()).isEqualTo(20);
        }
    }
}
