package dev.ditto.gateway.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.ditto.config.ConfigLoader;
import dev.ditto.config.ConfigSource;
import dev.ditto.config.GatewaySettings;
import dev.ditto.control.Outcome;
import dev.ditto.control.RequestRecord;
import dev.ditto.gateway.ModelCatalog;
import dev.ditto.gateway.routing.CooldownTracker;
import dev.ditto.gateway.routing.Router;
import dev.ditto.testing.CapturedRequest;
import dev.ditto.testing.FakeClock;
import dev.ditto.testing.FakeUpstream;
import dev.ditto.testing.GatewayServer;
import dev.ditto.testing.Reply;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The configuration examples of {@code docs/routing.md}, read from the page and run as they are
 * but for each deployment's {@code api_base}, which points at a fake upstream
 * ({@code /<model_name>/v1}): they do what the page says they do.
 */
class RoutingDocExamplesTest {

    private static final Path DOC = Path.of("docs/routing.md");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> ENVIRONMENT = Map.of("OPENAI_API_KEY", "sk-openai",
            "AZURE_API_KEY", "azure-key", "ANTHROPIC_API_KEY", "sk-ant");
    private static final String CHAT = "openai-chat/openai-text.json";
    private static final String SERVER_ERROR = "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}";

    private FakeUpstream upstream;
    private GatewayServer gateway;

    @BeforeEach
    void startUpstream() {
        upstream = FakeUpstream.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        upstream.close();
    }

    @Test
    void theStrategiesExampleShufflesByRpm() throws IOException {
        GatewaySettings settings = new ConfigLoader(ENVIRONMENT::get)
                .load(new ConfigSource("routing.md", example("## Strategies")));
        Router router = new Router(settings, ModelCatalog.of(settings.modelList()), FakeClock.ofDefaults(),
                new Random(7));
        Map<String, Integer> picks = new HashMap<>();
        for (int i = 0; i < 3000; i++) {
            picks.merge(router.select("gpt-4o", Set.of()).map(d -> d.litellmParams().provider()).orElseThrow(), 1,
                    Integer::sum);
        }

        // rpm 600 against 300: twice as often.
        assertThat(picks.get("azure") / (double) picks.get("openai")).isBetween(1.7, 2.3);
    }

    @Test
    void retryableFailuresAreRetriedInTheGroupThenFollowTheFallbacksInOrder() throws Exception {
        start("## Retries and fallbacks");
        upstream.on("POST", "/gpt-4o/v1/chat/completions").defaultReply(Reply.json(500, SERVER_ERROR));
        upstream.on("POST", "/claude/v1/messages").enqueue(Reply.fixture("anthropic-messages/anthropic-text.json"));

        HttpResponse<String> response = chat("req-retries", "gpt-4o");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue(Answers.MODEL_ID_HEADER)).contains(id("claude"));
        // num_retries: 2 retries on the only deployment, then the first fallback.
        assertThat(paths()).containsExactly("/gpt-4o/v1/chat/completions", "/gpt-4o/v1/chat/completions",
                "/gpt-4o/v1/chat/completions", "/claude/v1/messages");
        assertThat(record("req-retries").outcome().attempts()).isEqualTo(4);
    }

    @Test
    void aPromptTooLongGoesToTheContextWindowFallbackWithoutRetry() throws Exception {
        start("## Retries and fallbacks");
        upstream.on("POST", "/gpt-4o-mini/v1/chat/completions").defaultReply(Reply.json(400, """
                {"error":{"message":"This model's maximum context length is 128000 tokens.",\
                "type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}}"""));
        upstream.on("POST", "/gpt-4o/v1/chat/completions").enqueue(Reply.fixture(CHAT));

        HttpResponse<String> response = chat("req-context", "gpt-4o-mini");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue(Answers.MODEL_ID_HEADER)).contains(id("gpt-4o"));
        assertThat(paths()).containsExactly("/gpt-4o-mini/v1/chat/completions", "/gpt-4o/v1/chat/completions");
    }

    @Test
    void aContentFilterRefusalGoesToTheContentPolicyFallbackFirst() throws Exception {
        start("## Retries and fallbacks");
        upstream.on("POST", "/gpt-4o/v1/chat/completions").defaultReply(Reply.json(400, """
                {"error":{"message":"The response was filtered due to the prompt triggering content management policy.",\
                "type":"invalid_request_error","param":"prompt","code":"content_filter"}}"""));
        upstream.on("POST", "/claude/v1/messages").enqueue(Reply.fixture("anthropic-messages/anthropic-text.json"));

        HttpResponse<String> response = chat("req-policy", "gpt-4o");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue(Answers.MODEL_ID_HEADER)).contains(id("claude"));
        assertThat(paths()).containsExactly("/gpt-4o/v1/chat/completions", "/claude/v1/messages");
    }

    @Test
    void aGroupWithoutARuleFallsBackToTheDefaultFallbacks() throws Exception {
        start("## Retries and fallbacks");
        upstream.on("POST", "/claude/v1/messages").defaultReply(Reply.json(500,
                "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"Internal server error\"}}"));
        upstream.on("POST", "/gpt-4o-mini/v1/chat/completions").enqueue(Reply.fixture(CHAT));

        HttpResponse<String> response = chat("req-default", "claude");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue(Answers.MODEL_ID_HEADER)).contains(id("gpt-4o-mini"));
        assertThat(paths()).containsExactly("/claude/v1/messages", "/claude/v1/messages", "/claude/v1/messages",
                "/gpt-4o-mini/v1/chat/completions");
    }

    @Test
    void aClientErrorIsNeitherRetriedNorSentToAFallback() throws Exception {
        start("## Retries and fallbacks");
        upstream.on("POST", "/gpt-4o/v1/chat/completions").defaultReply(Reply.json(400, """
                {"error":{"message":"bad temperature","type":"invalid_request_error","param":"temperature",\
                "code":"invalid_value"}}"""));

        HttpResponse<String> response = chat("req-bad", "gpt-4o");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).at("/error/param").asText()).isEqualTo("temperature");
        assertThat(paths()).containsExactly("/gpt-4o/v1/chat/completions");
        assertThat(record("req-bad").outcome().status()).isEqualTo(Outcome.Status.UPSTREAM_ERROR);
    }

    @Test
    void aRateLimitedSoloDeploymentIsRetriedAfterItsRetryAfterWhileCoolingDown() throws Exception {
        start("## Cooldowns");
        upstream.on("POST", "/gpt-4o/v1/chat/completions").enqueue(Reply.json(429,
                "{\"error\":{\"message\":\"slow down\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}")
                .toBuilder().header("retry-after", "2").build());
        upstream.on("POST", "/gpt-4o/v1/chat/completions").enqueue(Reply.fixture(CHAT));

        long started = System.nanoTime();
        HttpResponse<String> response = chat("req-429", "gpt-4o");
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(paths()).containsExactly("/gpt-4o/v1/chat/completions", "/gpt-4o/v1/chat/completions");
        // The back-off without Retry-After would be 100 to 200 ms.
        assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        // A 429 opens the breaker at once, yet the group's only deployment still serves.
        assertThat(gateway.gateway().dataPlane().router().cooldowns().availability(id("gpt-4o")))
                .isEqualTo(CooldownTracker.Availability.COOLING_DOWN);
        assertThat(record("req-429").outcome().attempts()).isEqualTo(2);
    }

    @Test
    void afterAllowedFailsTheSoloDeploymentCoolsDownYetKeepsServing() throws Exception {
        start("## Cooldowns");
        upstream.on("POST", "/gpt-4o/v1/chat/completions").defaultReply(Reply.json(500, SERVER_ERROR));

        // Each request tries 3 times (num_retries defaults to 2): the 4th failure is over allowed_fails: 3.
        HttpResponse<String> failed = chat("req-fail-1", "gpt-4o");
        CooldownTracker cooldowns = gateway.gateway().dataPlane().router().cooldowns();
        assertThat(cooldowns.availability(id("gpt-4o"))).isEqualTo(CooldownTracker.Availability.AVAILABLE);
        chat("req-fail-2", "gpt-4o");

        assertThat(failed.statusCode()).as("the upstream's failure, as a 5xx").isBetween(500, 599);
        assertThat(cooldowns.availability(id("gpt-4o"))).isEqualTo(CooldownTracker.Availability.COOLING_DOWN);
        assertThat(upstream.requestCount()).as("still called while cooling down").isEqualTo(6);
    }

    /** Starts the gateway with the page's example under a heading, its deployments on the fake upstream. */
    private void start(String heading) throws Exception {
        ObjectNode config = (ObjectNode) new YAMLMapper().readTree(example(heading));
        for (JsonNode entry : config.path("model_list")) {
            ((ObjectNode) entry.path("litellm_params")).put("api_base",
                    upstream.baseUri() + "/" + entry.path("model_name").asText() + "/v1");
        }
        gateway = GatewayServer.start(JSON.writeValueAsString(config), ENVIRONMENT);
    }

    /** The first yaml block after a heading of the page. */
    private static String example(String heading) throws IOException {
        String page = Files.readString(DOC);
        int at = page.indexOf("\n" + heading + "\n");
        assertThat(at).as(heading + " in " + DOC).isNotNegative();
        Matcher block = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL).matcher(page);
        assertThat(block.find(at)).as("a yaml example under " + heading).isTrue();
        return block.group(1);
    }

    private HttpResponse<String> chat(String requestId, String model) throws Exception {
        return gateway.send(HttpRequest.newBuilder(gateway.uri("/v1/chat/completions"))
                .header("content-type", "application/json").header("x-request-id", requestId)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model
                        + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build());
    }

    private java.util.List<String> paths() {
        return upstream.requests().stream().map(CapturedRequest::path).toList();
    }

    private String id(String modelName) {
        return gateway.gateway().catalog().group(modelName).orElseThrow().get(0).id();
    }

    private RequestRecord record(String requestId) throws InterruptedException {
        return gateway.awaitRecord(requestId);
    }
}
