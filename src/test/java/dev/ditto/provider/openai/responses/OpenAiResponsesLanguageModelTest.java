package dev.ditto.provider.openai.responses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.FinishReason;
import dev.ditto.sdk.LanguageModelRequest;
import dev.ditto.sdk.LanguageModelResult;
import dev.ditto.sdk.QuotaExceededException;
import dev.ditto.sdk.ReasoningEffort;
import dev.ditto.sdk.SdkException;
import dev.ditto.sdk.StreamPart;
import dev.ditto.sdk.UnexpectedResponseException;
import dev.ditto.sdk.http.HttpTransport;
import dev.ditto.sdk.http.HttpTransportConfig;
import dev.ditto.sdk.message.ImagePart;
import dev.ditto.sdk.message.Message;
import dev.ditto.sdk.message.ReasoningPart;
import dev.ditto.sdk.message.TextPart;
import dev.ditto.sdk.message.ToolMessage;
import dev.ditto.sdk.message.ToolResultPart;
import dev.ditto.sdk.tool.FunctionTool;
import dev.ditto.sdk.tool.ToolChoice;
import dev.ditto.testing.CapturedRequest;
import dev.ditto.testing.FakeUpstream;
import dev.ditto.testing.Fixtures;
import dev.ditto.testing.Framing;
import dev.ditto.testing.Reply;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The adapter over real HTTP against {@link FakeUpstream} replaying recorded Responses API answers. */
class OpenAiResponsesLanguageModelTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATH = "/v1/responses";

    private final FakeUpstream upstream = FakeUpstream.start();
    private final HttpTransport transport = HttpTransport.of(
            HttpTransportConfig.builder().errorMapper(OpenAiResponsesProvider.errorMapper()).build());
    private final OpenAiResponsesLanguageModel model = OpenAiResponsesProvider.builder()
            .apiKey("test-key")
            .baseUrl(upstream.uri("/v1"))
            .headers(Map.of("OpenAI-Project", "proj_test"))
            .transport(transport)
            .build()
            .languageModel("gpt-5-mini");

    @AfterEach
    void close() {
        transport.close();
        upstream.close();
    }

    private static JsonNode fixtureJson(String name) throws Exception {
        return JSON.readTree(Fixtures.text("openai-responses/" + name));
    }

    private static FunctionTool weatherTool() throws Exception {
        return FunctionTool.of("get_weather", "Current weather", JSON.readTree(
                "{\"type\":\"object\",\"properties\":{\"location\":{\"type\":\"string\"}},\"required\":[\"location\"]}"));
    }

    @Test
    void streamsARecordedToolCallAndSendsTheMappedRequest() throws Exception {
        upstream.on("POST", PATH).enqueue(Reply.fixture("openai-responses/openai-client-tool-search.2.chunks.txt"));
        ObjectNode options = JSON.createObjectNode().put("store", false);
        options.putArray("include").add("reasoning.encrypted_content");
        options.putObject("reasoning").put("summary", "auto");
        LanguageModelRequest request = LanguageModelRequest.builder()
                .message(Message.system("Be brief."))
                .message(Message.user(TextPart.of("Weather in SF?"), ImagePart.ofUrl("https://example.com/sky.png")))
                .tool(weatherTool())
                .toolChoice(ToolChoice.auto())
                .reasoningEffort(ReasoningEffort.LOW)
                .maxOutputTokens(500)
                .providerOptions("openai", options)
                .build();

        List<StreamPart> parts = StreamParts.collect(model.stream(request));

        CapturedRequest sent = upstream.awaitRequest(1, TIMEOUT);
        assertThat(sent.path()).isEqualTo(PATH);
        assertThat(sent.header("authorization")).hasValue("Bearer test-key");
        assertThat(sent.header("accept")).hasValue("text/event-stream");
        assertThat(sent.header("content-type")).hasValue("application/json");
        assertThat(sent.header("openai-project")).hasValue("proj_test");
        JsonNode body = sent.bodyJson();
        assertThat(body.path("model").asText()).isEqualTo("gpt-5-mini");
        assertThat(body.path("stream").asBoolean()).isTrue();
        assertThat(body.path("input").get(0)).isEqualTo(JSON.readTree("{\"role\":\"system\",\"content\":\"Be brief.\"}"));
        assertThat(body.path("input").get(1).path("content")).isEqualTo(JSON.readTree("[{\"type\":\"input_text\","
                + "\"text\":\"Weather in SF?\"},{\"type\":\"input_image\",\"image_url\":\"https://example.com/sky.png\","
                + "\"detail\":\"auto\"}]"));
        assertThat(body.path("tools").get(0).path("type").asText()).isEqualTo("function");
        assertThat(body.path("tools").get(0).path("name").asText()).isEqualTo("get_weather");
        assertThat(body.path("tool_choice").asText()).isEqualTo("auto");
        assertThat(body.path("reasoning")).isEqualTo(JSON.readTree("{\"effort\":\"low\",\"summary\":\"auto\"}"));
        assertThat(body.path("store").asBoolean(true)).isFalse();
        assertThat(body.path("include").get(0).asText()).isEqualTo("reasoning.encrypted_content");
        assertThat(body.path("max_output_tokens").asInt()).isEqualTo(500);

        JsonNode done = Fixtures.payloads("openai-responses/openai-client-tool-search.2.chunks.txt").stream()
                .map(OpenAiResponsesLanguageModelTest::tree).filter(e -> e.path("type").asText().equals("response.output_item.done"))
                .findFirst().orElseThrow().path("item");
        assertThat(StreamParts.toolCalls(parts)).singleElement().satisfies(call -> {
            assertThat(call.toolName()).isEqualTo(done.path("name").asText());
            assertThat(call.toolCallId()).isEqualTo(done.path("call_id").asText());
            assertThat(tree(call.input())).isEqualTo(tree(done.path("arguments").asText()));
        });
        assertThat(parts).last().isInstanceOfSatisfying(StreamPart.Finish.class,
                f -> assertThat(f.finishReason()).isEqualTo(FinishReason.TOOL_CALLS));
    }

    @Test
    void generatesFromARecordedResponse() throws Exception {
        upstream.on("POST", PATH).enqueue(Reply.fixture("openai-responses/openai-reasoning-encrypted-content.1.json"));
        JsonNode fixture = fixtureJson("openai-reasoning-encrypted-content.1.json");

        LanguageModelResult result = model.generate("What is 12 + 7, times 3, times 10?");

        JsonNode body = upstream.awaitRequest(1, TIMEOUT).bodyJson();
        assertThat(body.has("stream")).isFalse();
        assertThat(body.path("input")).isEqualTo(JSON.readTree("[{\"role\":\"user\",\"content\":[{\"type\":\"input_text\","
                + "\"text\":\"What is 12 + 7, times 3, times 10?\"}]}]"));
        JsonNode reasoning = fixture.path("output").get(0);
        JsonNode message = fixture.path("output").get(1);
        assertThat(result.text()).isEqualTo(message.path("content").get(0).path("text").asText());
        assertThat(result.content().get(0)).isInstanceOfSatisfying(ReasoningPart.class, r -> {
            assertThat(r.encryptedContent()).isEqualTo(reasoning.path("encrypted_content").asText());
            assertThat(r.text()).isEqualTo(reasoning.path("summary").get(0).path("text").asText());
            assertThat(r.providerMetadata().string("openai", "itemId")).hasValue(reasoning.path("id").asText());
        });
        assertThat(result.usage().output().reasoning()).isEqualTo(fixture.path("usage").path("output_tokens_details")
                .path("reasoning_tokens").asLong());
        assertThat(result.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(result.providerMetadata().string("openai", "responseId")).hasValue(fixture.path("id").asText());
    }

    @Test
    void sendsReasoningProgramItemsAndToolCallsBackOnTheNextTurn() throws Exception {
        upstream.on("POST", PATH).enqueue(Reply.fixture("openai-responses/programmatic-tool-calling.1.json"),
                Reply.fixture("openai-responses/programmatic-tool-calling.2.json"));
        JsonNode first = fixtureJson("programmatic-tool-calling.1.json").path("output");
        LanguageModelRequest turn1 = LanguageModelRequest.of("Check stock for sku_123");
        LanguageModelResult result = model.generate(turn1);
        String callId = result.toolCalls().get(0).toolCallId();

        LanguageModelRequest turn2 = turn1.toBuilder()
                .message(result.toMessage())
                .message(ToolMessage.of(List.of(ToolResultPart.of(callId, "getInventory", "{\"availableUnits\":42}"))))
                .build();
        model.generate(turn2);

        JsonNode input = upstream.awaitRequest(2, TIMEOUT).bodyJson().path("input");
        assertThat(input).hasSize(5);
        assertThat(input.get(1).path("type").asText()).isEqualTo("reasoning");
        assertThat(input.get(1).path("id")).isEqualTo(first.get(0).path("id"));
        assertThat(input.get(1).path("encrypted_content")).isEqualTo(first.get(0).path("encrypted_content"));
        assertThat(input.get(2)).isEqualTo(first.get(1));
        assertThat(input.get(3).path("type").asText()).isEqualTo("function_call");
        assertThat(input.get(3).path("call_id")).isEqualTo(first.get(2).path("call_id"));
        assertThat(input.get(3).path("id")).isEqualTo(first.get(2).path("id"));
        assertThat(input.get(3).path("caller")).isEqualTo(first.get(2).path("caller"));
        assertThat(input.get(3).path("arguments")).isEqualTo(first.get(2).path("arguments"));
        assertThat(input.get(4)).isEqualTo(JSON.readTree("{\"type\":\"function_call_output\",\"call_id\":\""
                + first.get(2).path("call_id").asText() + "\",\"output\":\"{\\\"availableUnits\\\":42}\"}"));
    }

    @Test
    void httpErrorsAreTypedByOpenAiErrorCode() {
        upstream.on("POST", PATH).enqueue(Reply.json(429, Fixtures.text("openai-responses/openai-error.1.json")).toBuilder()
                .header("retry-after", "2").header("x-request-id", "req_123").build());

        assertThatThrownBy(() -> model.generate("hi")).isInstanceOfSatisfying(QuotaExceededException.class, e -> {
            assertThat(e.isRetryable()).isFalse();
            assertThat(e.status()).isEqualTo(429);
            assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(2));
            assertThat(e.upstreamRequestId()).isEqualTo("req_123");
            assertThat(e.provider()).isEqualTo("openai");
            assertThat(e.model()).isEqualTo("gpt-5-mini");
        });
    }

    @Test
    void failedOrUnreadableAnswersIn200AreErrors() {
        upstream.on("POST", PATH).enqueue(
                Reply.json("{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"failed\",\"output\":[],"
                        + "\"error\":{\"code\":\"server_error\",\"message\":\"Something broke\"}}"),
                Reply.json("<html>not json</html>"));

        assertThatThrownBy(() -> model.generate("hi")).isInstanceOf(dev.ditto.sdk.ProviderUnavailableException.class)
                .hasMessageContaining("Something broke");
        assertThatThrownBy(() -> model.generate("hi")).isInstanceOf(UnexpectedResponseException.class)
                .hasMessageContaining("not JSON");
    }

    @Test
    void streamingHttpErrorEndsWithAnErrorPart() throws Exception {
        upstream.on("POST", PATH).enqueue(Reply.json(429, Fixtures.text("openai-responses/openai-error.1.json")));

        List<StreamPart> parts = StreamParts.collect(model.stream("hi"));

        assertThat(parts).singleElement().isInstanceOfSatisfying(StreamPart.Error.class,
                e -> assertThat(e.error()).isInstanceOf(QuotaExceededException.class));
    }

    @Test
    void truncatedStreamEndsWithAnErrorNotAFinish() throws Exception {
        upstream.on("POST", PATH).enqueue(Reply.fixture("openai-responses/github-copilot-id-rotation.1.chunks.txt")
                .toBuilder().cutAfterEvents(20).build());

        List<StreamPart> parts = StreamParts.collect(model.stream("hi"));

        assertThat(StreamParts.text(parts)).isNotEmpty();
        assertThat(parts).last().isInstanceOfSatisfying(StreamPart.Error.class,
                e -> assertThat(e.error()).isInstanceOf(SdkException.class));
        assertThat(parts).noneMatch(StreamPart.Finish.class::isInstance);
    }

    @Test
    void streamCleanlyClosedBeforeItsTerminalEventIsNotASilentCut() throws Exception {
        List<String> payloads = Fixtures.payloads("openai-responses/github-copilot-id-rotation.1.chunks.txt");
        upstream.on("POST", PATH).enqueue(Reply.sse(Framing.NAMED_EVENTS,
                payloads.subList(0, payloads.size() - 1).toArray(String[]::new)));

        List<StreamPart> parts = StreamParts.collect(model.stream("hi"));

        assertThat(parts).last().isInstanceOfSatisfying(StreamPart.Error.class,
                e -> assertThat(e.error()).hasMessageContaining("ended before response.completed"));
    }

    @Test
    void malformedEventEndsWithAnErrorPart() throws Exception {
        upstream.on("POST", PATH).enqueue(Reply.sse(Framing.RAW, "event: response.created\ndata: {\"type\":\"resp\n\n"));

        List<StreamPart> parts = StreamParts.collect(model.stream("hi"));

        assertThat(parts).last().isInstanceOfSatisfying(StreamPart.Error.class,
                e -> assertThat(e.error()).isInstanceOf(UnexpectedResponseException.class));
    }

    private static JsonNode tree(String json) {
        return ResponsesFixturesTest.readTree(json);
    }
}
