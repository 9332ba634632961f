package dev.ditto.gateway.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.control.Outcome;
import dev.ditto.control.RequestRecord;
import dev.ditto.testing.FakeUpstream;
import dev.ditto.testing.GatewayServer;
import dev.ditto.testing.Reply;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every endpoint also answers without the {@code /v1} prefix, as LiteLLM serves them, and counts
 * as its {@code /v1} route: routed to the upstream, recorded under the {@code /v1} name, and
 * limited by the same route limits. Passthrough routes included.
 */
class UnprefixedRoutesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHAT_BODY = "{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String MESSAGES_BODY = "{\"model\":\"gpt\",\"max_tokens\":16,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private FakeUpstream upstream;
    private GatewayServer gateway;

    @BeforeEach
    void start() throws Exception {
        upstream = FakeUpstream.start();
        gateway = GatewayServer.start("""
                model_list:
                  - model_name: gpt
                    litellm_params: {model: openai/gpt-4.1-nano, api_base: "%1$s/v1", api_key: sk-up}
                    model_info: {id: gpt-1}
                router_settings: {num_retries: 0}
                ditto:
                  limits:
                    route_groups:
                      rerank: [/rerank]
                    key:
                      route_groups:
                        rerank: {rpm_limit: 1}
                """.formatted(upstream.baseUri()));
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
        upstream.close();
    }

    static Stream<Arguments> routes() {
        return Stream.of(
                Arguments.of("POST", "/chat/completions", CHAT_BODY, "/v1/chat/completions",
                        Reply.fixture("openai-chat/openai-text.json")),
                Arguments.of("POST", "/completions", "{\"model\":\"gpt\",\"prompt\":\"hi\",\"max_tokens\":8}",
                        "/v1/completions", Reply.fixture("openai-completion/openai-completion-text.json")),
                Arguments.of("POST", "/embeddings", "{\"model\":\"gpt\",\"input\":\"hi\"}", "/v1/embeddings",
                        Reply.fixture("openai-embedding/openai-embedding.json")),
                Arguments.of("POST", "/responses", "{\"model\":\"gpt\",\"input\":\"hi\"}", "/v1/responses",
                        Reply.fixture("openai-responses/openai-web-search-tool.1.json")),
                Arguments.of("POST", "/messages", MESSAGES_BODY, "/v1/chat/completions",
                        Reply.fixture("openai-chat/openai-text.json")),
                Arguments.of("POST", "/images/generations", "{\"model\":\"gpt\",\"prompt\":\"a cat\"}",
                        "/v1/images/generations", Reply.json("{\"created\":1,\"data\":[{\"b64_json\":\"aGk=\"}]}")),
                Arguments.of("POST", "/moderations", "{\"model\":\"gpt\",\"input\":\"hi\"}", "/v1/moderations",
                        Reply.json("{\"id\":\"modr-1\",\"model\":\"m\",\"results\":[]}")),
                Arguments.of("GET", "/files", null, "/v1/files",
                        Reply.json("{\"object\":\"list\",\"data\":[],\"has_more\":false}")),
                Arguments.of("GET", "/batches/batch_1", null, "/v1/batches/batch_1",
                        Reply.json("{\"id\":\"batch_1\",\"object\":\"batch\",\"status\":\"completed\"}")),
                Arguments.of("GET", "/responses/resp_1/input_items", null, "/v1/responses/resp_1/input_items",
                        Reply.json("{\"object\":\"list\",\"data\":[],\"has_more\":false}")),
                Arguments.of("DELETE", "/responses/resp_1", null, "/v1/responses/resp_1",
                        Reply.json("{\"id\":\"resp_1\",\"object\":\"response.deleted\",\"deleted\":true}")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("routes")
    void answersWithoutV1LikeItsV1Route(String method, String path, String body, String upstreamPath, Reply reply)
            throws Exception {
        upstream.on(method, upstreamPath).enqueue(reply);

        HttpResponse<String> response = send(method, path, body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(upstream.awaitRequest(1, TIMEOUT).path()).isEqualTo(upstreamPath);
        RequestRecord record = gateway.awaitRecords(1, TIMEOUT).get(0);
        assertThat(record.route()).startsWith("/v1/");
        assertThat(record.outcome().status()).isEqualTo(Outcome.Status.OK);
    }

    @Test
    void countTokensAndModelsAnswerWithoutV1() throws Exception {
        HttpResponse<String> counted = send("POST", "/messages/count_tokens",
                "{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        HttpResponse<String> models = send("GET", "/models", null);
        HttpResponse<String> model = send("GET", "/models/gpt", null);

        assertThat(JSON.readTree(counted.body()).path("input_tokens").asLong()).isPositive();
        assertThat(JSON.readTree(models.body()).path("data").findValuesAsText("id")).containsExactly("gpt");
        assertThat(JSON.readTree(model.body()).path("id").asText()).isEqualTo("gpt");
    }

    @Test
    void aPassthroughRouteIsLimitedLikeTheOthersWithOrWithoutV1() throws Exception {
        upstream.on("POST", "/v1/rerank").defaultReply(Reply.json("{\"id\":\"r\",\"results\":[]}"));
        String rerank = "{\"model\":\"gpt\",\"query\":\"q\",\"documents\":[\"a\",\"b\"]}";

        HttpResponse<String> first = send("POST", "/rerank", rerank);
        HttpResponse<String> second = send("POST", "/v1/rerank", rerank);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(429);
        JsonNode error = JSON.readTree(second.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(second.headers().firstValue("retry-after")).isPresent();
        assertThat(upstream.requestCount()).isEqualTo(1);
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.uri(path));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("content-type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return gateway.send(request.build());
    }
}
