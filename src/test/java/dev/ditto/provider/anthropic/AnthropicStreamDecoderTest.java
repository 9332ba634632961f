package dev.ditto.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.FinishReason;
import dev.ditto.sdk.StreamPart;
import dev.ditto.sdk.UnexpectedResponseException;
import dev.ditto.sdk.Warning;
import dev.ditto.sdk.message.ProviderPart;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Stream shapes no recording shows: citations, redacted thinking, protocol violations. */
class AnthropicStreamDecoderTest {

    private static final String START = "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
            + "\"role\":\"assistant\",\"model\":\"claude-x\",\"content\":[],\"stop_reason\":null,\"usage\":"
            + "{\"input_tokens\":5,\"output_tokens\":1}}}";
    private static final String DELTA = "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
            + "\"usage\":{\"output_tokens\":9,\"output_tokens_details\":{\"thinking_tokens\":4}}}";
    private static final String STOP = "{\"type\":\"message_stop\"}";

    private static StreamParts decode(String... payloads) {
        return StreamParts.decode(new AnthropicStreamDecoder(List.of(Warning.other("w")), null,
                ErrorDetails.of("anthropic", "claude-x")), List.of(payloads));
    }

    private static String blockStart(int index, String block) {
        return "{\"type\":\"content_block_start\",\"index\":" + index + ",\"content_block\":" + block + "}";
    }

    private static String blockDelta(int index, String delta) {
        return "{\"type\":\"content_block_delta\",\"index\":" + index + ",\"delta\":" + delta + "}";
    }

    private static String blockStop(int index) {
        return "{\"type\":\"content_block_stop\",\"index\":" + index + "}";
    }

    @Test
    void citationsRideOnTheEndOfTheirTextBlock() {
        StreamParts parts = decode(START, blockStart(0, "{\"type\":\"text\",\"text\":\"\"}"),
                blockDelta(0, "{\"type\":\"text_delta\",\"text\":\"Grass is green.\"}"),
                blockDelta(0, "{\"type\":\"citations_delta\",\"citation\":{\"type\":\"char_location\",\"cited_text\":\"green\"}}"),
                blockStop(0), DELTA, STOP);

        StreamPart.TextEnd end = parts.all(StreamPart.TextEnd.class).get(0);
        JsonNode citations = end.providerMetadata().get("anthropic", "citations").orElseThrow();
        assertThat(citations).singleElement().satisfies(c -> assertThat(c.path("cited_text").asText()).isEqualTo("green"));
        assertThat(parts.text()).isEqualTo("Grass is green.");
        assertThat(parts.start().orElseThrow().warnings()).extracting(Warning::message).containsExactly("w");
        assertThat(parts.finish().usage().output().reasoning()).isEqualTo(4L);
        assertThat(parts.finish().usage().output().text()).isEqualTo(5L);
    }

    @Test
    void redactedThinkingKeepsItsDataForTheNextTurn() {
        StreamParts parts = decode(START, blockStart(0, "{\"type\":\"redacted_thinking\",\"data\":\"opaque\"}"), blockStop(0),
                DELTA, STOP);

        assertThat(parts.all(StreamPart.ReasoningEnd.class)).singleElement()
                .satisfies(end -> assertThat(end.providerMetadata().string("anthropic", "data")).hasValue("opaque"));
    }

    @Test
    void serverToolCallsComeWholeWithTheirStreamedInput() {
        StreamParts parts = decode(START,
                blockStart(0, "{\"type\":\"server_tool_use\",\"id\":\"srvtoolu_1\",\"name\":\"web_search\",\"input\":{}}"),
                blockDelta(0, "{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"query\\\":\"}"),
                blockDelta(0, "{\"type\":\"input_json_delta\",\"partial_json\":\"\\\"news\\\"}\"}"),
                blockStop(0), DELTA, STOP);

        assertThat(parts.providerParts()).singleElement().satisfies(part -> {
            assertThat(part.type()).isEqualTo("server_tool_use");
            assertThat(part.value().path("input").path("query").asText()).isEqualTo("news");
        });
        assertThat(parts.toolCalls()).isEmpty();
    }

    @Test
    void compactionContentIsAssembledFromItsDeltas() {
        List<String> events = AnthropicFixturesTest.events("anthropic-compaction.1.chunks.txt").stream()
                .map(JsonNode::toString).toList();
        StringBuilder expected = new StringBuilder();
        AnthropicFixturesTest.events("anthropic-compaction.1.chunks.txt").forEach(event -> {
            if (event.path("delta").path("type").asText().equals("compaction_delta")) {
                expected.append(event.path("delta").path("content").asText());
            }
        });

        StreamParts parts = StreamParts.decode(new AnthropicStreamDecoder(List.of(), null, ErrorDetails.empty()), events);

        ProviderPart compaction = parts.providerParts().stream().filter(part -> part.type().equals("compaction"))
                .findFirst().orElseThrow();
        assertThat(compaction.value().path("content").asText()).isEqualTo(expected.toString()).isNotEmpty();
    }

    @Test
    void blocksInsideMessageStartArePartsToo() {
        String start = "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_2\",\"model\":\"m\",\"content\":["
                + "{\"type\":\"tool_use\",\"id\":\"toolu_9\",\"name\":\"roll\",\"input\":{\"die\":6}}],"
                + "\"stop_reason\":\"tool_use\",\"usage\":{\"input_tokens\":0,\"output_tokens\":0}}}";

        StreamParts parts = decode(start, STOP);

        assertThat(parts.toolCalls()).singleElement().satisfies(call -> {
            assertThat(call.toolCallId()).isEqualTo("toolu_9");
            assertThat(FixtureFacts.parse(call.input()).path("die").asInt()).isEqualTo(6);
        });
        assertThat(parts.finish().finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    }

    @Test
    void protocolViolationsEndTheStreamWithAnError() {
        List<String[]> broken = new ArrayList<>();
        broken.add(new String[] {blockStart(0, "{\"type\":\"text\",\"text\":\"\"}")});
        broken.add(new String[] {START, blockDelta(3, "{\"type\":\"text_delta\",\"text\":\"x\"}")});
        broken.add(new String[] {START, blockStart(0, "{\"type\":\"text\",\"text\":\"\"}"), STOP});
        broken.add(new String[] {START, blockStart(0, "{\"type\":\"text\",\"text\":\"\"}"),
                blockStart(0, "{\"type\":\"text\",\"text\":\"\"}")});
        broken.add(new String[] {START, "[1,2]"});

        for (String[] events : broken) {
            StreamParts parts = decode(events);

            assertThat(parts.error()).as(String.join(" | ", events)).isInstanceOf(UnexpectedResponseException.class);
            assertThat(parts.all(StreamPart.Finish.class)).isEmpty();
        }
    }

    @Test
    void pingsAndUnknownEventsAreIgnoredAndNothingFollowsMessageStop() {
        StreamParts parts = decode(START, "{\"type\":\"ping\"}", "{\"type\":\"brand_new_event\"}", DELTA, STOP,
                blockStart(0, "{\"type\":\"text\",\"text\":\"late\"}"));

        assertThat(parts.parts()).hasSize(2);
        assertThat(parts.finish().rawFinishReason()).isEqualTo("end_turn");
    }
}
