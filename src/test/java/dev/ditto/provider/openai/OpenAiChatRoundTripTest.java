package dev.ditto.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.completions.CompletionUsage;
import dev.ditto.sdk.StreamPart;
import dev.ditto.sdk.http.HttpTransport;
import dev.ditto.testing.ChatFixtureFacts;
import dev.ditto.testing.CollectedStream;
import dev.ditto.testing.FakeUpstream;
import dev.ditto.testing.Fixtures;
import dev.ditto.testing.Framing;
import dev.ditto.testing.OpenAiJavaClient;
import dev.ditto.testing.Reply;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An OpenAI Chat stream decoded by the adapter and re-encoded by the edge codec is read by the
 * real openai-java client, and text, tool calls and usage match the original recording.
 */
class OpenAiChatRoundTripTest {

    private static final HttpTransport TRANSPORT = OpenAiTesting.transport();

    @AfterAll
    static void closeTransport() {
        TRANSPORT.close();
    }

    private FakeUpstream provider;
    private OpenAiJavaClient client;

    @BeforeEach
    void start() {
        provider = FakeUpstream.start();
        client = new OpenAiJavaClient();
    }

    @AfterEach
    void stop() {
        provider.close();
        client.close();
    }

    /** Decodes what the provider streams, re-encodes it, and lets openai-java read the result. */
    private ChatCompletion roundTrip(Reply upstreamReply) {
        provider.on("POST", "/v1/chat/completions").enqueue(upstreamReply);
        OpenAiChatLanguageModel model = OpenAiProvider.builder().apiKey("sk-test").baseUrl(provider.uri("/v1")).transport(TRANSPORT).build()
                .languageModel("gpt-4.1-nano");
        CollectedStream parts = CollectedStream.of(model.stream("Hi"));
        assertThat(parts.last()).isInstanceOf(StreamPart.Finish.class);
        return client.chatStream(OpenAiChatStreamEncoderTest.encode(parts.parts(), true));
    }

    @Test
    void theRecordedTextStreamSurvivesTheRoundTrip() {
        String fixture = "openai-chat/openai-text.chunks.txt";
        ChatFixtureFacts facts = ChatFixtureFacts.ofStream(Fixtures.payloads(fixture));

        ChatCompletion completion = roundTrip(Reply.fixture(fixture));

        assertThat(completion.choices().get(0).message().content()).hasValue(facts.text());
        assertThat(completion.choices().get(0).finishReason().asString()).isEqualTo(facts.finishReason());
        CompletionUsage usage = completion.usage().orElseThrow();
        assertThat(usage.promptTokens()).isEqualTo(facts.usageCount("prompt_tokens"));
        assertThat(usage.completionTokens()).isEqualTo(facts.usageCount("completion_tokens"));
        assertThat(usage.totalTokens()).isEqualTo(facts.usageCount("total_tokens"));
        assertThat(usage.promptTokensDetails().orElseThrow().cachedTokens())
                .hasValue(facts.usageCount("prompt_tokens_details", "cached_tokens"));
        assertThat(completion.id()).isEqualTo(facts.id());
    }

    @Test
    void aRecordedToolCallStreamSurvivesTheRoundTrip() {
        String fixture = "openai-compatible-chat/anthropic-fallback-tool-call.sse";
        ChatFixtureFacts facts = ChatFixtureFacts.ofStream(Fixtures.payloads(fixture));

        ChatCompletion completion = roundTrip(Reply.fixture(fixture));

        ChatCompletion.Choice choice = completion.choices().get(0);
        assertThat(choice.message().content()).hasValue(facts.text());
        assertToolCalls(choice, facts);
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
    }

    @Test
    void parallelToolCallsWithUsageSurviveTheRoundTrip() {
        String head = "{\"id\":\"chatcmpl-tools\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4.1\","
                + "\"choices\":[{\"index\":0,\"delta\":";
        String tail = ",\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}";
        List<String> payloads = List.of(
                head + "{\"role\":\"assistant\",\"content\":null}" + tail,
                head + "{\"tool_calls\":[{\"index\":0,\"id\":\"call_w\",\"type\":\"function\",\"function\":{\"name\":"
                        + "\"get_weather\",\"arguments\":\"\"}}]}" + tail,
                head + "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\": \\\"Paris\\\"}\"}}]}" + tail,
                head + "{\"tool_calls\":[{\"index\":1,\"id\":\"call_t\",\"type\":\"function\",\"function\":{\"name\":"
                        + "\"get_time\",\"arguments\":\"\"}}]}" + tail,
                head + "{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\"{\\\"zone\\\":\"}}]}" + tail,
                head + "{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\" \\\"CET\\\"}\"}}]}" + tail,
                "{\"id\":\"chatcmpl-tools\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4.1\","
                        + "\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"tool_calls\"}],\"usage\":null}",
                "{\"id\":\"chatcmpl-tools\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4.1\","
                        + "\"choices\":[],\"usage\":{\"prompt_tokens\":80,\"completion_tokens\":40,\"total_tokens\":120,"
                        + "\"prompt_tokens_details\":{\"cached_tokens\":64},\"completion_tokens_details\":{\"reasoning_tokens\":0}}}");
        ChatFixtureFacts facts = ChatFixtureFacts.ofStream(payloads);

        ChatCompletion completion = roundTrip(Reply.sse(Framing.DATA_THEN_DONE, payloads.toArray(String[]::new)));

        assertToolCalls(completion.choices().get(0), facts);
        assertThat(completion.usage().orElseThrow().promptTokens()).isEqualTo(facts.usageCount("prompt_tokens"));
        assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(facts.usageCount("completion_tokens"));
        assertThat(completion.usage().orElseThrow().promptTokensDetails().orElseThrow().cachedTokens()).hasValue(64L);
    }

    private static void assertToolCalls(ChatCompletion.Choice choice, ChatFixtureFacts facts) {
        List<ChatCompletionMessageFunctionToolCall> calls = choice.message().toolCalls().orElseThrow().stream()
                .map(call -> call.asFunction()).toList();
        assertThat(calls).hasSameSizeAs(facts.toolCalls());
        for (int i = 0; i < calls.size(); i++) {
            ChatFixtureFacts.ToolCallFact expected = facts.toolCalls().get(i);
            assertThat(calls.get(i).id()).isEqualTo(expected.id());
            assertThat(calls.get(i).function().name()).isEqualTo(expected.name());
            assertThat(parse(calls.get(i).function().arguments())).isEqualTo(expected.arguments());
        }
    }

    private static JsonNode parse(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }
}
