package dev.ditto.provider.openai.responses;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.FinishReason;
import dev.ditto.sdk.ProviderUnavailableException;
import dev.ditto.sdk.RateLimitedException;
import dev.ditto.sdk.StreamInterruptedException;
import dev.ditto.sdk.StreamPart;
import dev.ditto.sdk.UnexpectedResponseException;
import dev.ditto.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Behaviour of the stream decoder beyond what the recorded fixtures show. */
class ResponsesStreamDecoderTest {

    private static final ErrorDetails DETAILS = ErrorDetails.of("openai", "gpt-test");
    private static final String CREATED = "{\"type\":\"response.created\",\"response\":{\"id\":\"resp_1\",\"model\":\"gpt-test\","
            + "\"status\":\"in_progress\",\"output\":[]}}";
    private static final String COMPLETED = "{\"type\":\"response.completed\",\"response\":{\"id\":\"resp_1\","
            + "\"status\":\"completed\",\"output\":[],\"usage\":{\"input_tokens\":10,\"output_tokens\":5,\"total_tokens\":15}}}";

    private static List<StreamPart> decode(Set<String> declaredTools, String... payloads) {
        return StreamParts.decode(new ResponsesStreamDecoder(List.of(), declaredTools, DETAILS), List.of(payloads));
    }

    @Test
    void expandsTheParallelWrapperIntoTheDeclaredCalls() {
        // The recorded wrapper stream has its first and last lines cut short; here they are repaired.
        List<String> payloads = new ArrayList<>(Fixtures.payloads("openai-responses/parallel-tool-call-wrapper.1.chunks.txt"));
        payloads.set(0, payloads.get(0) + "}");
        payloads.set(5, payloads.get(5) + "}");

        List<StreamPart> parts = StreamParts.decode(
                new ResponsesStreamDecoder(List.of(), Set.of("weather", "cityAttractions"), DETAILS), payloads);

        StreamParts.assertWellFormed(parts);
        assertThat(StreamParts.toolCalls(parts)).extracting(StreamPart.ToolCall::toolCallId, StreamPart.ToolCall::toolName,
                StreamPart.ToolCall::input).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("call_parallel_0", "weather", "{\"location\":\"San Francisco\"}"),
                        org.assertj.core.groups.Tuple.tuple("call_parallel_1", "cityAttractions", "{\"city\":\"Rome\"}"));
        assertThat(StreamParts.ofType(parts, StreamPart.ToolInputStart.class)).extracting(StreamPart.ToolInputStart::toolName)
                .containsExactly("weather", "cityAttractions");
        assertThat(((StreamPart.Finish) parts.get(parts.size() - 1)).finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    }

    @Test
    void keepsTheWrapperWhenTheRequestDeclaredAToolNamedParallel() {
        List<String> payloads = new ArrayList<>(Fixtures.payloads("openai-responses/parallel-tool-call-wrapper.1.chunks.txt"));
        payloads.set(0, payloads.get(0) + "}");
        payloads.set(5, payloads.get(5) + "}");

        List<StreamPart> parts = StreamParts.decode(new ResponsesStreamDecoder(List.of(), Set.of("parallel"), DETAILS), payloads);

        assertThat(StreamParts.toolCalls(parts)).extracting(StreamPart.ToolCall::toolName).containsExactly("parallel");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"error\",\"code\":\"rate_limit_exceeded\",\"message\":\"Slow down\",\"param\":null,\"sequence_number\":2}",
        "{\"type\":\"error\",\"sequence_number\":2,\"error\":{\"type\":\"tokens\",\"code\":\"rate_limit_exceeded\",\"message\":\"Slow down\",\"param\":null}}"})
    void readsBothErrorEventShapes(String errorEvent) {
        List<StreamPart> parts = decode(Set.of(), CREATED, errorEvent, COMPLETED);

        assertThat(parts).last().isInstanceOfSatisfying(StreamPart.Error.class, e -> {
            assertThat(e.error()).isInstanceOf(RateLimitedException.class);
            assertThat(e.error().isRetryable()).isTrue();
            assertThat(e.error().getMessage()).contains("Slow down").contains("rate_limit_exceeded");
            assertThat(e.error().errorBody()).contains("rate_limit_exceeded");
        });
        assertThat(parts).noneMatch(StreamPart.Finish.class::isInstance);
    }

    @Test
    void failedResponseEndsWithItsError() {
        List<StreamPart> parts = decode(Set.of(), CREATED, "{\"type\":\"response.failed\",\"response\":{\"id\":\"resp_1\","
                + "\"status\":\"failed\",\"error\":{\"code\":\"server_error\",\"message\":\"Boom\"},\"output\":[]}}");

        assertThat(parts).last().isInstanceOfSatisfying(StreamPart.Error.class,
                e -> assertThat(e.error()).isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("Boom"));
    }

    @Test
    void streamWithoutTerminalEventEndsWithAnInterruption() {
        List<StreamPart> parts = decode(Set.of(), CREATED,
                "{\"type\":\"response.output_item.added\",\"output_index\":0,\"item\":{\"type\":\"message\",\"id\":\"msg_1\"}}",
                "{\"type\":\"response.output_text.delta\",\"output_index\":0,\"content_index\":0,\"delta\":\"Hel\"}");

        assertThat(StreamParts.text(parts)).isEqualTo("Hel");
        assertThat(parts).last().isInstanceOfSatisfying(StreamPart.Error.class,
                e -> assertThat(e.error()).isInstanceOf(StreamInterruptedException.class).hasMessageContaining("ended before"));
    }

    @Test
    void malformedEventEndsWithAnUnexpectedResponse() {
        List<StreamPart> parts = decode(Set.of(), CREATED, "{\"type\":\"response.output_text.delta\",\"delta\":");

        assertThat(parts).last().isInstanceOfSatisfying(StreamPart.Error.class,
                e -> assertThat(e.error()).isInstanceOf(UnexpectedResponseException.class).hasMessageContaining("malformed"));
    }

    @Test
    void incompleteResponseFinishesWithLength() {
        List<StreamPart> parts = decode(Set.of(), CREATED, "{\"type\":\"response.incomplete\",\"response\":{\"status\":"
                + "\"incomplete\",\"incomplete_details\":{\"reason\":\"max_output_tokens\"},\"output\":[],"
                + "\"usage\":{\"input_tokens\":3,\"output_tokens\":16,\"output_tokens_details\":{\"reasoning_tokens\":16}}}}");

        StreamPart.Finish finish = (StreamPart.Finish) parts.get(parts.size() - 1);
        assertThat(finish.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(finish.rawFinishReason()).isEqualTo("max_output_tokens");
        assertThat(finish.usage().output().text()).isZero();
    }

    @Test
    void messageSentOnlyWhenDoneStillBecomesATextBlock() {
        List<StreamPart> parts = decode(Set.of(), CREATED, "{\"type\":\"response.output_item.done\",\"output_index\":0,"
                + "\"item\":{\"type\":\"message\",\"id\":\"msg_9\",\"content\":[{\"type\":\"output_text\",\"text\":\"Hi there\"}]}}",
                COMPLETED, "[DONE]");

        StreamParts.assertWellFormed(parts);
        assertThat(StreamParts.text(parts)).isEqualTo("Hi there");
        assertThat(StreamParts.ofType(parts, StreamPart.TextEnd.class)).singleElement()
                .satisfies(end -> assertThat(end.providerMetadata().string("openai", "itemId")).hasValue("msg_9"));
    }

    @Test
    void reasoningSummariesBecomeOneBlockEachAndTheEndCarriesTheEncryptedContent() {
        List<StreamPart> parts = decode(Set.of(), CREATED,
                "{\"type\":\"response.output_item.added\",\"output_index\":0,\"item\":{\"type\":\"reasoning\",\"id\":\"rs_1\",\"summary\":[]}}",
                "{\"type\":\"response.reasoning_summary_text.delta\",\"output_index\":0,\"summary_index\":0,\"delta\":\"First.\"}",
                "{\"type\":\"response.reasoning_summary_part.added\",\"output_index\":0,\"summary_index\":1,\"part\":{}}",
                "{\"type\":\"response.reasoning_summary_text.delta\",\"output_index\":0,\"summary_index\":1,\"delta\":\"Second.\"}",
                "{\"type\":\"response.output_item.done\",\"output_index\":0,\"item\":{\"type\":\"reasoning\",\"id\":\"rs_1\","
                        + "\"encrypted_content\":\"gAAA\",\"summary\":[{\"type\":\"summary_text\",\"text\":\"First.\"},"
                        + "{\"type\":\"summary_text\",\"text\":\"Second.\"}]}}",
                COMPLETED);

        StreamParts.assertWellFormed(parts);
        assertThat(StreamParts.ofType(parts, StreamPart.ReasoningStart.class)).extracting(StreamPart.ReasoningStart::id)
                .containsExactly("rs_1:0", "rs_1:1");
        assertThat(StreamParts.ofType(parts, StreamPart.ReasoningEnd.class)).last()
                .satisfies(end -> assertThat(end.providerMetadata().string("openai", "encryptedContent")).hasValue("gAAA"));
        assertThat(StreamParts.reasoning(parts)).isEqualTo("First.Second.");
    }
}
