package dev.ditto.provider.openai;

import org.junit.jupiter.api.AfterAll;
import dev.ditto.sdk.http.HttpTransport;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.LanguageModelRequest;
import dev.ditto.sdk.LanguageModelResult;
import dev.ditto.sdk.ReasoningEffort;
import dev.ditto.sdk.ResponseFormat;
import dev.ditto.sdk.StreamPart;
import dev.ditto.sdk.Warning;
import dev.ditto.sdk.message.AssistantMessage;
import dev.ditto.sdk.message.AudioPart;
import dev.ditto.sdk.message.FilePart;
import dev.ditto.sdk.message.ImagePart;
import dev.ditto.sdk.message.MediaSource;
import dev.ditto.sdk.message.Message;
import dev.ditto.sdk.message.ProviderMetadata;
import dev.ditto.sdk.message.ReasoningPart;
import dev.ditto.sdk.message.SystemMessage;
import dev.ditto.sdk.message.TextPart;
import dev.ditto.sdk.message.ToolCallPart;
import dev.ditto.sdk.message.ToolResultPart;
import dev.ditto.sdk.message.UserMessage;
import dev.ditto.sdk.tool.FunctionTool;
import dev.ditto.sdk.tool.ProviderDefinedTool;
import dev.ditto.sdk.tool.ToolChoice;
import dev.ditto.testing.CapturedRequest;
import dev.ditto.testing.CollectedStream;
import dev.ditto.testing.FakeUpstream;
import dev.ditto.testing.Reply;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the adapter sends: path, headers and every request field, plus the warnings of what it cannot send. */
class OpenAiChatRequestTest {

    private static final HttpTransport TRANSPORT = OpenAiTesting.transport();

    @AfterAll
    static void closeTransport() {
        TRANSPORT.close();
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    private FakeUpstream upstream;

    @BeforeEach
    void start() {
        upstream = FakeUpstream.start();
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    private OpenAiProvider provider() {
        return OpenAiProvider.builder()
                .apiKey("sk-test")
                .baseUrl(upstream.uri("/v1/"))
                .organization("org-1")
                .project("proj-1")
                .headers(Map.of("X-Trace", "t-1"))
                .transport(TRANSPORT)
                .build();
    }

    static LanguageModelRequest richRequest() throws Exception {
        JsonNode schema = JSON.readTree("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}");
        return LanguageModelRequest.builder()
                .message(new SystemMessage("Be brief.", ProviderMetadata.empty().with("openai", "role", "developer")))
                .message(new UserMessage(List.of(
                        TextPart.of("Look at these."),
                        new ImagePart(MediaSource.ofUrl("https://example.com/cat.png"), null,
                                ProviderMetadata.empty().with("openai", "detail", "high")),
                        ImagePart.ofBytes(new byte[] {1, 2, 3}, "image/png"),
                        AudioPart.ofBytes(new byte[] {4, 5}, "audio/wav"),
                        FilePart.ofBytes("%PDF".getBytes(StandardCharsets.US_ASCII), "application/pdf", "doc.pdf"),
                        new FilePart(MediaSource.ofFileId("file-abc"), "application/pdf", null, ProviderMetadata.empty())),
                        ProviderMetadata.empty().with("openai", "name", "alice")))
                .message(AssistantMessage.of(List.of(ReasoningPart.of("thinking..."), TextPart.of("Checking."),
                        ToolCallPart.of("call_1", "get_weather", "{\"city\":\"Paris\"}"),
                        ToolCallPart.of("call_2", "get_weather", ""))))
                .message(Message.tool(ToolResultPart.of("call_1", "get_weather", "sunny"),
                        ToolResultPart.error("call_2", "get_weather", "no city")))
                .message(Message.user("Thanks. And tomorrow?"))
                .temperature(0.2).topP(0.9).topK(40).maxOutputTokens(500)
                .stopSequences(List.of("END")).seed(7L).presencePenalty(0.1).frequencyPenalty(0.2)
                .tool(FunctionTool.of("get_weather", "Current weather", schema).withStrict(true))
                .tool(new ProviderDefinedTool("openai.web_search", "web_search", JSON.createObjectNode()))
                .toolChoice(ToolChoice.tool("get_weather"))
                .parallelToolCalls(false)
                .responseFormat(new ResponseFormat.JsonSchema("weather", "a report", schema, true))
                .reasoningEffort(ReasoningEffort.LOW)
                .reasoningBudgetTokens(100)
                .user("user-1")
                .metadata("trace", "abc")
                .providerOptions("openai", JSON.createObjectNode().put("logprobs", true).put("service_tier", "flex")
                        .put("model", "hijack"))
                .providerOptions("anthropic", JSON.createObjectNode().put("ignored", true))
                .build();
    }

    @Test
    void sendsEveryFieldInOpenAisShape() throws Exception {
        upstream.on("POST", "/v1/chat/completions").enqueue(Reply.fixture("openai-chat/openai-text.json"));

        LanguageModelResult result = provider().languageModel("gpt-4.1").generate(richRequest());

        CapturedRequest sent = upstream.awaitRequest(1, TIMEOUT);
        assertThat(sent.path()).isEqualTo("/v1/chat/completions");
        assertThat(sent.header("authorization")).hasValue("Bearer sk-test");
        assertThat(sent.header("openai-organization")).hasValue("org-1");
        assertThat(sent.header("openai-project")).hasValue("proj-1");
        assertThat(sent.header("x-trace")).hasValue("t-1");
        assertThat(sent.header("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode body = sent.bodyJson();
        assertThat(body.get("model").asText()).isEqualTo("gpt-4.1");
        assertThat(body.get("temperature").asDouble()).isEqualTo(0.2);
        assertThat(body.get("top_p").asDouble()).isEqualTo(0.9);
        assertThat(body.has("top_k")).isFalse();
        assertThat(body.get("max_completion_tokens").asInt()).isEqualTo(500);
        assertThat(body.has("max_tokens")).isFalse();
        assertThat(body.get("stop")).isEqualTo(JSON.readTree("[\"END\"]"));
        assertThat(body.get("seed").asLong()).isEqualTo(7);
        assertThat(body.get("presence_penalty").asDouble()).isEqualTo(0.1);
        assertThat(body.get("frequency_penalty").asDouble()).isEqualTo(0.2);
        assertThat(body.get("tools")).isEqualTo(JSON.readTree("[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                + "\"description\":\"Current weather\",\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":"
                + "{\"type\":\"string\"}}},\"strict\":true}}]"));
        assertThat(body.get("tool_choice")).isEqualTo(JSON.readTree("{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}"));
        assertThat(body.get("parallel_tool_calls").asBoolean()).isFalse();
        assertThat(body.at("/response_format/type").asText()).isEqualTo("json_schema");
        assertThat(body.at("/response_format/json_schema/name").asText()).isEqualTo("weather");
        assertThat(body.at("/response_format/json_schema/description").asText()).isEqualTo("a report");
        assertThat(body.at("/response_format/json_schema/strict").asBoolean()).isTrue();
        assertThat(body.at("/response_format/json_schema/schema/properties/city/type").asText()).isEqualTo("string");
        assertThat(body.get("reasoning_effort").asText()).isEqualTo("low");
        assertThat(body.get("user").asText()).isEqualTo("user-1");
        assertThat(body.get("metadata")).isEqualTo(JSON.readTree("{\"trace\":\"abc\"}"));
        assertThat(body.get("logprobs").asBoolean()).isTrue();
        assertThat(body.get("service_tier").asText()).isEqualTo("flex");
        assertThat(body.has("ignored")).isFalse();
        assertThat(body.has("stream")).isFalse();
        assertThat(body.has("stream_options")).isFalse();
        assertMessages(body.get("messages"));
        assertThat(result.warnings()).extracting(Warning::setting).containsExactlyInAnyOrder(
                "reasoning", "web_search", "reasoningBudgetTokens", "topK", "providerOptions.openai.model");
    }

    private static void assertMessages(JsonNode messages) throws Exception {
        assertThat(messages).hasSize(6);
        assertThat(messages.get(0)).isEqualTo(JSON.readTree("{\"role\":\"developer\",\"content\":\"Be brief.\"}"));
        JsonNode user = messages.get(1);
        assertThat(user.get("name").asText()).isEqualTo("alice");
        assertThat(user.get("content")).isEqualTo(JSON.readTree("[{\"type\":\"text\",\"text\":\"Look at these.\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/cat.png\",\"detail\":\"high\"}},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AQID\"}},"
                + "{\"type\":\"input_audio\",\"input_audio\":{\"data\":\"BAU=\",\"format\":\"wav\"}},"
                + "{\"type\":\"file\",\"file\":{\"file_data\":\"data:application/pdf;base64,JVBERg==\",\"filename\":\"doc.pdf\"}},"
                + "{\"type\":\"file\",\"file\":{\"file_id\":\"file-abc\"}}]"));
        assertThat(messages.get(2)).isEqualTo(JSON.readTree("{\"role\":\"assistant\",\"content\":\"Checking.\",\"tool_calls\":["
                + "{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}},"
                + "{\"id\":\"call_2\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{}\"}}]}"));
        assertThat(messages.get(3)).isEqualTo(JSON.readTree("{\"role\":\"tool\",\"content\":\"sunny\",\"tool_call_id\":\"call_1\"}"));
        assertThat(messages.get(4)).isEqualTo(JSON.readTree("{\"role\":\"tool\",\"content\":\"no city\",\"tool_call_id\":\"call_2\"}"));
        assertThat(messages.get(5)).isEqualTo(JSON.readTree("{\"role\":\"user\",\"content\":\"Thanks. And tomorrow?\"}"));
    }

    @Test
    void streamingAlwaysAsksForUsage() {
        upstream.on("POST", "/v1/chat/completions").enqueue(Reply.fixture("openai-chat/openai-text.chunks.txt"));

        CollectedStream parts = CollectedStream.of(provider().languageModel("gpt-4.1").stream("Hi"));

        JsonNode body = upstream.awaitRequest(1, TIMEOUT).bodyJson();
        assertThat(body.get("stream").asBoolean()).isTrue();
        assertThat(body.at("/stream_options/include_usage").asBoolean()).isTrue();
        assertThat(parts.finish().usage().input().total()).isEqualTo(16);
    }

    @Test
    void aDialectRenamesAndDropsFields() throws Exception {
        OpenAiChatDialect dialect = OpenAiChatDialect.builder()
                .maxTokensField("max_tokens").renameField("seed", "random_seed").unsupportedField("user")
                .supportedField("top_k").streamUsage(false).build();
        OpenAiProvider vendor = OpenAiProvider.builder().name("vendor").baseUrl(upstream.uri("/v1")).dialect(dialect)
                .transport(TRANSPORT).build();
        upstream.on("POST", "/v1/chat/completions").enqueue(Reply.fixture("openai-chat/openai-text.chunks.txt"));
        LanguageModelRequest request = LanguageModelRequest.builder().message(Message.user("Hi"))
                .maxOutputTokens(20).seed(3L).user("u").topK(5)
                .providerOptions("vendor", JSON.createObjectNode().put("safe_prompt", true))
                .providerOptions("openai", JSON.createObjectNode().put("service_tier", "flex"))
                .build();

        CollectedStream parts = CollectedStream.of(vendor.languageModel("m").stream(request));

        CapturedRequest sent = upstream.awaitRequest(1, TIMEOUT);
        JsonNode body = sent.bodyJson();
        assertThat(sent.header("authorization")).isEmpty();
        assertThat(body.get("max_tokens").asInt()).isEqualTo(20);
        assertThat(body.get("random_seed").asLong()).isEqualTo(3);
        assertThat(body.get("top_k").asInt()).isEqualTo(5);
        assertThat(body.has("max_completion_tokens") || body.has("seed") || body.has("user")).isFalse();
        assertThat(body.has("stream_options")).isFalse();
        assertThat(body.get("safe_prompt").asBoolean()).isTrue();
        assertThat(body.has("service_tier")).as("OpenAI's options are not the vendor's").isFalse();
        StreamPart.StreamStart start = (StreamPart.StreamStart) parts.parts().get(0);
        assertThat(start.warnings()).extracting(Warning::setting).containsExactly("user");
        assertThat(vendor.languageModel("m").provider()).isEqualTo("vendor");
    }

    @Test
    void toolSettingsWithoutFunctionToolsAreWarnedAboutNotSent() {
        upstream.on("POST", "/v1/chat/completions").enqueue(Reply.fixture("openai-chat/openai-text.json"));
        LanguageModelRequest request = LanguageModelRequest.builder().message(Message.user("Hi"))
                .tool(new ProviderDefinedTool("anthropic.web_search_20250305", "web_search", JSON.createObjectNode()))
                .toolChoice(ToolChoice.auto()).parallelToolCalls(true).build();

        LanguageModelResult result = provider().languageModel("gpt-4.1").generate(request);

        JsonNode body = upstream.awaitRequest(1, TIMEOUT).bodyJson();
        assertThat(body.has("tools") || body.has("tool_choice") || body.has("parallel_tool_calls")).isFalse();
        assertThat(result.warnings()).extracting(Warning::setting)
                .containsExactlyInAnyOrder("web_search", "toolChoice", "parallelToolCalls");
    }

    @Test
    void readsReasoningRefusalAudioAndLegacyFunctionCalls() throws Exception {
        ObjectNode completion = (ObjectNode) JSON.readTree("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\","
                + "\"created\":1700000000,\"model\":\"gpt-4o-audio\",\"choices\":[{\"index\":0,\"message\":{"
                + "\"role\":\"assistant\",\"content\":null,\"refusal\":\"I cannot help.\",\"reasoning\":\"why not\","
                + "\"audio\":{\"id\":\"audio_1\",\"data\":\"UklGRg==\",\"transcript\":\"hi\",\"expires_at\":1},"
                + "\"function_call\":{\"name\":\"lookup\",\"arguments\":\"\"},"
                + "\"tool_calls\":[{\"type\":\"function\",\"function\":{\"name\":\"get\",\"arguments\":{\"a\":1}}}]},"
                + "\"finish_reason\":\"function_call\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":3,"
                + "\"total_tokens\":8,\"prompt_tokens_details\":{\"cached_tokens\":2,\"cache_write_tokens\":1}},"
                + "\"system_fingerprint\":\"fp_1\",\"service_tier\":\"default\"}");
        upstream.on("POST", "/v1/chat/completions").enqueue(Reply.json(completion.toString()));

        LanguageModelResult result = provider().languageModel("gpt-4o-audio").generate("Hi");

        assertThat(result.reasoningText()).isEqualTo("why not");
        assertThat(result.content()).filteredOn(TextPart.class::isInstance).singleElement()
                .satisfies(part -> {
                    assertThat(((TextPart) part).text()).isEqualTo("I cannot help.");
                    assertThat(part.providerMetadata().get("openai", "refusal")).hasValueSatisfying(v -> assertThat(v.asBoolean()).isTrue());
                });
        assertThat(result.content()).filteredOn(AudioPart.class::isInstance).singleElement()
                .satisfies(part -> assertThat(part.providerMetadata().string("openai", "audioId")).hasValue("audio_1"));
        assertThat(result.toolCalls()).extracting(ToolCallPart::toolName, ToolCallPart::arguments)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("get", "{\"a\":1}"),
                        org.assertj.core.groups.Tuple.tuple("lookup", "{}"));
        assertThat(result.toolCalls()).allSatisfy(call -> assertThat(call.toolCallId()).startsWith("call_"));
        assertThat(result.finishReason()).isEqualTo(dev.ditto.sdk.FinishReason.TOOL_CALLS);
        assertThat(result.usage().input().cacheRead()).isEqualTo(2);
        assertThat(result.usage().input().cacheWrite()).isEqualTo(1);
        assertThat(result.usage().input().noCache()).isEqualTo(2);
        assertThat(result.providerMetadata().string("openai", "systemFingerprint")).hasValue("fp_1");
        assertThat(result.providerMetadata().string("openai", "serviceTier")).hasValue("default");
        assertThat(result.createdAt()).isEqualTo(java.time.Instant.ofEpochSecond(1700000000));
    }
}
