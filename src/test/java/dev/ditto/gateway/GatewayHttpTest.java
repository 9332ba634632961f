package dev.ditto.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.testing.GatewayServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP edge over real HTTP: models, the echo demo model, health, request ids and errors. */
class GatewayHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static GatewayServer gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = GatewayServer.start("""
                model_list:
                  - {model_name: ditto/echo, litellm_params: {model: ditto/echo}}
                  - {model_name: gpt-4o, litellm_params: {model: openai/gpt-4o, api_key: sk-test}}
                  - {model_name: gpt-4o, litellm_params: {model: azure/gpt-4o, api_base: "https://x.openai.azure.com"}}
                ditto:
                  max_request_body: 64KiB
                """);
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    private static void assertEnvelope(HttpResponse<String> response, int status, String code) throws IOException {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).get().asString().startsWith("application/json");
        JsonNode error = json(response).path("error");
        assertThat(error.path("code").asText()).isEqualTo(code);
        assertThat(error.path("type").asText()).isNotEmpty();
        assertThat(error.path("message").asText()).isNotEmpty();
        assertThat(error.has("param")).isTrue();
    }

    @Test
    void listsModelGroupsOnceEachInConfigOrder() throws Exception {
        JsonNode list = json(gateway.get("/v1/models"));

        assertThat(list.path("object").asText()).isEqualTo("list");
        assertThat(list.path("data").findValuesAsText("id")).containsExactly("ditto/echo", "gpt-4o");
        assertThat(list.path("data").get(1).path("owned_by").asText()).isEqualTo("openai");
        assertThat(json(gateway.get("/models")).path("data")).hasSize(2);
    }

    @Test
    void describesOneModelWhoseIdHasASlash() throws Exception {
        JsonNode model = json(gateway.get("/v1/models/ditto/echo"));

        assertThat(model.path("id").asText()).isEqualTo("ditto/echo");
        assertThat(model.path("object").asText()).isEqualTo("model");
        assertEnvelope(gateway.get("/v1/models/nope"), 404, "model_not_found");
    }

    @Test
    void echoAnswersWithTheLastUserMessageAndCountsWords() throws Exception {
        HttpResponse<String> response = gateway.postJson("/v1/chat/completions", """
                {"model":"ditto/echo","messages":[
                  {"role":"system","content":"Be brief."},
                  {"role":"user","content":"first question"},
                  {"role":"assistant","content":"first answer"},
                  {"role":"user","content":[{"type":"text","text":"Hello there, gateway!"}]}]}""");

        JsonNode completion = json(response);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(completion.path("object").asText()).isEqualTo("chat.completion");
        assertThat(completion.path("model").asText()).isEqualTo("ditto/echo");
        assertThat(completion.at("/choices/0/message/content").asText()).isEqualTo("Hello there, gateway!");
        assertThat(completion.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(completion.at("/usage/prompt_tokens").asInt()).isEqualTo(2 + 2 + 2 + 3);
        assertThat(completion.at("/usage/completion_tokens").asInt()).isEqualTo(3);
        assertThat(completion.at("/usage/total_tokens").asInt()).isEqualTo(12);
    }

    @Test
    void echoStopsAtMaxTokensWithFinishReasonLength() throws Exception {
        JsonNode completion = json(gateway.postJson("/chat/completions",
                "{\"model\":\"ditto/echo\",\"max_completion_tokens\":2,\"messages\":[{\"role\":\"user\",\"content\":\"one two three\"}]}"));

        assertThat(completion.at("/choices/0/message/content").asText()).isEqualTo("one two");
        assertThat(completion.at("/choices/0/finish_reason").asText()).isEqualTo("length");
    }

    @Test
    void echoStreamsWordByWordWithUsageOnlyWhenAsked() throws Exception {
        List<String> withUsage = streamEvents(
                "{\"model\":\"ditto/echo\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"a b c\"}]}");
        List<String> withoutUsage = streamEvents(
                "{\"model\":\"ditto/echo\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"a b c\"}]}");

        assertThat(withUsage).last().isEqualTo("[DONE]");
        List<JsonNode> chunks = new ArrayList<>();
        for (String data : withUsage.subList(0, withUsage.size() - 1)) {
            chunks.add(JSON.readTree(data));
        }
        assertThat(chunks).allSatisfy(c -> assertThat(c.path("object").asText()).isEqualTo("chat.completion.chunk"));
        assertThat(chunks.get(0).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        StringBuilder text = new StringBuilder();
        chunks.forEach(c -> text.append(c.at("/choices/0/delta/content").asText("")));
        assertThat(text).hasToString("a b c");
        assertThat(chunks).filteredOn(c -> c.at("/choices/0/delta/content").asText("").strip().length() == 1).hasSize(3);
        JsonNode usage = chunks.get(chunks.size() - 1);
        assertThat(usage.path("choices")).isEmpty();
        assertThat(usage.at("/usage/completion_tokens").asInt()).isEqualTo(3);
        assertThat(chunks.get(chunks.size() - 2).at("/choices/0/finish_reason").asText()).isEqualTo("stop");

        assertThat(withoutUsage).hasSize(withUsage.size() - 1).last().isEqualTo("[DONE]");
        assertThat(withoutUsage).noneMatch(data -> data.contains("\"usage\""));
    }

    private static List<String> streamEvents(String body) throws Exception {
        HttpResponse<Stream<String>> response = gateway.client().send(
                HttpRequest.newBuilder(gateway.uri("/v1/chat/completions")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(response.headers().firstValue("content-type")).get().asString().startsWith("text/event-stream");
        List<String> events = new ArrayList<>();
        Iterator<String> lines = response.body().iterator();
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.startsWith("data: ")) {
                events.add(line.substring("data: ".length()));
            }
        }
        return events;
    }

    @Test
    void malformedJsonIs400() throws Exception {
        assertEnvelope(gateway.postJson("/v1/chat/completions", "{\"model\": "), 400, "invalid_json");
        assertEnvelope(gateway.postJson("/v1/chat/completions", "[1,2]"), 400, "invalid_json");
        assertEnvelope(gateway.postJson("/v1/chat/completions", ""), 400, "invalid_json");
    }

    @Test
    void missingFieldsNameTheParam() throws Exception {
        HttpResponse<String> response = gateway.postJson("/v1/chat/completions", "{\"model\":\"ditto/echo\"}");

        assertEnvelope(response, 400, "missing_required_parameter");
        assertThat(json(response).at("/error/param").asText()).isEqualTo("messages");
        assertThat(json(gateway.postJson("/v1/chat/completions", "{\"messages\":[]}")).at("/error/param").asText())
                .isEqualTo("model");
        HttpResponse<String> unknown = gateway.postJson("/v1/chat/completions",
                "{\"model\":\"nope\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        assertEnvelope(unknown, 404, "model_not_found");
    }

    @Test
    void wrongContentTypeIs415() throws Exception {
        HttpResponse<String> response = gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/chat/completions"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("{}")).build());

        assertEnvelope(response, 415, "unsupported_media_type");
    }

    @Test
    void unknownRouteIs404AndWrongMethodIs405() throws Exception {
        HttpResponse<String> unknown = gateway.get("/v1/does-not-exist");
        HttpResponse<String> wrongMethod = gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/models")).DELETE().build());

        assertEnvelope(unknown, 404, "unknown_url");
        assertThat(json(unknown).at("/error/message").asText()).contains("GET /v1/does-not-exist");
        assertEnvelope(wrongMethod, 405, "method_not_allowed");
        assertThat(wrongMethod.headers().firstValue("allow")).get().asString().contains("GET");
    }

    @Test
    void bodyOverTheLimitIs413WhetherDeclaredOrChunked() throws Exception {
        String big = "{\"model\":\"ditto/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "a".repeat(70_000) + "\"}]}";

        // Declared, and the whole body sent before the answer is read, as Python's clients (httpx,
        // so the openai SDK) do: the refused body is drained, so the client can write all of it
        // and then read the 413. 8 MiB is far more than the socket buffers hold.
        String declared = sendAllThenRead("/v1/chat/completions", 8 << 20, "");
        assertThat(declared).startsWith("HTTP/1.1 413").contains("\"code\":\"request_too_large\"")
                .containsIgnoringCase("connection: close");
        // On Anthropic's route the error has Anthropic's shape.
        assertThat(sendAllThenRead("/v1/messages", 1 << 20, "")).startsWith("HTTP/1.1 413")
                .contains("\"type\":\"error\"").contains("\"type\":\"request_too_large\"");
        // A client that asked to continue has not sent the body: answered and closed at once.
        long started = System.nanoTime();
        String expecting = headersOnly("/v1/chat/completions", big.length(), "Expect: 100-continue\r\n");
        assertThat(expecting).startsWith("HTTP/1.1 413").doesNotContain("100 Continue");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        // Chunked, and all of it sent before the answer is read: refused once it passes the limit,
        // then the rest is drained the same way.
        assertThat(sendAllChunkedThenRead("/v1/chat/completions", 8 << 20)).startsWith("HTTP/1.1 413")
                .contains("\"code\":\"request_too_large\"").containsIgnoringCase("connection: close");
        assertThat(sendAllChunkedThenRead("/v1/messages", 1 << 20)).startsWith("HTTP/1.1 413")
                .contains("\"type\":\"request_too_large\"");
        HttpResponse<String> chunked = gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> stream(big))).build());
        assertEnvelope(chunked, 413, "request_too_large");
        String underLimit = "{\"model\":\"ditto/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "a".repeat(60_000) + "\"}]}";
        assertThat(gateway.postJson("/v1/chat/completions", underLimit).statusCode()).isEqualTo(200);
    }

    /** Sends a request's headers alone, declaring a body that never comes, and reads the answer. */
    private String headersOnly(String path, int length, String extraHeaders) throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket(gateway.baseUri().getHost(), gateway.baseUri().getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(head(path, length, extraHeaders));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Sends headers and the whole declared body, and only then reads the answer to its end. */
    private String sendAllThenRead(String path, int length, String extraHeaders) throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket(gateway.baseUri().getHost(), gateway.baseUri().getPort())) {
            socket.setSoTimeout(30_000);
            java.io.OutputStream out = socket.getOutputStream();
            out.write(head(path, length, extraHeaders));
            byte[] chunk = "a".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
            for (int sent = 0; sent < length; sent += chunk.length) {
                out.write(chunk, 0, Math.min(chunk.length, length - sent));
            }
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Sends headers and a chunked body of {@code length} bytes, all of it, and only then reads the answer. */
    private String sendAllChunkedThenRead(String path, int length) throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket(gateway.baseUri().getHost(), gateway.baseUri().getPort())) {
            socket.setSoTimeout(30_000);
            java.io.OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            byte[] body = ("{\"model\":\"ditto/echo\",\"messages\":[{\"role\":\"user\",\"content\":\""
                    + "a".repeat(64 * 1024)).getBytes(StandardCharsets.US_ASCII);
            for (int sent = 0; sent < length; sent += body.length) {
                out.write((Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static byte[] head(String path, int length, String extraHeaders) {
        return ("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + length + "\r\n" + extraHeaders + "Connection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    private static InputStream stream(String body) {
        // An InputStream publisher has no known length, so the client sends the body chunked.
        return new java.io.ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void requestIdIsEchoedOrGenerated() throws Exception {
        HttpResponse<String> given = gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/models"))
                .header("x-request-id", "abc-123").GET().build());
        HttpResponse<String> generated = gateway.get("/v1/models");
        HttpResponse<String> onError = gateway.send(HttpRequest.newBuilder(gateway.uri("/nope"))
                .header("x-request-id", "err-1").GET().build());
        HttpResponse<String> unsafe = gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/models"))
                .header("x-request-id", "bad id with spaces").GET().build());

        assertThat(given.headers().firstValue("x-request-id")).contains("abc-123");
        assertThat(generated.headers().firstValue("x-request-id")).get().asString().hasSize(36);
        assertThat(onError.headers().firstValue("x-request-id")).contains("err-1");
        assertThat(unsafe.headers().firstValue("x-request-id")).get().asString().doesNotContain(" ").hasSize(36);
    }

    @Test
    void healthEndpointsReportTheDatabase() throws Exception {
        HttpResponse<String> readiness = gateway.get("/health/readiness");
        JsonNode health = json(gateway.get("/health"));

        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(json(readiness).at("/checks/database/status").asText()).isEqualTo("up");
        assertThat(json(readiness).at("/checks/database/target").asText()).startsWith("jdbc:h2:file:");
        assertThat(gateway.get("/health/liveliness").statusCode()).isEqualTo(200);
        assertThat(gateway.get("/health/liveness").statusCode()).isEqualTo(200);
        assertThat(health.path("status").asText()).isEqualTo("healthy");
        assertThat(health.at("/node/id").asText()).isNotEmpty();
        assertThat(health.path("models").asInt()).isEqualTo(2);
    }

    @Test
    void readinessIs503WithDetailWhenRedisIsDown() throws Exception {
        try (GatewayServer withRedis = GatewayServer.start("""
                model_list: [{model_name: ditto/echo, litellm_params: {model: ditto/echo}}]
                router_settings: {redis_host: 127.0.0.1, redis_port: 1}
                """)) {
            HttpResponse<String> readiness = withRedis.get("/health/readiness");

            assertThat(readiness.statusCode()).isEqualTo(503);
            JsonNode body = json(readiness);
            assertThat(body.path("status").asText()).isEqualTo("unhealthy");
            assertThat(body.at("/checks/database/status").asText()).isEqualTo("up");
            assertThat(body.at("/checks/redis/status").asText()).isEqualTo("down");
            assertThat(body.at("/checks/redis/target").asText()).isEqualTo("127.0.0.1:1");
            assertThat(body.at("/checks/redis/error").asText()).isNotEmpty();
            assertThat(withRedis.get("/health/liveliness").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void requestsTheServerRefusesBeforeTheAppStillGetTheEnvelope() throws Exception {
        try (java.net.Socket socket = new java.net.Socket(gateway.baseUri().getHost(), gateway.baseUri().getPort())) {
            socket.getOutputStream().write("GET /v1/models/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(response).startsWith("HTTP/1.1 400");
            assertThat(response).containsIgnoringCase("content-type: application/json");
            JsonNode error = JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4)).path("error");
            assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
            assertThat(error.path("code").asText()).isEqualTo("http_400");
        }
    }
}
