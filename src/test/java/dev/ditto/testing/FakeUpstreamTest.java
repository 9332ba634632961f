package dev.ditto.testing;

import static dev.ditto.testing.SseTestClient.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.testing.Exchange.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fake upstream's routing, capture and misbehaviour, seen through a real HTTP client.
 * Waits use latches, gates and generous timeouts; the only timing assertions are lower bounds,
 * which a slow machine cannot break. Fixture replay is covered by {@link FakeUpstreamReplayTest}.
 */
class FakeUpstreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeUpstream upstream = FakeUpstream.start();
    private final SseTestClient client = new SseTestClient();

    @AfterEach
    void closeUpstream() {
        upstream.close();
    }

    @Test
    void sendsProgrammedStatusAndHeaders() throws Exception {
        upstream.on("POST", "/v1/messages").enqueue(Reply.json(429, "{\"type\":\"error\"}").toBuilder()
                .header("retry-after", "7")
                .header("x-request-id", "req_123")
                .header("x-multi", "a")
                .header("x-multi", "b")
                .build());

        HttpResponse<String> response = client.post(upstream.uri("/v1/messages"), "{}");

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("retry-after")).hasValue("7");
        assertThat(response.headers().firstValue("x-request-id")).hasValue("req_123");
        assertThat(response.headers().allValues("x-multi")).containsExactly("a", "b");
        assertThat(response.body()).isEqualTo("{\"type\":\"error\"}");
    }

    @Test
    void repliesAreConsumedInOrderThenTheDefaultRepeats() throws Exception {
        Route route = upstream.on("POST", "/v1/chat/completions")
                .enqueue(Reply.status(500), Reply.status(503))
                .defaultReply(Reply.json("{}"));

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            statuses.add(client.post(upstream.uri("/v1/chat/completions"), "{}").statusCode());
        }

        assertThat(statuses).containsExactly(500, 503, 200, 200);
        assertThat(route.remaining()).isZero();
    }

    @Test
    void exhaustedRouteWithoutDefaultGets404() throws Exception {
        upstream.on("POST", "/once").enqueue(Reply.status(204));

        assertThat(client.post(upstream.uri("/once"), "{}").statusCode()).isEqualTo(204);
        HttpResponse<String> second = client.post(upstream.uri("/once"), "{}");

        assertThat(second.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(second.body()).at("/error/code").asText()).isEqualTo("no_reply");
    }

    @Test
    void unmatchedRequestGets404JsonAndIsCaptured() throws Exception {
        upstream.on("POST", "/v1/messages").defaultReply(Reply.json("{}"));

        HttpResponse<String> wrongPath = client.post(upstream.uri("/v1/other"), "{\"x\":1}");
        HttpResponse<String> wrongMethod = client.send(HttpRequest.newBuilder(upstream.uri("/v1/messages")).GET().build());

        assertThat(wrongPath.statusCode()).isEqualTo(404);
        assertThat(wrongPath.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(JSON.readTree(wrongPath.body()).at("/error/code").asText()).isEqualTo("no_route");
        assertThat(wrongMethod.statusCode()).isEqualTo(404);
        assertThat(upstream.requests()).extracting(CapturedRequest::method, CapturedRequest::path)
                .containsExactly(tuple("POST", "/v1/other"),
                        tuple("GET", "/v1/messages"));
        assertThat(upstream.requests().get(0).bodyText()).isEqualTo("{\"x\":1}");
    }

    @Test
    void exactRoutesWinOverPrefixAndPatternRoutes() throws Exception {
        upstream.onPrefix("*", "/v1/").defaultReply(Reply.status(201));
        upstream.onPattern("POST", "/v1/models/[a-z0-9-]+").defaultReply(Reply.status(202));
        upstream.on("POST", "/v1/models/exact").defaultReply(Reply.status(203));

        assertThat(client.post(upstream.uri("/v1/models/exact"), "{}").statusCode()).isEqualTo(203);
        assertThat(client.post(upstream.uri("/v1/models/gpt-4"), "{}").statusCode()).isEqualTo(201);
        assertThat(client.post(upstream.uri("/v1/anything"), "{}").statusCode()).isEqualTo(201);
        assertThat(upstream.on("POST", "/v1/models/exact")).isSameAs(upstream.on("post", "/v1/models/exact"));
    }

    @Test
    void patternRouteMatchesWholePath() throws Exception {
        upstream.onPattern("POST", "/v1/models/[a-z0-9-]+").defaultReply(Reply.status(202));

        assertThat(client.post(upstream.uri("/v1/models/gpt-4"), "{}").statusCode()).isEqualTo(202);
        assertThat(client.post(upstream.uri("/v1/models/gpt-4/extra"), "{}").statusCode()).isEqualTo(404);
    }

    @Test
    void capturesMethodPathQueryHeadersAndBody() throws Exception {
        upstream.onPrefix("POST", "/v1beta/").defaultReply(Reply.json("{}"));
        HttpRequest request = HttpRequest.newBuilder(upstream.uri("/v1beta/models/g:streamGenerateContent?alt=sse&k=v"))
                .header("x-goog-api-key", "secret-key")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"contents\":[{\"parts\":[{\"text\":\"héllo\"}]}]}"))
                .build();

        client.send(request);
        CapturedRequest captured = upstream.awaitRequest(1, TIMEOUT);

        assertThat(captured.number()).isEqualTo(1);
        assertThat(captured.method()).isEqualTo("POST");
        assertThat(captured.path()).isEqualTo("/v1beta/models/g:streamGenerateContent");
        assertThat(captured.query()).hasValue("alt=sse&k=v");
        assertThat(captured.header("X-Goog-Api-Key")).hasValue("secret-key");
        assertThat(captured.headers()).containsKey("content-type");
        JsonNode body = captured.bodyJson();
        assertThat(body.at("/contents/0/parts/0/text").asText()).isEqualTo("héllo");
        assertThat(captured.bodyBytes()).isEqualTo(
                "{\"contents\":[{\"parts\":[{\"text\":\"héllo\"}]}]}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void awaitRequestBlocksUntilTheRequestArrives() throws Exception {
        upstream.on("POST", "/late").defaultReply(Reply.json("{}"));
        CompletableFuture<CapturedRequest> awaited = CompletableFuture.supplyAsync(() -> upstream.awaitRequest(2, TIMEOUT));

        client.post(upstream.uri("/late"), "{\"n\":1}");
        assertThat(awaited).isNotDone();
        client.post(upstream.uri("/late"), "{\"n\":2}");

        assertThat(awaited.get().bodyJson().get("n").asInt()).isEqualTo(2);
    }

    @Test
    void awaitRequestFailsWithWhatArrivedWhenTooFewCome() throws Exception {
        upstream.on("POST", "/only").defaultReply(Reply.json("{}"));
        client.post(upstream.uri("/only"), "{}");

        assertThatThrownBy(() -> upstream.awaitRequest(2, Duration.ofMillis(200)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("request #2")
                .hasMessageContaining("POST /only");
    }

    @Test
    void gateHoldsTheNextEventUntilTheClientHasSeenThePreviousOne() throws Exception {
        String fixture = "anthropic-messages/anthropic-text.chunks.txt";
        CompletableFuture<Void> gate = new CompletableFuture<>();
        Reply reply = Reply.fixture(fixture).toBuilder().gateBeforeEvent(1, gate).build();
        upstream.on("POST", "/v1/messages").enqueue(reply);

        HttpResponse<InputStream> response = client.postForStream(upstream.uri("/v1/messages"), "{}");
        Exchange exchange = upstream.awaitExchange(1, TIMEOUT);
        try (InputStream in = response.body()) {
            String first = SseTestClient.readEvent(in);
            exchange.awaitEventsSent(1, TIMEOUT);

            // The client holds event 0 while the upstream has provably not sent event 1.
            assertThat(first).startsWith("event: message_start\n");
            assertThat(exchange.eventsSent()).isEqualTo(1);
            assertThat(exchange.outcome()).isEmpty();

            gate.complete(null);
            String rest = SseTestClient.readAll(in);
            assertThat(first + rest).isEqualTo(new String(reply.bodyBytes(), StandardCharsets.UTF_8));
        }
        assertThat(exchange.awaitOutcome(TIMEOUT)).isEqualTo(Outcome.COMPLETED);
        assertThat(exchange.eventsSent()).isEqualTo(SseTestClient.fixtureLines(fixture).size());
    }

    @Test
    void failedGateCutsTheConnection() throws Exception {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        upstream.on("POST", "/s").enqueue(Reply.fixture("openai-chat/openai-text.chunks.txt").toBuilder()
                .gateBeforeEvent(2, gate).build());

        HttpResponse<InputStream> response = client.postForStream(upstream.uri("/s"), "{}");
        try (InputStream in = response.body()) {
            SseTestClient.readEvent(in);
            SseTestClient.readEvent(in);
            gate.completeExceptionally(new IllegalStateException("test cuts here"));

            assertThatThrownBy(() -> SseTestClient.readEvent(in)).isInstanceOf(IOException.class);
        }
        assertThat(upstream.awaitExchange(1, TIMEOUT).awaitOutcome(TIMEOUT)).isEqualTo(Outcome.CUT);
    }

    @Test
    void delaysHoldBackHeadersAndEvents() throws Exception {
        Duration headerDelay = Duration.ofMillis(150);
        Duration eventDelay = Duration.ofMillis(50);
        upstream.on("POST", "/slow").enqueue(Reply.sse(Framing.DATA_ONLY, "1", "2", "3", "4").toBuilder()
                .delayBeforeHeaders(headerDelay)
                .delayBetweenEvents(eventDelay)
                .build());

        long start = System.nanoTime();
        HttpResponse<InputStream> response = client.postForStream(upstream.uri("/slow"), "{}");
        long headersAt = System.nanoTime();
        String body = SseTestClient.readAll(response.body());
        long doneAt = System.nanoTime();

        // Lower bounds from the moment the request was sent: a loaded machine can only add time.
        // (Not between two client-side readings: the client may notice the headers late.)
        assertThat(Duration.ofNanos(headersAt - start)).isGreaterThanOrEqualTo(headerDelay);
        assertThat(Duration.ofNanos(doneAt - start)).isGreaterThanOrEqualTo(headerDelay.plus(eventDelay.multipliedBy(3)));
        assertThat(body).isEqualTo("data: 1\n\ndata: 2\n\ndata: 3\n\ndata: 4\n\n");
    }

    @Test
    void cutAfterEventsClosesTheConnectionWithoutTerminatingChunk() throws Exception {
        String fixture = "openai-chat/openai-text.chunks.txt";
        Reply reply = Reply.fixture(fixture).toBuilder().cutAfterEvents(3).build();
        upstream.on("POST", "/v1/chat/completions").enqueue(reply);

        SseTestClient.RawResponse raw = SseTestClient.rawPost(upstream.port(), "/v1/chat/completions", "{}");

        List<String> lines = SseTestClient.fixtureLines(fixture);
        assertThat(raw.head()).startsWith("HTTP/1.1 200").containsIgnoringCase("transfer-encoding: chunked");
        assertThat(new String(raw.body(), StandardCharsets.UTF_8)).isEqualTo(
                "data: " + lines.get(0) + "\n\ndata: " + lines.get(1) + "\n\ndata: " + lines.get(2) + "\n\n");
        assertThat(raw.sawLastChunk()).isFalse();
        assertThat(upstream.awaitExchange(1, TIMEOUT).awaitOutcome(TIMEOUT)).isEqualTo(Outcome.CUT);
    }

    @Test
    void cutStreamFailsTheHttpClientInsteadOfEndingCleanly() throws Exception {
        String fixture = "openai-chat/openai-text.chunks.txt";
        Reply reply = Reply.fixture(fixture).toBuilder().cutAfterEvents(3).build();
        upstream.on("POST", "/v1/chat/completions").enqueue(reply, reply);

        assertThatThrownBy(() -> client.post(upstream.uri("/v1/chat/completions"), "{}"))
                .isInstanceOf(IOException.class);

        // Streaming, the JDK client may drop events it had buffered once it sees the broken
        // connection, so only a prefix of the three sent events is guaranteed to be read.
        HttpResponse<InputStream> response = client.postForStream(upstream.uri("/v1/chat/completions"), "{}");
        List<String> received = new ArrayList<>();
        try (InputStream in = response.body()) {
            assertThatThrownBy(() -> {
                for (String event = SseTestClient.readEvent(in); event != null; event = SseTestClient.readEvent(in)) {
                    received.add(event);
                }
            }).isInstanceOf(IOException.class);
        }
        List<String> sent = SseTestClient.fixtureLines(fixture).subList(0, 3).stream()
                .map(line -> "data: " + line + "\n\n").toList();
        assertThat(sent).startsWith(received.toArray(String[]::new));
    }

    @Test
    void cutAfterHeadersTruncatesAJsonBody() throws Exception {
        upstream.on("POST", "/json").enqueue(Reply.fixture("openai-chat/openai-text.json").toBuilder().cutAfterEvents(0).build());

        HttpResponse<InputStream> response = client.postForStream(upstream.uri("/json"), "{}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> response.body().readAllBytes()).isInstanceOf(IOException.class);
    }

    @Test
    void droppedConnectionGivesTheClientNoResponse() {
        upstream.on("POST", "/drop").enqueue(Reply.builder().dropConnection().build());

        assertThatThrownBy(() -> client.post(upstream.uri("/drop"), "{}")).isInstanceOf(IOException.class);
        assertThat(upstream.awaitExchange(1, TIMEOUT).awaitOutcome(TIMEOUT)).isEqualTo(Outcome.DROPPED);
    }

    @Test
    void slowDripDeliversIdenticalBytes() throws Exception {
        String fixture = "openai-compatible-chat/anthropic-fallback-tool-call.sse";
        upstream.on("POST", "/drip").enqueue(Reply.fixture(fixture).toBuilder().drip(3, Duration.ZERO).build());
        Duration pause = Duration.ofMillis(10);
        upstream.on("POST", "/paused").enqueue(Reply.sse(Framing.DATA_ONLY, "abcdef", "ghijkl").toBuilder()
                .drip(4, pause).build());

        assertThat(client.postForBytes(upstream.uri("/drip"), "{}").body()).isEqualTo(SseTestClient.fixtureBytes(fixture));
        long start = System.nanoTime();
        String paused = client.post(upstream.uri("/paused"), "{}").body();

        assertThat(paused).isEqualTo("data: abcdef\n\ndata: ghijkl\n\n");
        // 2 events of 14 bytes in 4-byte writes: 3 pauses inside each event, at least.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(pause.multipliedBy(6));
    }

    @Test
    void hangSendsHeadersThenNothingUntilTheClientLeaves() throws Exception {
        upstream.on("POST", "/hang").enqueue(Reply.fixture("anthropic-messages/anthropic-text.chunks.txt").toBuilder()
                .hang().build());

        HttpResponse<InputStream> response = client.postForStream(upstream.uri("/hang"), "{}");
        Exchange exchange = upstream.awaitExchange(1, TIMEOUT);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
        assertThat(exchange.eventsSent()).isZero();
        assertThat(exchange.outcome()).isEmpty();
        response.body().close();
        exchange.awaitClientDisconnect(TIMEOUT);
        assertThat(exchange.eventsSent()).isZero();
    }

    @Test
    void idleTimeoutAbortsAForgottenGateWithoutBlamingTheClient() throws Exception {
        try (FakeUpstream quick = FakeUpstream.start(Duration.ofMillis(300))) {
            quick.on("POST", "/stuck").enqueue(Reply.sse(Framing.DATA_ONLY, "a", "b").toBuilder()
                    .gateBeforeEvent(1, new CompletableFuture<>()).build());

            HttpResponse<InputStream> response = client.postForStream(quick.uri("/stuck"), "{}");

            assertThat(quick.awaitExchange(1, TIMEOUT).awaitOutcome(TIMEOUT)).isEqualTo(Outcome.ABORTED);
            assertThatThrownBy(() -> response.body().readAllBytes()).isInstanceOf(IOException.class);
        }
    }

    @Test
    void observesClientDisconnectMidStream() throws Exception {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        upstream.on("POST", "/v1/messages").enqueue(Reply.fixture("anthropic-messages/anthropic-text.chunks.txt")
                .toBuilder().gateBeforeEvent(2, gate).build());

        HttpResponse<InputStream> response = client.postForStream(upstream.uri("/v1/messages"), "{}");
        Exchange exchange = upstream.awaitExchange(1, TIMEOUT);
        InputStream in = response.body();
        SseTestClient.readEvent(in);
        SseTestClient.readEvent(in);
        exchange.awaitEventsSent(2, TIMEOUT);
        assertThat(exchange.clientDisconnected()).isFalse();

        in.close();

        exchange.awaitClientDisconnect(TIMEOUT);
        assertThat(exchange.clientDisconnected()).isTrue();
        gate.complete(null);
        assertThat(exchange.awaitOutcome(TIMEOUT)).isEqualTo(Outcome.CLIENT_DISCONNECTED);
        assertThat(exchange.eventsSent()).isEqualTo(2);
    }

    @Test
    void observesClientDisconnectWhileWaitingToSendHeaders() throws Exception {
        upstream.on("POST", "/slow").enqueue(Reply.json("{}").toBuilder().delayBeforeHeaders(Duration.ofMinutes(5)).build());

        try (Socket socket = new Socket("127.0.0.1", upstream.port())) {
            OutputStream out = socket.getOutputStream();
            out.write("POST /slow HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\n\r\n{}".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            upstream.awaitExchange(1, TIMEOUT);
        }

        // Nothing is written for five minutes, so only the read-side probe can notice this.
        upstream.awaitExchange(1, TIMEOUT).awaitClientDisconnect(TIMEOUT);
    }

    @Test
    void awaitClientDisconnectFailsWhenTheResponseCompletes() throws Exception {
        upstream.on("POST", "/ok").enqueue(Reply.json("{}"));
        client.post(upstream.uri("/ok"), "{}");

        assertThatThrownBy(() -> upstream.awaitExchange(1, TIMEOUT).awaitClientDisconnect(TIMEOUT))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("COMPLETED");
    }

    @Test
    void keepAliveConnectionServesSuccessiveRequests() throws Exception {
        upstream.on("POST", "/sse").defaultReply(Reply.fixture("google-gemini/google-text.chunks.txt"));

        for (int i = 0; i < 5; i++) {
            assertThat(client.post(upstream.uri("/sse"), "{}").statusCode()).isEqualTo(200);
        }

        assertThat(upstream.exchanges()).extracting(e -> e.awaitOutcome(TIMEOUT)).containsOnly(Outcome.COMPLETED);
        // One connection throughout: Jetty would abort it if the disconnect probe outlived a response.
        assertThat(upstream.requests()).extracting(CapturedRequest::remotePort).hasSize(5).containsOnly(
                upstream.requests().get(0).remotePort());
    }

    @Test
    void nextRequestOnAKeptAliveConnectionIsNotSwallowedAfterAContentLengthReply() throws Exception {
        upstream.on("POST", "/empty").defaultReply(Reply.status(204));
        upstream.on("POST", "/json").defaultReply(Reply.json("{\"ok\":true}").toBuilder().drip(3, Duration.ZERO).build());

        // The race this guards against is a few microseconds wide, so it takes many tries to hit.
        for (int i = 0; i < 200; i++) {
            assertThat(client.post(upstream.uri(i % 2 == 0 ? "/empty" : "/json"), "{}").statusCode()).isIn(200, 204);
        }

        assertThat(upstream.requests()).extracting(CapturedRequest::remotePort).hasSize(200).containsOnly(
                upstream.requests().get(0).remotePort());
    }

    @Test
    void resetForgetsRoutesAndRequests() throws Exception {
        upstream.on("POST", "/a").defaultReply(Reply.json("{}"));
        client.post(upstream.uri("/a"), "{}");

        upstream.reset();

        assertThat(upstream.requestCount()).isZero();
        assertThat(client.post(upstream.uri("/a"), "{}").statusCode()).isEqualTo(404);
        assertThat(upstream.awaitRequest(1, TIMEOUT).path()).isEqualTo("/a");
    }

    @Test
    void closeEndsResponsesInFlightAndStopsItsThreads() throws Exception {
        upstream.on("POST", "/hang").enqueue(Reply.builder().hang().build());
        HttpResponse<InputStream> response = client.postForStream(upstream.uri("/hang"), "{}");
        Exchange exchange = upstream.awaitExchange(1, TIMEOUT);
        String threadPrefix = upstream.threadNamePrefix();
        int port = upstream.port();

        upstream.close();

        assertThat(exchange.awaitOutcome(TIMEOUT)).isEqualTo(Outcome.ABORTED);
        assertThatThrownBy(() -> response.body().readAllBytes()).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith(threadPrefix)) {
                thread.join(TIMEOUT.toMillis());
                assertThat(thread.isAlive()).as("thread %s", thread.getName()).isFalse();
            }
        }
    }
}
