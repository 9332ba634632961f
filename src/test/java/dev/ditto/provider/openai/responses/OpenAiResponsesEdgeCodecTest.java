package dev.ditto.provider.openai.responses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.errors.OpenAIException;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseStreamEvent;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.FinishReason;
import dev.ditto.sdk.InvalidRequestException;
import dev.ditto.sdk.LanguageModelRequest;
import dev.ditto.sdk.LanguageModelResult;
import dev.ditto.sdk.ModelNotFoundException;
import dev.ditto.sdk.QuotaExceededException;
import dev.ditto.sdk.RateLimitedException;
import dev.ditto.sdk.ReasoningEffort;
import dev.ditto.sdk.ResponseFormat;
import dev.ditto.sdk.SdkException;
import dev.ditto.sdk.StreamPart;
import dev.ditto.sdk.UpstreamTimeoutException;
import dev.ditto.sdk.Usage;
import dev.ditto.sdk.http.SseEvent;
import dev.ditto.sdk.message.AssistantMessage;
import dev.ditto.sdk.message.FilePart;
import dev.ditto.sdk.message.ImagePart;
import dev.ditto.sdk.message.MediaSource;
import dev.ditto.sdk.message.ProviderMetadata;
import dev.ditto.sdk.message.ProviderPart;
import dev.ditto.sdk.message.ReasoningPart;
import dev.ditto.sdk.message.SystemMessage;
import dev.ditto.sdk.message.TextPart;
import dev.ditto.sdk.message.ToolCallPart;
import dev.ditto.sdk.message.ToolMessage;
import dev.ditto.sdk.message.UserMessage;
import dev.ditto.sdk.tool.FunctionTool;
import dev.ditto.sdk.tool.ProviderDefinedTool;
import dev.ditto.sdk.tool.ToolChoice;
import dev.ditto.testing.OpenAiJavaClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Responses edge codec; openai-java is the judge of what it writes. */
class OpenAiResponsesEdgeCodecTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    private final OpenAiResponsesEdgeCodec codec = OpenAiResponsesEdgeCodec.of(Clock.fixed(NOW, ZoneOffset.UTC));
    private static OpenAiJavaClient client;

    @BeforeAll
    static void startClient() {
        client = new OpenAiJavaClient();
    }

    @AfterAll
    static void closeClient() {
        client.close();
    }

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void decodesARealisticRequest() throws Exception {
        ObjectNode body = json("{'model':'gpt-5-mini','instructions':'Be brief.','stream':true,"
                + "'stream_options':{'include_obfuscation':false},"
                + "'input':[{'role':'developer','content':'Use metric units.'},"
                + "{'role':'user','content':[{'type':'input_text','text':'Weather here?'},"
                + "{'type':'input_image','image_url':'https://example.com/a.png','detail':'low'},"
                + "{'type':'input_image','image_url':'data:image/png;base64,AQI='},"
                + "{'type':'input_file','file_data':'data:application/pdf;base64,Aw==','filename':'a.pdf'},"
                + "{'type':'input_file','file_id':'file-1'}]},"
                + "{'type':'reasoning','id':'rs_1','summary':[{'type':'summary_text','text':'Think.'}],'encrypted_content':'enc'},"
                + "{'role':'assistant','id':'msg_1','content':[{'type':'output_text','text':'Checking.','annotations':[]}]},"
                + "{'type':'function_call','id':'fc_1','call_id':'call_1','name':'get_weather','arguments':'{\\'city\\':\\'Oslo\\'}'},"
                + "{'type':'web_search_call','id':'ws_1','status':'completed','action':{'type':'search','query':'oslo'}},"
                + "{'type':'function_call_output','call_id':'call_1','output':'4C'},"
                + "{'type':'mcp_approval_response','approval_request_id':'mcpr_1','approve':true},"
                + "{'role':'user','content':'Thanks'}],"
                + "'tools':[{'type':'function','name':'get_weather','description':'Weather','parameters':{'type':'object'}},"
                + "{'type':'function','name':'loose','parameters':{'type':'object'},'strict':false},"
                + "{'type':'web_search','search_context_size':'low'},"
                + "{'type':'mcp','server_label':'zip1','server_url':'https://zip1.io/mcp'}],"
                + "'tool_choice':{'type':'function','name':'get_weather'},"
                + "'text':{'format':{'type':'json_schema','name':'w','schema':{'type':'object'},'strict':true},'verbosity':'low'},"
                + "'reasoning':{'effort':'high','summary':'auto'},"
                + "'temperature':0.3,'top_p':0.8,'max_output_tokens':400,'parallel_tool_calls':false,'user':'u1',"
                + "'metadata':{'team':'red'},'store':false,'previous_response_id':'resp_0',"
                + "'include':['reasoning.encrypted_content'],'service_tier':'flex','truncation':'auto',"
                + "'prompt_cache_key':'k','safety_identifier':'s','max_tool_calls':3,'top_logprobs':2,'background':false}");

        OpenAiResponsesEdgeCodec.DecodedRequest decoded = codec.decodeRequest(body);

        assertThat(decoded.model()).isEqualTo("gpt-5-mini");
        assertThat(decoded.stream()).isTrue();
        assertThat(decoded.includeObfuscation()).isFalse();
        LanguageModelRequest request = decoded.request();
        assertThat(request.messages()).hasSize(7);
        assertThat(request.messages().get(0)).isEqualTo(new SystemMessage("Be brief.",
                ProviderMetadata.of("openai", json("{'instructions':true}"))));
        assertThat(request.messages().get(1)).isEqualTo(new SystemMessage("Use metric units.",
                ProviderMetadata.of("openai", json("{'role':'developer'}"))));
        assertThat(((UserMessage) request.messages().get(2)).content()).containsExactly(
                TextPart.of("Weather here?"),
                new ImagePart(MediaSource.ofUrl("https://example.com/a.png"), null, ProviderMetadata.of("openai", json("{'detail':'low'}"))),
                ImagePart.ofBytes(new byte[] {1, 2}, "image/png"),
                FilePart.ofBytes(new byte[] {3}, "application/pdf", "a.pdf"),
                new FilePart(MediaSource.ofFileId("file-1"), "application/octet-stream", null, ProviderMetadata.empty()));
        AssistantMessage assistant = (AssistantMessage) request.messages().get(3);
        assertThat(assistant.content()).hasSize(4);
        assertThat(assistant.content().get(0)).isEqualTo(new ReasoningPart("Think.", null, "enc",
                ProviderMetadata.of("openai", json("{'itemId':'rs_1'}"))));
        assertThat(assistant.content().get(1)).isEqualTo(new TextPart("Checking.", ProviderMetadata.of("openai", json("{'itemId':'msg_1'}"))));
        assertThat(assistant.content().get(2)).isEqualTo(new ToolCallPart("call_1", "get_weather", "{\"city\":\"Oslo\"}",
                ProviderMetadata.of("openai", json("{'itemId':'fc_1'}"))));
        assertThat(assistant.content().get(3)).isInstanceOfSatisfying(ProviderPart.class, p -> assertThat(p.type()).isEqualTo("web_search_call"));
        assertThat(((ToolMessage) request.messages().get(4)).results()).singleElement()
                .satisfies(r -> assertThat(r.toolCallId()).isEqualTo("call_1")).satisfies(r -> assertThat(r.text()).isEqualTo("4C"));
        assertThat(((UserMessage) request.messages().get(5)).content()).singleElement().isInstanceOf(ProviderPart.class);
        assertThat(request.messages().get(6)).isInstanceOf(UserMessage.class);
        assertThat(request.tools()).hasSize(4);
        assertThat(request.tools().get(0)).isInstanceOfSatisfying(FunctionTool.class, t -> assertThat(t.strict()).isTrue());
        assertThat(request.tools().get(1)).isInstanceOfSatisfying(FunctionTool.class, t -> assertThat(t.strict()).isFalse());
        assertThat(request.tools().get(2)).isEqualTo(new ProviderDefinedTool("openai.web_search", "web_search",
                json("{'type':'web_search','search_context_size':'low'}")));
        assertThat(request.tools().get(3).name()).isEqualTo("zip1");
        assertThat(request.toolChoice()).isEqualTo(ToolChoice.tool("get_weather"));
        assertThat(request.responseFormat()).isEqualTo(new ResponseFormat.JsonSchema("w", null, json("{'type':'object'}"), true));
        assertThat(request.reasoningEffort()).isEqualTo(ReasoningEffort.HIGH);
        assertThat(request.temperature()).isEqualTo(0.3);
        assertThat(request.topP()).isEqualTo(0.8);
        assertThat(request.maxOutputTokens()).isEqualTo(400);
        assertThat(request.parallelToolCalls()).isFalse();
        assertThat(request.user()).isEqualTo("u1");
        assertThat(request.metadata()).containsEntry("team", "red");
        assertThat(request.providerOptions("openai")).hasValue(json("{'text':{'verbosity':'low'},'reasoning':{'summary':'auto'},"
                + "'store':false,'previous_response_id':'resp_0','include':['reasoning.encrypted_content'],"
                + "'service_tier':'flex','truncation':'auto','prompt_cache_key':'k','safety_identifier':'s',"
                + "'max_tool_calls':3,'top_logprobs':2,'background':false}"));
    }

    @Test
    void decodedRequestMapsBackToTheSameResponsesBody() throws Exception {
        ObjectNode body = json("{'model':'gpt-5','instructions':'Rules.','input':[{'role':'developer','content':'Dev.'},"
                + "{'role':'user','content':[{'type':'input_text','text':'hi'}]},"
                + "{'type':'reasoning','id':'rs_1','summary':[{'type':'summary_text','text':'T.'}],'encrypted_content':'enc'},"
                + "{'role':'assistant','id':'msg_1','phase':'commentary','content':[{'type':'output_text','text':'On it.',"
                + "'annotations':[]}]},"
                + "{'type':'function_call','call_id':'call_1','name':'f','arguments':'{}','id':'fc_1'},"
                + "{'type':'function_call_output','call_id':'call_1','output':'ok'}],"
                + "'tools':[{'type':'function','name':'f','parameters':{'type':'object'},'strict':true,'defer_loading':true},"
                + "{'type':'web_search'}],"
                + "'tool_choice':'required','store':false,'include':['reasoning.encrypted_content'],"
                + "'reasoning':{'effort':'low','summary':'auto'},'text':{'format':{'type':'text'},'verbosity':'high'}}");

        ObjectNode mapped = ResponsesRequestMapper.map("gpt-5", codec.decodeRequest(body).request(), false).body();

        for (String field : List.of("instructions", "input", "tools", "tool_choice", "store", "include", "reasoning", "text")) {
            assertThat(mapped.get(field)).as(field).isEqualTo(body.get(field));
        }
    }

    static Stream<Arguments> invalidRequests() {
        return Stream.of(
                Arguments.of("{'model':'m','input':'hi','frequency_penalty':1}", "frequency_penalty"),
                Arguments.of("{'model':'m','input':'hi','stream_options':{'include_usage':true}}", "stream_options.include_usage"),
                Arguments.of("{'input':'hi'}", "model"),
                Arguments.of("{'model':'m'}", "input"),
                Arguments.of("{'model':'m','input':'hi','temperature':3}", "temperature"),
                Arguments.of("{'model':'m','input':'hi','temperature':'hot'}", "temperature"),
                Arguments.of("{'model':'m','input':[{'role':'user','content':[{'type':'input_video'}]}]}", "input[0].content[0].type"),
                Arguments.of("{'model':'m','input':[{'role':'robot','content':'x'}]}", "input[0].role"),
                Arguments.of("{'model':'m','input':[{'type':'function_call','name':'f'}]}", "input[0].call_id"),
                Arguments.of("{'model':'m','input':'hi','tools':[{'name':'x'}]}", "tools[0].type"),
                Arguments.of("{'model':'m','input':'hi','tool_choice':{'type':'function','name':'nope'}}", "tool_choice"),
                Arguments.of("{'model':'m','input':'hi','reasoning':{'effort':'extreme'}}", "reasoning.effort"),
                Arguments.of("{'model':'m','input':'hi','text':{'format':{'type':'yaml'}}}", "text.format.type"),
                Arguments.of("{'model':'m','input':'hi','metadata':{'n':1}}", "metadata.n"),
                Arguments.of("{'model':'m','input':'hi','max_output_tokens':0}", "max_output_tokens"),
                Arguments.of("{'model':'m','input':'hi','stream':'yes'}", "stream"));
    }

    @ParameterizedTest
    @MethodSource("invalidRequests")
    void rejectsInvalidRequestsNamingTheParameter(String body, String param) {
        assertThatThrownBy(() -> codec.decodeRequest(json(body))).isInstanceOfSatisfying(InvalidRequestException.class, e -> {
            assertThat(e.getMessage()).contains("'" + param + "'");
            OpenAiResponsesEdgeCodec.EncodedError encoded = codec.encodeError(e);
            assertThat(encoded.status()).isEqualTo(400);
            assertThat(encoded.body().path("error").path("param").asText()).isEqualTo(param);
            assertThat(encoded.body().path("error").path("type").asText()).isEqualTo("invalid_request_error");
        });
    }

    private static LanguageModelResult toolResult() {
        return LanguageModelResult.builder()
                .addContent(new ReasoningPart("Need the weather.", null, "enc-1",
                        ProviderMetadata.empty().with("openai", "itemId", "rs_9")))
                .addContent(TextPart.of("Let me check."))
                .addContent(ToolCallPart.of("call_7", "get_weather", "{\"city\":\"Oslo\"}"))
                .finishReason(FinishReason.TOOL_CALLS, "tool_use")
                .usage(Usage.builder().inputTokens(120L).cacheReadTokens(20L).outputTokens(45L).reasoningTokens(12L).build())
                .responseId("msg_anthropic")
                .build();
    }

    @Test
    void encodedResultIsReadByOpenAiJava() {
        ObjectNode json = codec.encodeResult(toolResult(), "claude-via-ditto");

        Response response = client.responsesCreate(json.toString());

        assertThat(response.model().asString()).isEqualTo("claude-via-ditto");
        assertThat(response.createdAt()).isEqualTo((double) NOW.getEpochSecond());
        assertThat(response.status()).contains(ResponseStatus.COMPLETED);
        assertThat(response.output()).hasSize(3);
        assertThat(response.output().get(0).reasoning().orElseThrow().encryptedContent()).contains("enc-1");
        assertThat(response.output().get(0).reasoning().orElseThrow().summary().get(0).text()).isEqualTo("Need the weather.");
        assertThat(response.output().get(1).message().orElseThrow().content().get(0).outputText().orElseThrow().text())
                .isEqualTo("Let me check.");
        ResponseFunctionToolCall call = response.output().get(2).functionCall().orElseThrow();
        assertThat(call.callId()).isEqualTo("call_7");
        assertThat(call.name()).isEqualTo("get_weather");
        assertThat(call.arguments()).isEqualTo("{\"city\":\"Oslo\"}");
        assertThat(response.usage().orElseThrow().inputTokens()).isEqualTo(120);
        assertThat(response.usage().orElseThrow().inputTokensDetails().cachedTokens()).isEqualTo(20);
        assertThat(response.usage().orElseThrow().outputTokens()).isEqualTo(45);
        assertThat(response.usage().orElseThrow().outputTokensDetails().reasoningTokens()).isEqualTo(12);
        assertThat(response.usage().orElseThrow().totalTokens()).isEqualTo(165);
        assertThat(response.id()).startsWith("resp_");
    }

    @Test
    void lengthAndContentFilterBecomeIncompleteAndErrorBecomesFailed() {
        ObjectNode length = codec.encodeResult(LanguageModelResult.builder().addContent(TextPart.of("Cut"))
                .finishReason(FinishReason.LENGTH, "max_tokens").build(), "m");
        ObjectNode filtered = codec.encodeResult(LanguageModelResult.builder()
                .finishReason(FinishReason.CONTENT_FILTER, "SAFETY").build(), "m");
        ObjectNode failed = codec.encodeResult(LanguageModelResult.builder()
                .finishReason(FinishReason.ERROR, "MALFORMED_FUNCTION_CALL").build(), "m");

        assertThat(client.responsesCreate(length.toString()).incompleteDetails().orElseThrow().reason().orElseThrow().asString())
                .isEqualTo("max_output_tokens");
        assertThat(length.path("status").asText()).isEqualTo("incomplete");
        assertThat(filtered.path("incomplete_details").path("reason").asText()).isEqualTo("content_filter");
        assertThat(failed.path("status").asText()).isEqualTo("failed");
        assertThat(failed.path("error").path("message").asText()).contains("MALFORMED_FUNCTION_CALL");
    }

    private static List<StreamPart> toolStream() {
        ProviderMetadata rs = ProviderMetadata.empty().with("openai", "itemId", "rs_9");
        return List.of(
                new StreamPart.StreamStart(List.of(), "msg_1", "claude"),
                new StreamPart.ReasoningStart("r0", rs),
                new StreamPart.ReasoningDelta("r0", "Need ", ProviderMetadata.empty()),
                new StreamPart.ReasoningDelta("r0", "weather.", ProviderMetadata.empty()),
                new StreamPart.ReasoningEnd("r0", rs.with("openai", "encryptedContent", "enc-1")),
                new StreamPart.TextStart("t0", ProviderMetadata.empty()),
                new StreamPart.TextDelta("t0", "Let me "),
                new StreamPart.TextDelta("t0", "check."),
                new StreamPart.TextEnd("t0", ProviderMetadata.empty()),
                new StreamPart.ToolInputStart("call_7", "get_weather"),
                new StreamPart.ToolInputDelta("call_7", "{\"city\":"),
                new StreamPart.ToolInputDelta("call_7", "\"Oslo\"}"),
                new StreamPart.ToolInputEnd("call_7"),
                new StreamPart.ToolCall("call_7", "get_weather", "{\"city\":\"Oslo\"}", ProviderMetadata.empty()),
                new StreamPart.ToolCall("call_8", "get_time", "{}", ProviderMetadata.empty()),
                new StreamPart.Finish(Usage.builder().inputTokens(120L).cacheReadTokens(20L).outputTokens(45L)
                        .reasoningTokens(12L).build(), FinishReason.TOOL_CALLS, "tool_use", ProviderMetadata.empty()));
    }

    static List<SseEvent> encode(OpenAiResponsesStreamEncoder encoder, List<StreamPart> parts) {
        List<SseEvent> events = new ArrayList<>();
        parts.forEach(part -> events.addAll(encoder.encode(part)));
        events.addAll(encoder.finish());
        return events;
    }

    @Test
    void encodedStreamIsReadByOpenAiJava() throws Exception {
        List<SseEvent> events = encode(codec.newStreamEncoder("claude-via-ditto"), toolStream());

        List<ResponseStreamEvent> read = client.responsesStream(events);

        assertThat(read).hasSize(events.size());
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        List<ResponseFunctionToolCall> calls = new ArrayList<>();
        read.forEach(e -> {
            e.outputTextDelta().ifPresent(d -> text.append(d.delta()));
            e.reasoningSummaryTextDelta().ifPresent(d -> reasoning.append(d.delta()));
            e.outputItemDone().flatMap(d -> d.item().functionCall()).ifPresent(calls::add);
        });
        assertThat(text).hasToString("Let me check.");
        assertThat(reasoning).hasToString("Need weather.");
        assertThat(calls).extracting(ResponseFunctionToolCall::callId, ResponseFunctionToolCall::name,
                ResponseFunctionToolCall::arguments).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("call_7", "get_weather", "{\"city\":\"Oslo\"}"),
                        org.assertj.core.groups.Tuple.tuple("call_8", "get_time", "{}"));
        assertThat(read.get(0).created()).isPresent();
        assertThat(read.get(1).inProgress()).isPresent();
        Response completed = read.get(read.size() - 1).completed().orElseThrow().response();
        assertThat(completed.usage().orElseThrow().inputTokens()).isEqualTo(120);
        assertThat(completed.usage().orElseThrow().outputTokensDetails().reasoningTokens()).isEqualTo(12);
        assertThat(completed.output()).hasSize(4);
        assertThat(completed.output().get(0).reasoning().orElseThrow().encryptedContent()).contains("enc-1");
        for (int i = 0; i < events.size(); i++) {
            JsonNode data = JSON.readTree(events.get(i).data());
            assertThat(data.path("sequence_number").asInt()).isEqualTo(i);
            assertThat(events.get(i).event()).isEqualTo(data.path("type").asText());
        }
    }

    @Test
    void streamErrorBecomesErrorAndResponseFailedWhichOpenAiJavaRaises() throws Exception {
        List<StreamPart> parts = List.of(new StreamPart.StreamStart(List.of(), null, null),
                new StreamPart.TextStart("t", ProviderMetadata.empty()), new StreamPart.TextDelta("t", "Hel"),
                new StreamPart.Error(new RateLimitedException("slow down", ErrorDetails.of("anthropic", "claude"))));
        List<SseEvent> events = encode(codec.newStreamEncoder("m"), parts);

        assertThat(events).extracting(SseEvent::event).endsWith("error", "response.failed");
        JsonNode error = JSON.readTree(events.get(events.size() - 2).data());
        assertThat(error.path("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(error.path("error").path("code").asText()).isEqualTo("rate_limit_exceeded");
        JsonNode failed = JSON.readTree(events.get(events.size() - 1).data());
        assertThat(failed.path("response").path("status").asText()).isEqualTo("failed");
        assertThatThrownBy(() -> client.responsesStream(events)).isInstanceOf(OpenAIException.class).hasMessageContaining("slow down");
    }

    @Test
    void streamThatStopsWithoutFinishEndsWithAnError() throws Exception {
        OpenAiResponsesStreamEncoder encoder = codec.newStreamEncoder("m");
        encoder.encode(new StreamPart.StreamStart(List.of(), null, null));
        encoder.encode(new StreamPart.TextStart("t", ProviderMetadata.empty()));

        List<SseEvent> tail = encoder.finish();

        assertThat(tail).extracting(SseEvent::event).containsExactly("error", "response.failed");
        assertThat(encoder.finish()).isEmpty();
        assertThat(encoder.encode(new StreamPart.TextDelta("t", "late"))).isEmpty();
    }

    static Stream<Arguments> errors() {
        ErrorDetails details = ErrorDetails.of("openai", "m").withRetryAfter(Duration.ofSeconds(3));
        return Stream.of(
                Arguments.of(new QuotaExceededException("quota", details), 429, "insufficient_quota", "insufficient_quota"),
                Arguments.of(new RateLimitedException("slow", details), 429, "rate_limit_error", "rate_limit_exceeded"),
                Arguments.of(new ModelNotFoundException("no model", details), 404, "invalid_request_error", "model_not_found"),
                Arguments.of(new InvalidRequestException("bad", details.withStatus(422)), 422, "invalid_request_error", null),
                Arguments.of(new UpstreamTimeoutException("slow upstream", details), 504, "server_error", "timeout"));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void encodesErrorsInOpenAiShape(SdkException error, int status, String type, String code) {
        OpenAiResponsesEdgeCodec.EncodedError encoded = codec.encodeError(error);

        assertThat(encoded.status()).isEqualTo(status);
        assertThat(encoded.body().path("error").path("type").asText()).isEqualTo(type);
        assertThat(encoded.body().path("error").path("code").textValue()).isEqualTo(code);
        assertThat(encoded.body().path("error").path("message").asText()).contains(error.getMessage());
        assertThat(encoded.retryAfter()).isEqualTo(Duration.ofSeconds(3));
    }
}
