package dev.ditto.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.errors.SseException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.FinishReason;
import dev.ditto.sdk.ProviderOverloadedException;
import dev.ditto.sdk.StreamPart;
import dev.ditto.sdk.Usage;
import dev.ditto.sdk.http.SseEvent;
import dev.ditto.sdk.message.ProviderMetadata;
import dev.ditto.testing.OpenAiJavaClient;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The chunk stream encoder: what it emits for each part, the {@code include_usage} semantics, how
 * errors and cut streams end, and that openai-java reads it all.
 */
class OpenAiChatStreamEncoderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OpenAiChatEdgeCodec CODEC = OpenAiChatEdgeCodec.of(
            Clock.fixed(Instant.ofEpochSecond(1_760_000_000L), ZoneOffset.UTC), () -> "chatcmpl-gen");
    private static final ProviderMetadata NONE = ProviderMetadata.empty();

    /** A stream as an Anthropic or Gemini adapter would produce it: reasoning, text, a streamed and a whole tool call. */
    static List<StreamPart> richStream() {
        return List.of(
                new StreamPart.StreamStart(List.of(), "msg_01", "claude"),
                new StreamPart.ReasoningStart("r", NONE),
                new StreamPart.ReasoningDelta("r", "Let me check.", NONE),
                new StreamPart.ReasoningEnd("r", NONE),
                new StreamPart.TextStart("t", NONE),
                new StreamPart.TextDelta("t", "Checking "),
                new StreamPart.TextDelta("t", "now."),
                new StreamPart.TextEnd("t", NONE),
                new StreamPart.ToolInputStart("toolu_1", "get_weather"),
                new StreamPart.ToolInputDelta("toolu_1", "{\"city\":"),
                new StreamPart.ToolInputDelta("toolu_1", "\"Oslo\"}"),
                new StreamPart.ToolInputEnd("toolu_1"),
                new StreamPart.ToolCall("toolu_1", "get_weather", "{\"city\":\"Oslo\"}", NONE),
                new StreamPart.ToolCall("gen_2", "get_time", "{\"tz\":\"CET\"}", NONE),
                new StreamPart.Finish(Usage.builder().inputTokens(40L).cacheReadTokens(8L).outputTokens(20L)
                        .reasoningTokens(6L).build(), FinishReason.TOOL_CALLS, "tool_use", NONE));
    }

    static List<SseEvent> encode(List<StreamPart> parts, boolean includeUsage) {
        OpenAiChatStreamEncoder encoder = CODEC.newStreamEncoder("alias", includeUsage);
        List<SseEvent> events = new ArrayList<>();
        parts.forEach(part -> events.addAll(encoder.encode(part)));
        events.addAll(encoder.end());
        return events;
    }

    private static JsonNode parse(SseEvent event) {
        try {
            return JSON.readTree(event.data());
        } catch (Exception e) {
            throw new IllegalArgumentException(event.data(), e);
        }
    }

    @Test
    void emitsOpenAisChunkSequence() {
        List<SseEvent> events = encode(richStream(), true);

        assertThat(events.get(events.size() - 1).isDone()).isTrue();
        List<JsonNode> chunks = events.subList(0, events.size() - 1).stream().map(OpenAiChatStreamEncoderTest::parse).toList();
        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(chunk.get("id").asText()).isEqualTo("msg_01");
            assertThat(chunk.get("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.get("model").asText()).isEqualTo("alias");
            assertThat(chunk.get("created").asLong()).isEqualTo(1_760_000_000L);
        });
        assertThat(chunks.get(0).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        assertThat(chunks.get(1).at("/choices/0/delta/reasoning_content").asText()).isEqualTo("Let me check.");
        JsonNode firstTool = chunks.get(4).at("/choices/0/delta/tool_calls/0");
        assertThat(firstTool.get("index").asInt()).isZero();
        assertThat(firstTool.get("id").asText()).isEqualTo("toolu_1");
        assertThat(firstTool.at("/function/name").asText()).isEqualTo("get_weather");
        JsonNode fragment = chunks.get(5).at("/choices/0/delta/tool_calls/0");
        assertThat(fragment.has("id")).isFalse();
        assertThat(fragment.at("/function/arguments").asText()).isEqualTo("{\"city\":");
        JsonNode whole = chunks.get(7).at("/choices/0/delta/tool_calls/0");
        assertThat(whole.get("index").asInt()).isEqualTo(1);
        assertThat(whole.at("/function/arguments").asText()).isEqualTo("{\"tz\":\"CET\"}");
        JsonNode finish = chunks.get(8);
        assertThat(finish.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(finish.get("usage").isNull()).isTrue();
        JsonNode usage = chunks.get(9);
        assertThat(usage.get("choices")).isEmpty();
        assertThat(usage.at("/usage/prompt_tokens").asLong()).isEqualTo(40);
        assertThat(usage.at("/usage/completion_tokens").asLong()).isEqualTo(20);
        assertThat(usage.at("/usage/total_tokens").asLong()).isEqualTo(60);
        assertThat(usage.at("/usage/prompt_tokens_details/cached_tokens").asLong()).isEqualTo(8);
        assertThat(usage.at("/usage/completion_tokens_details/reasoning_tokens").asLong()).isEqualTo(6);
        assertThat(chunks).hasSize(10);
    }

    @Test
    void theUsageChunkIsSentOnlyWhenAskedFor() {
        List<SseEvent> events = encode(richStream(), false);

        assertThat(events).filteredOn(event -> !event.isDone()).map(OpenAiChatStreamEncoderTest::parse)
                .allSatisfy(chunk -> {
                    assertThat(chunk.has("usage")).isFalse();
                    assertThat(chunk.get("choices")).hasSize(1);
                });
        assertThat(events.get(events.size() - 1).isDone()).isTrue();
    }

    @Test
    void aRefusalBlockIsSentAsRefusalDeltas() {
        List<SseEvent> events = encode(List.of(new StreamPart.StreamStart(List.of(), null, null),
                new StreamPart.TextStart("t", ChatResultMapper.refusalMetadata("anthropic")),
                new StreamPart.TextDelta("t", "I can't."), new StreamPart.TextEnd("t", NONE),
                new StreamPart.Finish(Usage.empty(), FinishReason.CONTENT_FILTER, "refusal", NONE)), false);

        assertThat(parse(events.get(0)).get("id").asText()).isEqualTo("chatcmpl-gen");
        assertThat(parse(events.get(1)).at("/choices/0/delta/refusal").asText()).isEqualTo("I can't.");
        assertThat(parse(events.get(2)).at("/choices/0/finish_reason").asText()).isEqualTo("content_filter");
    }

    @Test
    void openAiJavaAccumulatesTheEncodedStream() {
        try (OpenAiJavaClient client = new OpenAiJavaClient()) {
            ChatCompletion completion = client.chatStream(encode(richStream(), true));

            ChatCompletion.Choice choice = completion.choices().get(0);
            assertThat(choice.message().content()).hasValue("Checking now.");
            assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
            List<ChatCompletionMessageFunctionToolCall> calls = choice.message().toolCalls().orElseThrow().stream()
                    .map(call -> call.asFunction()).toList();
            assertThat(calls).extracting(ChatCompletionMessageFunctionToolCall::id).containsExactly("toolu_1", "gen_2");
            assertThat(calls).extracting(call -> call.function().name()).containsExactly("get_weather", "get_time");
            assertThat(calls).extracting(call -> call.function().arguments())
                    .containsExactly("{\"city\":\"Oslo\"}", "{\"tz\":\"CET\"}");
            assertThat(completion.usage().orElseThrow().promptTokens()).isEqualTo(40);
            assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(20);
        }
    }

    @Test
    void anErrorPartBecomesTheErrorChunkThatOpenAiJavaThrows() {
        List<StreamPart> parts = List.of(new StreamPart.StreamStart(List.of(), "id-1", "m"),
                new StreamPart.TextStart("t", NONE), new StreamPart.TextDelta("t", "Hel"),
                new StreamPart.Error(new ProviderOverloadedException("Overloaded", ErrorDetails.of("anthropic", "claude"))));
        List<SseEvent> events = encode(parts, true);

        JsonNode error = parse(events.get(events.size() - 1));
        assertThat(error.at("/error/type").asText()).isEqualTo("server_error");
        assertThat(error.at("/error/code").asText()).isEqualTo("overloaded");
        assertThat(events).noneMatch(SseEvent::isDone);
        try (OpenAiJavaClient client = new OpenAiJavaClient()) {
            assertThatThrownBy(() -> client.chatStream(events)).isInstanceOf(SseException.class);
        }
    }

    @Test
    void aStreamThatStopsWithoutFinishEndsWithAnErrorNotDone() {
        OpenAiChatStreamEncoder encoder = CODEC.newStreamEncoder("alias", false);
        encoder.encode(new StreamPart.StreamStart(List.of(), null, null));
        encoder.encode(new StreamPart.TextDelta("t", "partial"));

        List<SseEvent> end = encoder.end();

        assertThat(end).singleElement().satisfies(event -> {
            assertThat(event.isDone()).isFalse();
            assertThat(parse(event).at("/error/code").asText()).isEqualTo("upstream_unavailable");
        });
        assertThat(encoder.end()).isEmpty();
        assertThat(encoder.encode(new StreamPart.TextDelta("t", "late"))).isEmpty();
    }
}
