package dev.ditto.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.testing.CapturedRequest;
import dev.ditto.testing.ChatFixtureFacts;
import dev.ditto.testing.FakeUpstream;
import dev.ditto.testing.Fixtures;
import dev.ditto.testing.GatewayServer;
import dev.ditto.testing.NodeScripts;
import dev.ditto.testing.Reply;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JavaScript clients people point at a gateway, the {@code openai} npm package and the
 * Vercel AI SDK ({@code ai} with {@code @ai-sdk/openai-compatible}), run by Node.js against the
 * embedded gateway and fake upstreams that replay recorded provider responses. The scripts in
 * {@code src/test/node} run every scenario in one process per library and print what the client
 * saw; each test here checks one scenario against the recorded fixture.
 *
 * <p>Node.js 20+ and npm are required: without them every test here fails, saying so.
 */
class JavaScriptClientsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OPENAI_TEXT = "openai-chat/openai-text.json";
    private static final String OPENAI_STREAM = "openai-chat/openai-text.chunks.txt";
    private static final String COMPAT_TEXT = "openai-compatible-chat/xai-text.json";
    private static final String COMPAT_STREAM = "openai-compatible-chat/xai-text.chunks.txt";
    private static final String EMBEDDING = "openai-embedding/openai-embedding.json";
    private static final String ANTHROPIC_STREAM = "anthropic-messages/anthropic-text.chunks.txt";
    private static final String GEMINI_TEXT = "google-gemini/google-text.json";
    private static final String MISTRAL_TOOL = "mistral-chat/mistral-tool-call.json";
    private static final String MISTRAL_TOOL_STREAM = "mistral-chat/mistral-tool-call.chunks.txt";

    /**
     * What a LiteLLM user brings: two OpenAI-compatible deployments in two groups, keys from the
     * environment, and a fallback from one group to the other. Nothing in it is Ditto's own.
     */
    private static final String LITELLM_MODEL_LIST = """
              - model_name: gpt-4o
                litellm_params:
                  model: openai/gpt-4o
                  api_base: "%1$s/primary/v1"
                  api_key: os.environ/PRIMARY_API_KEY
                model_info: {id: primary}
              - model_name: gpt-4o-backup
                litellm_params:
                  model: openai/gpt-4o-mini
                  api_base: "%1$s/backup/v1"
                  api_key: os.environ/BACKUP_API_KEY
                model_info: {id: backup}
            router_settings:
              num_retries: 1
              fallbacks: [{"gpt-4o": ["gpt-4o-backup"]}]
            """;

    private static FakeUpstream upstream;
    private static GatewayServer gateway;
    private static JsonNode openai;
    private static JsonNode aiSdk;

    @BeforeAll
    static void runClients() throws Exception {
        NodeScripts node = NodeScripts.install();
        upstream = FakeUpstream.start();
        gateway = GatewayServer.start(("""
                model_list:
                  - {model_name: gpt-json, litellm_params: {model: openai/gpt-4.1-nano, api_base: "%1$s/chat-json/v1", api_key: sk-o}}
                  - {model_name: gpt-stream, litellm_params: {model: openai/gpt-4.1-nano, api_base: "%1$s/chat-stream/v1", api_key: sk-o}}
                  - {model_name: compat-json, litellm_params: {model: openai_compatible/grok-3-mini, api_base: "%1$s/compat-json/v1", api_key: sk-c}}
                  - {model_name: compat-stream, litellm_params: {model: openai_compatible/grok-3-mini, api_base: "%1$s/compat-stream/v1", api_key: sk-c}}
                  - {model_name: embedding, litellm_params: {model: openai/text-embedding-3-small, api_base: "%1$s/embed/v1", api_key: sk-o}}
                  - {model_name: claude-stream, litellm_params: {model: anthropic/claude-sonnet-4-5, api_base: "%1$s/anthropic/v1", api_key: sk-a}}
                  - {model_name: gemini-json, litellm_params: {model: gemini/gemini-3-pro-preview, api_base: "%1$s/gemini/v1beta", api_key: g-k}}
                  - {model_name: mistral-tools-json, litellm_params: {model: mistral/mistral-small-latest, api_base: "%1$s/mistral-json/v1", api_key: sk-m}}
                  - {model_name: mistral-tools-stream, litellm_params: {model: mistral/mistral-small-latest, api_base: "%1$s/mistral-stream/v1", api_key: sk-m}}
                """ + LITELLM_MODEL_LIST).formatted(upstream.baseUri()),
                Map.of("PRIMARY_API_KEY", "sk-primary", "BACKUP_API_KEY", "sk-backup"));
        upstream.on("POST", "/chat-json/v1/chat/completions").defaultReply(Reply.fixture(OPENAI_TEXT));
        upstream.on("POST", "/chat-stream/v1/chat/completions").defaultReply(Reply.fixture(OPENAI_STREAM));
        upstream.on("POST", "/compat-json/v1/chat/completions").defaultReply(Reply.fixture(COMPAT_TEXT));
        upstream.on("POST", "/compat-stream/v1/chat/completions").defaultReply(Reply.fixture(COMPAT_STREAM));
        // The client asks for base64 vectors; a real OpenAI answers in base64 then, and passthrough relays it.
        upstream.on("POST", "/embed/v1/embeddings").defaultReply(Reply.json(200, base64Embeddings(EMBEDDING)));
        upstream.on("POST", "/anthropic/v1/messages").defaultReply(Reply.fixture(ANTHROPIC_STREAM));
        upstream.onPrefix("POST", "/gemini/v1beta/models/").defaultReply(Reply.fixture(GEMINI_TEXT));
        upstream.on("POST", "/mistral-json/v1/chat/completions").defaultReply(Reply.fixture(MISTRAL_TOOL));
        upstream.on("POST", "/mistral-stream/v1/chat/completions").defaultReply(Reply.fixture(MISTRAL_TOOL_STREAM));
        upstream.on("POST", "/primary/v1/chat/completions").defaultReply(
                Reply.json(500, "{\"error\":{\"message\":\"primary is down\",\"type\":\"server_error\"}}"));
        upstream.on("POST", "/backup/v1/chat/completions").enqueue(Reply.fixture(OPENAI_TEXT), Reply.fixture(OPENAI_STREAM));

        Map<String, String> env = Map.of("DITTO_BASE_URL", gateway.baseUri().toString());
        openai = node.run("openai-client.mjs", env);
        aiSdk = node.run("ai-sdk.mjs", env);
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    private static JsonNode scenario(JsonNode results, String name) {
        JsonNode result = results.path(name);
        assertThat(result.isObject()).as("scenario %s ran; results: %s", name, results).isTrue();
        assertThat(result.path("error").isMissingNode()).as("scenario %s failed: %s", name, result).isTrue();
        return result;
    }

    private static ChatFixtureFacts completionFacts(String fixture) {
        return ChatFixtureFacts.ofCompletion(Fixtures.text(fixture));
    }

    private static ChatFixtureFacts streamFacts(String fixture) {
        return ChatFixtureFacts.ofStream(Fixtures.payloads(fixture));
    }

    // --- the openai npm client ---

    @Test
    void openaiReadsACompletion() throws Exception {
        JsonNode result = scenario(openai, "chatCompletion");
        ChatFixtureFacts expected = completionFacts(OPENAI_TEXT);

        // Passthrough relays the upstream's answer as is, its model name included.
        assertThat(result.path("model").asText())
                .isEqualTo(JSON.readTree(Fixtures.text(OPENAI_TEXT)).path("model").asText());
        assertThat(result.path("text").asText()).isEqualTo(expected.text());
        assertThat(result.path("finishReason").asText()).isEqualTo("stop");
        assertThat(result.at("/usage/prompt_tokens").asLong()).isEqualTo(expected.usageCount("prompt_tokens"));
        assertThat(result.at("/usage/completion_tokens").asLong()).isEqualTo(expected.usageCount("completion_tokens"));
        assertThat(result.at("/usage/total_tokens").asLong()).isEqualTo(expected.usageCount("total_tokens"));
    }

    @Test
    void openaiCollectsAStream() {
        JsonNode result = scenario(openai, "chatStream");
        ChatFixtureFacts expected = streamFacts(OPENAI_STREAM);

        assertThat(result.path("text").asText()).isEqualTo(expected.text());
        assertThat(result.path("finishReason").asText()).isEqualTo(expected.finishReason());
        assertThat(result.path("chunks").asInt()).isGreaterThan(100);
        assertThat(result.at("/usage/prompt_tokens").asLong()).isEqualTo(expected.usageCount("prompt_tokens"));
        assertThat(result.at("/usage/completion_tokens").asLong()).isEqualTo(expected.usageCount("completion_tokens"));
    }

    @Test
    void openaiResponsesOnAnOpenAiCompatibleDeployment() {
        JsonNode result = scenario(openai, "responses");
        ChatFixtureFacts expected = completionFacts(COMPAT_TEXT);

        assertThat(result.path("status").asText()).isEqualTo("completed");
        assertThat(result.path("text").asText()).isEqualTo(expected.text());
        assertThat(result.at("/usage/input_tokens").asLong()).isEqualTo(expected.usageCount("prompt_tokens"));
        assertThat(result.at("/usage/output_tokens").asLong()).isPositive();
        assertThat(upstream.requests()).extracting(CapturedRequest::path).contains("/compat-json/v1/chat/completions");
    }

    @Test
    void openaiStreamsResponsesFromAnOpenAiCompatibleDeployment() {
        JsonNode result = scenario(openai, "responsesStream");
        ChatFixtureFacts expected = streamFacts(COMPAT_STREAM);

        assertThat(result.path("text").asText()).isEqualTo(expected.text());
        assertThat(result.path("completedText").asText()).isEqualTo(expected.text());
        assertThat(result.path("status").asText()).isEqualTo("completed");
        assertThat(result.path("types")).extracting(JsonNode::asText)
                .contains("response.created", "response.output_text.delta", "response.completed");
        assertThat(result.at("/usage/input_tokens").asLong()).isEqualTo(expected.usageCount("prompt_tokens"));
    }

    @Test
    void openaiDecodesBase64Embeddings() throws Exception {
        JsonNode result = scenario(openai, "embeddings");
        JsonNode recorded = JSON.readTree(Fixtures.text(EMBEDDING));

        assertThat(result.path("count").asInt()).isEqualTo(recorded.path("data").size());
        assertThat(result.path("dimensions").asInt()).isEqualTo(recorded.at("/data/0/embedding").size());
        assertThat(result.path("head")).hasSize(Math.min(8, recorded.at("/data/0/embedding").size()));
        for (int i = 0; i < result.path("head").size(); i++) {
            // The vectors travel as base64 float32, so they come back as float32 values.
            assertThat((float) result.path("head").get(i).asDouble())
                    .isEqualTo((float) recorded.at("/data/0/embedding").get(i).asDouble());
        }
        assertThat(result.at("/usage/prompt_tokens").asLong()).isEqualTo(recorded.at("/usage/prompt_tokens").asLong());
        assertThat(upstream.requests()).filteredOn(request -> request.path().equals("/embed/v1/embeddings"))
                .allSatisfy(request -> assertThat(JSON.readTree(request.bodyText()).path("encoding_format").asText())
                        .isEqualTo("base64"));
    }

    /** A recorded float embedding answer re-encoded as OpenAI sends it for encoding_format=base64. */
    private static String base64Embeddings(String fixture) throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode answer =
                (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(Fixtures.text(fixture));
        for (JsonNode item : answer.path("data")) {
            JsonNode vector = item.path("embedding");
            java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(vector.size() * Float.BYTES)
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN);
            vector.forEach(value -> bytes.putFloat((float) value.asDouble()));
            ((com.fasterxml.jackson.databind.node.ObjectNode) item).put("embedding",
                    java.util.Base64.getEncoder().encodeToString(bytes.array()));
        }
        return JSON.writeValueAsString(answer);
    }

    @Test
    void openaiStreamsAnAnthropicAnswerAsChatCompletions() throws Exception {
        JsonNode result = scenario(openai, "anthropicStream");
        StringBuilder text = new StringBuilder();
        for (String payload : Fixtures.payloads(ANTHROPIC_STREAM)) {
            text.append(JSON.readTree(payload).at("/delta/text").asText(""));
        }

        assertThat(result.path("text").asText()).isEqualTo(text.toString());
        assertThat(result.path("finishReason").asText()).isEqualTo("stop");
        assertThat(result.at("/usage/prompt_tokens").asLong()).isEqualTo(12);
        assertThat(result.at("/usage/completion_tokens").asLong()).isEqualTo(30);
        assertThat(upstream.requests()).filteredOn(r -> r.path().equals("/anthropic/v1/messages"))
                .allSatisfy(r -> assertThat(r.header("x-api-key")).contains("sk-a"));
    }

    @Test
    void openaiReadsAGeminiAnswerAsAChatCompletion() throws Exception {
        JsonNode result = scenario(openai, "geminiCompletion");
        JsonNode recorded = JSON.readTree(Fixtures.text(GEMINI_TEXT));

        assertThat(result.path("text").asText()).isEqualTo(recorded.at("/candidates/0/content/parts/0/text").asText());
        assertThat(result.path("finishReason").asText()).isEqualTo("stop");
        assertThat(result.at("/usage/prompt_tokens").asLong())
                .isEqualTo(recorded.at("/usageMetadata/promptTokenCount").asLong());
        assertThat(result.at("/usage/total_tokens").asLong())
                .isEqualTo(recorded.at("/usageMetadata/totalTokenCount").asLong());
        assertThat(upstream.requests()).filteredOn(r -> r.path().startsWith("/gemini/"))
                .extracting(CapturedRequest::path).allMatch(path -> path.endsWith(":generateContent"));
    }

    @Test
    void aLiteLlmModelListFallsBackForTheOfficialClientWithOnlyTheBaseUrlChanged() {
        JsonNode result = scenario(openai, "fallback");

        assertThat(result.path("servedBy").asText()).isEqualTo("backup");
        assertThat(result.path("provider").asText()).isEqualTo("openai");
        assertThat(result.path("text").asText()).isEqualTo(completionFacts(OPENAI_TEXT).text());
        assertThat(result.path("streamServedBy").asText()).isEqualTo("backup");
        assertThat(result.path("streamText").asText()).isEqualTo(streamFacts(OPENAI_STREAM).text());
        assertThat(upstream.requests()).filteredOn(r -> r.path().startsWith("/primary/")).isNotEmpty()
                .allSatisfy(r -> assertThat(r.header("authorization")).contains("Bearer sk-primary"));
        assertThat(upstream.requests()).filteredOn(r -> r.path().startsWith("/backup/")).hasSize(2)
                .allSatisfy(r -> {
                    assertThat(r.header("authorization")).contains("Bearer sk-backup");
                    assertThat(r.bodyJson().path("model").asText()).isEqualTo("gpt-4o-mini");
                });
    }

    // --- the Vercel AI SDK ---

    @Test
    void aiSdkGeneratesText() {
        JsonNode result = scenario(aiSdk, "generateText");
        ChatFixtureFacts expected = completionFacts(OPENAI_TEXT);

        assertThat(result.path("text").asText()).isEqualTo(expected.text());
        assertThat(result.path("finishReason").asText()).isEqualTo("stop");
        assertThat(result.at("/usage/inputTokens").asLong()).isEqualTo(expected.usageCount("prompt_tokens"));
        assertThat(result.at("/usage/outputTokens").asLong()).isEqualTo(expected.usageCount("completion_tokens"));
        assertThat(result.at("/usage/totalTokens").asLong()).isEqualTo(expected.usageCount("total_tokens"));
    }

    @Test
    void aiSdkStreamsText() {
        JsonNode result = scenario(aiSdk, "streamText");
        ChatFixtureFacts expected = streamFacts(OPENAI_STREAM);

        assertThat(result.path("errors")).isEmpty();
        assertThat(result.path("text").asText()).isEqualTo(expected.text());
        assertThat(result.path("deltas").asInt()).isGreaterThan(100);
        assertThat(result.path("finishReason").asText()).isEqualTo("stop");
        assertThat(result.at("/usage/inputTokens").asLong()).isEqualTo(expected.usageCount("prompt_tokens"));
        assertThat(result.at("/usage/outputTokens").asLong()).isEqualTo(expected.usageCount("completion_tokens"));
        assertThat(result.at("/usage/totalTokens").asLong()).isEqualTo(expected.usageCount("total_tokens"));
    }

    @Test
    void aiSdkStreamWithoutIncludeUsageGetsNoUsageChunk() {
        JsonNode result = scenario(aiSdk, "streamTextWithoutUsage");

        // The gateway asks the upstream for usage anyway (it needs it) but keeps that chunk to itself.
        assertThat(result.path("errors")).isEmpty();
        assertThat(result.path("text").asText()).isEqualTo(streamFacts(OPENAI_STREAM).text());
        assertThat(result.path("finishReason").asText()).isEqualTo("stop");
        assertThat(result.at("/usage/inputTokens").isNull()).isTrue();
        assertThat(result.at("/usage/outputTokens").isNull()).isTrue();
        assertThat(upstream.requests()).filteredOn(r -> r.path().startsWith("/chat-stream/")).isNotEmpty()
                .allSatisfy(r -> assertThat(r.bodyJson().at("/stream_options/include_usage").asBoolean()).isTrue());
    }

    @Test
    void aiSdkGetsAToolCall() {
        JsonNode result = scenario(aiSdk, "generateToolCall");
        ChatFixtureFacts expected = completionFacts(MISTRAL_TOOL);

        assertToolCall(result, expected);
    }

    @Test
    void aiSdkStreamsAToolCall() {
        JsonNode result = scenario(aiSdk, "streamToolCall");
        ChatFixtureFacts expected = streamFacts(MISTRAL_TOOL_STREAM);

        assertThat(result.path("errors")).isEmpty();
        assertToolCall(result, expected);
    }

    private static void assertToolCall(JsonNode result, ChatFixtureFacts expected) {
        ChatFixtureFacts.ToolCallFact call = expected.toolCalls().get(0);
        assertThat(result.path("finishReason").asText()).isEqualTo("tool-calls");
        assertThat(result.path("toolCalls")).hasSize(1);
        assertThat(result.at("/toolCalls/0/id").asText()).isEqualTo(call.id());
        assertThat(result.at("/toolCalls/0/name").asText()).isEqualTo(call.name());
        assertThat(result.at("/toolCalls/0/input")).isEqualTo(call.arguments());
        assertThat(result.at("/usage/inputTokens").asLong()).isEqualTo(expected.usageCount("prompt_tokens"));
        assertThat(result.at("/usage/outputTokens").asLong()).isEqualTo(expected.usageCount("completion_tokens"));
        assertThat(result.at("/usage/totalTokens").asLong()).isEqualTo(expected.usageCount("total_tokens"));
    }
}
