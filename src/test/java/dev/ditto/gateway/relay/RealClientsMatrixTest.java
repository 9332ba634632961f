package dev.ditto.gateway.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolUseBlock;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import dev.ditto.testing.CapturedRequest;
import dev.ditto.testing.FakeUpstream;
import dev.ditto.testing.Framing;
import dev.ditto.testing.GatewayServer;
import dev.ditto.testing.Reply;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The official Java clients, openai-java and anthropic-java, pointed at the gateway with nothing
 * but the base URL changed, against each kind of upstream: an OpenAI-compatible server (vLLM),
 * Anthropic and Gemini. openai-java: chat, sync and streaming, and Responses; anthropic-java:
 * {@code /v1/messages}, sync and streaming, with a tool call.
 */
class RealClientsMatrixTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String OPENAI_TOOL_CALL = """
            {"id":"chatcmpl-1","object":"chat.completion","created":1770933892,"model":"m","choices":[{"index":0,\
            "message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",\
            "function":{"name":"weather","arguments":"{\\"location\\":\\"San Francisco\\"}"}}]},\
            "finish_reason":"tool_calls"}],"usage":{"prompt_tokens":40,"completion_tokens":12,"total_tokens":52}}""";
    private static final List<String> OPENAI_TOOL_CALL_CHUNKS = List.of("""
            {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":\
            {"role":"assistant","tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"weather",\
            "arguments":""}}]},"finish_reason":null}]}""", """
            {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":\
            {"tool_calls":[{"index":0,"function":{"arguments":"{\\"location\\":"}}]},"finish_reason":null}]}""", """
            {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":\
            {"tool_calls":[{"index":0,"function":{"arguments":"\\"San Francisco\\"}"}}]},"finish_reason":null}]}""", """
            {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{},\
            "finish_reason":"tool_calls"}]}""", """
            {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[],\
            "usage":{"prompt_tokens":40,"completion_tokens":12,"total_tokens":52}}""");

    /** An upstream kind: its deployment, the path its calls reach, and its recorded answers. */
    enum Upstream {
        OPENAI_COMPATIBLE("hosted_vllm/meta-llama/Llama-3.3-70B-Instruct", "/vllm/v1", "/vllm/v1/chat/completions",
                Reply.fixture("openai-chat/openai-text.json"), Reply.fixture("openai-chat/openai-text.chunks.txt"),
                Reply.json(OPENAI_TOOL_CALL), Reply.sse(Framing.DATA_THEN_DONE,
                        OPENAI_TOOL_CALL_CHUNKS.toArray(String[]::new)), "weather"),
        ANTHROPIC("anthropic/claude-sonnet-4-5", "/anthropic/v1", "/anthropic/v1/messages",
                Reply.fixture("anthropic-messages/anthropic-text.json"),
                Reply.fixture("anthropic-messages/anthropic-text.chunks.txt"),
                Reply.fixture("anthropic-messages/anthropic-tool-no-args.json"),
                Reply.fixture("anthropic-messages/anthropic-tool-no-args.chunks.txt"), "updateIssueList"),
        GEMINI("gemini/gemini-3-pro-preview", "/gemini/v1beta", "/gemini/v1beta/models/",
                Reply.fixture("google-gemini/google-text.json"), Reply.fixture("google-gemini/google-text.chunks.txt"),
                Reply.fixture("google-gemini/google-tool-call.json"),
                Reply.fixture("google-gemini/google-tool-call.chunks.txt"), "weather");

        final String model;
        final String apiBase;
        final String path;
        final Reply text;
        final Reply textStream;
        final Reply toolCall;
        final Reply toolCallStream;
        final String toolName;

        Upstream(String model, String apiBase, String path, Reply text, Reply textStream, Reply toolCall,
                Reply toolCallStream, String toolName) {
            this.model = model;
            this.apiBase = apiBase;
            this.path = path;
            this.text = text;
            this.textStream = textStream;
            this.toolCall = toolCall;
            this.toolCallStream = toolCallStream;
            this.toolName = toolName;
        }
    }

    private FakeUpstream upstream;
    private GatewayServer gateway;
    private OpenAIClient openai;
    private AnthropicClient anthropic;

    @BeforeEach
    void start() throws Exception {
        upstream = FakeUpstream.start();
        StringBuilder models = new StringBuilder("model_list:\n");
        for (Upstream kind : Upstream.values()) {
            models.append("  - {model_name: ").append(kind.name().toLowerCase(java.util.Locale.ROOT))
                    .append(", litellm_params: {model: ").append(kind.model).append(", api_base: \"")
                    .append(upstream.baseUri()).append(kind.apiBase).append("\", api_key: sk-up}}\n");
        }
        gateway = GatewayServer.start(models + "router_settings: {num_retries: 0}\n");
        // Only the base URL changes: the clients' own defaults otherwise.
        openai = OpenAIOkHttpClient.builder().baseUrl(gateway.baseUri() + "/v1").apiKey("sk-client").build();
        anthropic = AnthropicOkHttpClient.builder().baseUrl(gateway.baseUri().toString()).apiKey("sk-client").build();
    }

    @AfterEach
    void stop() throws Exception {
        openai.close();
        anthropic.close();
        gateway.close();
        upstream.close();
    }

    @ParameterizedTest
    @EnumSource(Upstream.class)
    void openAiJavaReadsAChatCompletionSyncAndStreamed(Upstream kind) {
        serve(kind, kind.text);
        serve(kind, kind.textStream);

        ChatCompletion completion = openai.chat().completions().create(chat(kind).build());
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        try (com.openai.core.http.StreamResponse<ChatCompletionChunk> stream = openai.chat().completions()
                .createStreaming(chat(kind).streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true)
                        .build()).build())) {
            stream.stream().forEach(accumulator::accumulate);
        }

        assertThat(completion.model()).isNotBlank();
        assertThat(completion.choices().get(0).message().content()).hasValueSatisfying(
                text -> assertThat(text).isNotBlank());
        assertThat(completion.usage()).isPresent();
        ChatCompletion streamed = accumulator.chatCompletion();
        assertThat(streamed.choices().get(0).message().content()).hasValueSatisfying(
                text -> assertThat(text).isNotBlank());
        assertThat(streamed.usage()).isPresent();
        assertReached(kind, 2);
    }

    @ParameterizedTest
    @EnumSource(Upstream.class)
    void openAiJavaReadsAResponse(Upstream kind) {
        serve(kind, kind.text);

        Response response = openai.responses().create(ResponseCreateParams.builder().model(name(kind))
                .input("Invent a holiday").build());

        String text = response.output().stream().flatMap(item -> item.message().stream())
                .flatMap(message -> message.content().stream()).flatMap(content -> content.outputText().stream())
                .map(part -> part.text()).collect(java.util.stream.Collectors.joining());
        assertThat(text).isNotBlank();
        assertThat(response.usage()).isPresent();
        assertReached(kind, 1);
    }

    @ParameterizedTest
    @EnumSource(Upstream.class)
    void anthropicJavaReadsAMessageSyncAndStreamed(Upstream kind) {
        serve(kind, kind.text);
        serve(kind, kind.textStream);

        Message message = anthropic.messages().create(messages(kind).build());
        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = anthropic.messages().createStreaming(messages(kind)
                .build())) {
            stream.stream().forEach(accumulator::accumulate);
        }

        assertThat(text(message)).isNotBlank();
        assertThat(message.usage().outputTokens()).isPositive();
        Message streamed = accumulator.message();
        assertThat(text(streamed)).isNotBlank();
        assertThat(streamed.stopReason()).isPresent();
        assertReached(kind, 2);
    }

    @ParameterizedTest
    @EnumSource(Upstream.class)
    void anthropicJavaGetsAToolCallSyncAndStreamed(Upstream kind) {
        serve(kind, kind.toolCall);
        serve(kind, kind.toolCallStream);
        MessageCreateParams params = messages(kind).addTool(Tool.builder().name(kind.toolName)
                .description("Looks something up").inputSchema(Tool.InputSchema.builder()
                        .properties(Tool.InputSchema.Properties.builder()
                                .putAdditionalProperty("location", JsonValue.from(Map.of("type", "string"))).build())
                        .build())
                .build()).build();

        Message message = anthropic.messages().create(params);
        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = anthropic.messages().createStreaming(params)) {
            stream.stream().forEach(accumulator::accumulate);
        }

        for (Message answer : List.of(message, accumulator.message())) {
            List<ToolUseBlock> calls = answer.content().stream().flatMap(block -> block.toolUse().stream()).toList();
            assertThat(calls).hasSize(1);
            assertThat(calls.get(0).name()).isEqualTo(kind.toolName);
            assertThat(calls.get(0).id()).isNotBlank();
            assertThat(answer.stopReason()).contains(StopReason.TOOL_USE);
        }
        List<CapturedRequest> sent = assertReached(kind, 2);
        assertThat(sent).allSatisfy(request -> assertThat(request.bodyText()).contains(kind.toolName));
    }

    private void serve(Upstream kind, Reply reply) {
        if (kind == Upstream.GEMINI) {
            upstream.onPrefix("POST", kind.path).enqueue(reply);
        } else {
            upstream.on("POST", kind.path).enqueue(reply);
        }
    }

    private List<CapturedRequest> assertReached(Upstream kind, int calls) {
        List<CapturedRequest> requests = upstream.requests();
        assertThat(requests).hasSize(calls).allSatisfy(request -> assertThat(request.path()).startsWith(kind.path));
        return requests;
    }

    private static String name(Upstream kind) {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static ChatCompletionCreateParams.Builder chat(Upstream kind) {
        return ChatCompletionCreateParams.builder().model(name(kind)).addUserMessage("Invent a holiday");
    }

    private static MessageCreateParams.Builder messages(Upstream kind) {
        return MessageCreateParams.builder().model(name(kind)).maxTokens(400).addUserMessage("Invent a holiday");
    }

    private static String text(Message message) {
        StringBuilder text = new StringBuilder();
        for (ContentBlock block : message.content()) {
            block.text().ifPresent(part -> text.append(part.text()));
        }
        return text.toString();
    }
}
