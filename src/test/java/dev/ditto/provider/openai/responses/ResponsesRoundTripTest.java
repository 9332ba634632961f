package dev.ditto.provider.openai.responses;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.ResponseUsage;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.LanguageModelResult;
import dev.ditto.sdk.StreamPart;
import dev.ditto.sdk.http.SseEvent;
import dev.ditto.testing.Fixtures;
import dev.ditto.testing.OpenAiJavaClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Recorded Responses API answers decoded to unified parts and encoded back by the edge codec:
 * (b) the re-encoded stream equals the recording event for event in type and order, text,
 * arguments and usage; (a) openai-java reads the re-encoded stream and JSON with the same text,
 * function calls and usage as the recording.
 *
 * <p>Recordings with built-in tool progress events ({@code response.web_search_call.searching},
 * {@code response.code_interpreter_call_code.delta}, ...) or annotation events are not compared
 * event for event: the unified stream carries the finished item, not its progress, so those
 * events are not re-created. Multi-response recordings re-encode as one response.
 */
class ResponsesRoundTripTest {

    private static final String FOLDER = "openai-responses/";
    private final OpenAiResponsesEdgeCodec codec = OpenAiResponsesEdgeCodec.ofDefaults();
    private static OpenAiJavaClient client;

    @BeforeAll
    static void startClient() {
        client = new OpenAiJavaClient();
    }

    @AfterAll
    static void closeClient() {
        client.close();
    }

    private List<SseEvent> reencode(List<String> original) {
        List<StreamPart> parts = StreamParts.decode(
                new ResponsesStreamDecoder(List.of(), Set.of(), ErrorDetails.of("openai", "m")), original);
        JsonNode created = ResponsesFixturesTest.readTree(original.get(0)).path("response");
        return OpenAiResponsesEdgeCodecTest.encode(codec.newStreamEncoder(created.path("model").asText()), parts);
    }

    @ParameterizedTest
    @ValueSource(strings = {"github-copilot-id-rotation.1", "openai-shell-container-multiturn.1",
        "openai-shell-local-multiturn.1", "openai-client-tool-search.1", "openai-client-tool-search.2",
        "openai-apply-patch-tool-delete.1", "openai-local-shell-tool.1", "programmatic-tool-calling.1",
        "programmatic-tool-calling.2", "programmatic-tool-calling.3", "openai-tool-search.1"})
    void reencodedStreamEqualsTheRecordingEventForEvent(String fixture) {
        List<JsonNode> original = Fixtures.payloads(FOLDER + fixture + ".chunks.txt").stream()
                .map(ResponsesFixturesTest::readTree).toList();
        List<JsonNode> reencoded = reencode(Fixtures.payloads(FOLDER + fixture + ".chunks.txt")).stream()
                .map(e -> ResponsesFixturesTest.readTree(e.data())).toList();

        assertThat(types(reencoded)).containsExactlyElementsOf(types(original));
        assertThat(joined(reencoded, "response.output_text.delta", "delta"))
                .isEqualTo(joined(original, "response.output_text.delta", "delta"));
        assertThat(joined(reencoded, "response.reasoning_summary_text.delta", "delta"))
                .isEqualTo(joined(original, "response.reasoning_summary_text.delta", "delta"));
        assertThat(values(reencoded, "response.function_call_arguments.delta", "delta"))
                .isEqualTo(values(original, "response.function_call_arguments.delta", "delta"));
        assertThat(values(reencoded, "response.function_call_arguments.done", "arguments"))
                .isEqualTo(values(original, "response.function_call_arguments.done", "arguments"));
        assertThat(doneItems(reencoded, t -> !t.equals("message") && !t.equals("reasoning") && !t.equals("function_call")))
                .isEqualTo(doneItems(original, t -> !t.equals("message") && !t.equals("reasoning") && !t.equals("function_call")));
        assertThat(doneItems(reencoded, "function_call"::equals)).extracting(i -> i.path("call_id").asText() + i.path("name"))
                .isEqualTo(doneItems(original, "function_call"::equals).stream()
                        .map(i -> i.path("call_id").asText() + i.path("name")).toList());
        JsonNode usage = original.get(original.size() - 1).path("response").path("usage");
        JsonNode reencodedUsage = reencoded.get(reencoded.size() - 1).path("response").path("usage");
        for (String field : List.of("input_tokens", "output_tokens", "total_tokens")) {
            assertThat(reencodedUsage.path(field)).as(field).isEqualTo(usage.path(field));
        }
        assertThat(reencodedUsage.path("input_tokens_details").path("cached_tokens"))
                .isEqualTo(usage.path("input_tokens_details").path("cached_tokens"));
        assertThat(reencodedUsage.path("output_tokens_details").path("reasoning_tokens"))
                .isEqualTo(usage.path("output_tokens_details").path("reasoning_tokens"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"github-copilot-id-rotation.1", "openai-reasoning-encrypted-content.1",
        "openai-client-tool-search.2", "programmatic-tool-calling.3", "openai-web-search-tool.1", "openai-shell-tool.1",
        "openai-mcp-tool-approval.4"})
    void openAiJavaReadsTheReencodedStreamLikeTheRecording(String fixture) {
        List<String> payloads = Fixtures.payloads(FOLDER + fixture + ".chunks.txt");
        List<JsonNode> original = payloads.stream().map(ResponsesFixturesTest::readTree).toList();

        List<ResponseStreamEvent> read = client.responsesStream(reencode(payloads));

        StringBuilder text = new StringBuilder();
        List<String> calls = new ArrayList<>();
        read.forEach(e -> {
            e.outputTextDelta().ifPresent(d -> text.append(d.delta()));
            e.outputItemDone().flatMap(d -> d.item().functionCall())
                    .ifPresent(c -> calls.add(c.callId() + " " + c.name() + " " + c.arguments()));
        });
        assertThat(text).hasToString(joined(original, "response.output_text.delta", "delta"));
        assertThat(calls).containsExactlyElementsOf(doneItems(original, "function_call"::equals).stream()
                .map(i -> i.path("call_id").asText() + " " + i.path("name").asText() + " " + i.path("arguments").asText())
                .toList());
        ResponseUsage usage = read.get(read.size() - 1).completed().orElseThrow().response().usage().orElseThrow();
        long input = 0;
        long output = 0;
        for (JsonNode event : original) {
            if (event.path("type").asText().equals("response.completed")) {
                input += event.path("response").path("usage").path("input_tokens").asLong();
                output += event.path("response").path("usage").path("output_tokens").asLong();
            }
        }
        assertThat(usage.inputTokens()).isEqualTo(input);
        assertThat(usage.outputTokens()).isEqualTo(output);
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai-reasoning-encrypted-content.1", "openai-client-tool-search.2", "openai-web-search-tool.1",
        "openai-file-search-tool.1", "openai-code-interpreter-tool.1", "openai-mcp-tool-approval.4", "openai-shell-skills.1",
        "openai-image-generation-tool.1", "openai-local-shell-tool.1", "openai-apply-patch-tool.1", "programmatic-tool-calling.3"})
    void openAiJavaReadsTheReencodedResponseLikeTheRecording(String fixture) {
        JsonNode original = ResponsesFixturesTest.readTree(Fixtures.text(FOLDER + fixture + ".json"));
        LanguageModelResult result = ResponsesResultMapper.map(original, List.of(), Set.of(), ErrorDetails.of("openai", "m"));

        Response read = client.responsesCreate(codec.encodeResult(result, original.path("model").asText()).toString());

        List<JsonNode> items = new ArrayList<>();
        original.path("output").forEach(items::add);
        assertThat(read.output()).extracting(OpenAiJavaClient::type)
                .containsExactlyElementsOf(items.stream().map(i -> i.path("type").asText()).toList());
        StringBuilder text = new StringBuilder();
        read.output().forEach(item -> item.message().ifPresent(m -> m.content()
                .forEach(c -> c.outputText().ifPresent(t -> text.append(t.text())))));
        assertThat(text).hasToString(result.text());
        assertThat(read.output().stream().map(ResponseOutputItem::functionCall).flatMap(java.util.Optional::stream)
                .map(ResponseFunctionToolCall::arguments).toList())
                .containsExactlyElementsOf(items.stream().filter(i -> i.path("type").asText().equals("function_call"))
                        .map(i -> i.path("arguments").asText()).toList());
        assertThat(read.usage().orElseThrow().inputTokens()).isEqualTo(original.path("usage").path("input_tokens").asLong());
        assertThat(read.usage().orElseThrow().outputTokensDetails().reasoningTokens())
                .isEqualTo(original.path("usage").path("output_tokens_details").path("reasoning_tokens").asLong());
    }

    private static List<String> types(List<JsonNode> events) {
        return events.stream().map(e -> e.path("type").asText()).toList();
    }

    private static String joined(List<JsonNode> events, String type, String field) {
        return String.join("", values(events, type, field));
    }

    private static List<String> values(List<JsonNode> events, String type, String field) {
        return events.stream().filter(e -> e.path("type").asText().equals(type)).map(e -> e.path(field).asText()).toList();
    }

    private static List<JsonNode> doneItems(List<JsonNode> events, Predicate<String> itemType) {
        return events.stream().filter(e -> e.path("type").asText().equals("response.output_item.done"))
                .map(e -> e.path("item")).filter(i -> itemType.test(i.path("type").asText())).toList();
    }
}
