package dev.ditto.gateway.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.ditto.control.Caller;
import dev.ditto.testing.GatewayServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * API keys on the data plane, in each route's own error shape; a refused request's body is
 * read and thrown away, so the connection stays usable.
 */
class TenantAuthFilterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONFIG = """
            model_list:
              - {model_name: ditto/echo, litellm_params: {model: ditto/echo}}
            general_settings:
              master_key: sk-master-1234
            """;
    private static final String CHAT = "{\"model\":\"ditto/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String MESSAGES = "{\"model\":\"ditto/echo\",\"max_tokens\":16,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @Test
    void withAMasterKeyTheDataPlaneNeedsIt() throws Exception {
        try (GatewayServer gateway = GatewayServer.start(CONFIG)) {
            HttpResponse<String> missing = post(gateway, "/v1/chat/completions", CHAT, Map.of());
            assertThat(missing.statusCode()).isEqualTo(401);
            JsonNode error = JSON.readTree(missing.body()).path("error");
            assertThat(error.path("type").asText()).isEqualTo("authentication_error");
            assertThat(error.path("code").asText()).isEqualTo("missing_api_key");

            HttpResponse<String> wrong = post(gateway, "/chat/completions", CHAT,
                    Map.of("authorization", "Bearer sk-master-1235"));
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(JSON.readTree(wrong.body()).path("error").path("code").asText()).isEqualTo("invalid_api_key");

            assertThat(gateway.get("/v1/models").statusCode()).isEqualTo(401);

            HttpResponse<String> right = post(gateway, "/v1/chat/completions", CHAT,
                    Map.of("authorization", "Bearer sk-master-1234", "x-request-id", "req-master"));
            assertThat(right.statusCode()).isEqualTo(200);
            assertThat(gateway.awaitRecord("req-master").caller().keyId()).isEqualTo(Caller.MASTER);

            assertThat(gateway.get("/health/liveness").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void anthropicRoutesAnswerInAnthropicsShapeAndTakeXApiKey() throws Exception {
        try (GatewayServer gateway = GatewayServer.start(CONFIG)) {
            HttpResponse<String> missing = post(gateway, "/v1/messages", MESSAGES, Map.of());
            assertThat(missing.statusCode()).isEqualTo(401);
            JsonNode body = JSON.readTree(missing.body());
            assertThat(body.path("type").asText()).isEqualTo("error");
            assertThat(body.path("error").path("type").asText()).isEqualTo("authentication_error");

            HttpResponse<String> right = post(gateway, "/v1/messages", MESSAGES, Map.of("x-api-key", "sk-master-1234"));
            assertThat(right.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(right.body()).path("type").asText()).isEqualTo("message");
        }
    }

    @Test
    void geminiClientsSendTheKeyAsXGoogApiKeyAndARefusalKeepsItsShape() throws Exception {
        try (GatewayServer gateway = GatewayServer.start(CONFIG)) {
            HttpResponse<String> right = post(gateway, "/v1/chat/completions", CHAT,
                    Map.of("x-goog-api-key", "sk-master-1234", "x-request-id", "req-goog"));
            assertThat(right.statusCode()).isEqualTo(200);
            assertThat(gateway.awaitRecord("req-goog").caller().keyId()).isEqualTo(Caller.MASTER);

            HttpResponse<String> wrong = post(gateway, "/v1/chat/completions", CHAT,
                    Map.of("x-goog-api-key", "sk-master-1235"));
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.headers().allValues("www-authenticate")).containsExactly("Bearer");
            JsonNode error = JSON.readTree(wrong.body()).path("error");
            assertThat(error.path("type").asText()).isEqualTo("authentication_error");
            assertThat(error.path("code").asText()).isEqualTo("invalid_api_key");
            assertThat(error.has("param")).isTrue();

            HttpResponse<String> anthropic = post(gateway, "/v1/messages", MESSAGES,
                    Map.of("x-goog-api-key", "sk-master-1235"));
            assertThat(anthropic.statusCode()).isEqualTo(401);
            assertThat(JSON.readTree(anthropic.body()).at("/error/type").asText()).isEqualTo("authentication_error");
            assertThat(JSON.readTree(anthropic.body()).path("type").asText()).isEqualTo("error");
        }
    }

    @Test
    void theMasterKeyCanComeFromTheEnvironmentAndTheOpenAiClientUsesIt() throws Exception {
        String config = "model_list:\n  - {model_name: ditto/echo, litellm_params: {model: ditto/echo}}\n";
        try (GatewayServer gateway = GatewayServer.start(config, Map.of("DITTO_MASTER_KEY", "sk-from-env"))) {
            OpenAIClient good = client(gateway, "sk-from-env");
            OpenAIClient bad = client(gateway, "sk-nope");
            try {
                ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("ditto/echo")
                        .addUserMessage("hello").build();
                assertThat(good.chat().completions().create(params).choices()).hasSize(1);
                assertThatThrownBy(() -> bad.chat().completions().create(params))
                        .isInstanceOf(UnauthorizedException.class);
            } finally {
                good.close();
                bad.close();
            }
        }
    }

    @Test
    void withoutAMasterKeyTheDataPlaneIsOpen() throws Exception {
        try (GatewayServer gateway = GatewayServer.start()) {
            HttpResponse<String> response = post(gateway, "/v1/chat/completions", CHAT,
                    Map.of("x-request-id", "req-open"));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(gateway.awaitRecord("req-open").caller().keyId()).isEqualTo(Caller.ANONYMOUS);
        }
    }

    @Test
    void aRefusedBodyIsReadSoTheConnectionServesTheNextRequest() throws Exception {
        try (GatewayServer gateway = GatewayServer.start(CONFIG);
                java.net.Socket socket = new java.net.Socket(gateway.baseUri().getHost(), gateway.baseUri().getPort())) {
            socket.setSoTimeout(30_000);
            java.io.OutputStream out = socket.getOutputStream();
            java.io.InputStream in = new java.io.BufferedInputStream(socket.getInputStream());
            byte[] body = CHAT.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            String head = "POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Authorization: Bearer sk-wrong\r\nContent-Length: " + body.length + "\r\n\r\n";

            // The headers alone: the 401 comes before the body was even sent.
            out.write(head.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            out.flush();
            String first = readResponse(in);
            // Then the body, and a second request on the same connection: unread, the body would
            // have made the server close the connection after the first answer.
            out.write(body);
            out.write(head.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            String second = readResponse(in);

            assertThat(first).startsWith("HTTP/1.1 401").doesNotContainIgnoringCase("connection: close")
                    .contains("invalid_api_key");
            assertThat(second).startsWith("HTTP/1.1 401").contains("invalid_api_key");
        }
    }

    /** Reads one HTTP/1.1 response with a Content-Length body off a kept-alive connection. */
    private static String readResponse(java.io.InputStream in) throws java.io.IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int next = in.read();
            if (next < 0) {
                throw new java.io.EOFException("the connection closed after: " + head);
            }
            head.append((char) next);
        }
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        assertThat(length.find()).as("a Content-Length in %s", head).isTrue();
        byte[] body = in.readNBytes(Integer.parseInt(length.group(1)));
        return head + new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static OpenAIClient client(GatewayServer gateway, String key) {
        return OpenAIOkHttpClient.builder().baseUrl(gateway.baseUri() + "/v1").apiKey(key).maxRetries(0).build();
    }

    private static HttpResponse<String> post(GatewayServer gateway, String path, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.uri(path)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return gateway.send(request.build());
    }
}
