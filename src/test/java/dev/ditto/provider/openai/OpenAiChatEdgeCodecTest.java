package dev.ditto.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.BadRequestException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import dev.ditto.sdk.ContextWindowExceededException;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.FinishReason;
import dev.ditto.sdk.InvalidParameterException;
import dev.ditto.sdk.LanguageModelRequest;
import dev.ditto.sdk.LanguageModelResult;
import dev.ditto.sdk.RateLimitedException;
import dev.ditto.sdk.ReasoningEffort;
import dev.ditto.sdk.ResponseFormat;
import dev.ditto.sdk.SdkException;
import dev.ditto.sdk.Usage;
import dev.ditto.sdk.message.AssistantMessage;
import dev.ditto.sdk.message.AudioPart;
import dev.ditto.sdk.message.FilePart;
import dev.ditto.sdk.message.ImagePart;
import dev.ditto.sdk.message.MediaSource;
import dev.ditto.sdk.message.ReasoningPart;
import dev.ditto.sdk.message.SystemMessage;
import dev.ditto.sdk.message.TextPart;
import dev.ditto.sdk.message.ToolCallPart;
import dev.ditto.sdk.message.ToolMessage;
import dev.ditto.sdk.message.ToolResultPart;
import dev.ditto.sdk.message.UserMessage;
import dev.ditto.sdk.tool.FunctionTool;
import dev.ditto.sdk.tool.ProviderDefinedTool;
import dev.ditto.sdk.tool.ToolChoice;
import dev.ditto.testing.FakeUpstream;
import dev.ditto.testing.Reply;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The OpenAI Chat edge codec: a realistic client request decodes into every unified field; bad
 * requests are rejected naming the parameter; results and errors it encodes are read by the real
 * openai-java client.
 */
class OpenAiChatEdgeCodecTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_760_000_000L), ZoneOffset.UTC);
    private static final OpenAiChatEdgeCodec CODEC = OpenAiChatEdgeCodec.of(CLOCK, () -> "chatcmpl-test");

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static final String REALISTIC = """
            {'model':'gpt-4o','stream':true,'stream_options':{'include_usage':true},
             'messages':[
              {'role':'developer','content':'Be brief.'},
              {'role':'system','content':[{'type':'text','text':'Answer in English.'}]},
              {'role':'user','name':'alice','content':[
                {'type':'text','text':'What is in these?'},
                {'type':'image_url','image_url':{'url':'https://example.com/a.png','detail':'low'}},
                {'type':'image_url','image_url':{'url':'data:image/jpeg;base64,AQID'}},
                {'type':'input_audio','input_audio':{'data':'BAU=','format':'mp3'}},
                {'type':'file','file':{'file_data':'data:application/pdf;base64,JVBERg==','filename':'a.pdf'}},
                {'type':'file','file':{'file_id':'file-1'}}]},
              {'role':'assistant','content':null,'reasoning_content':'Need the weather.','tool_calls':[
                {'id':'call_1','type':'function','function':{'name':'get_weather','arguments':'{\\'city\\':\\'Paris\\'}'}},
                {'id':'call_2','type':'function','function':{'name':'get_weather','arguments':''}}]},
              {'role':'tool','tool_call_id':'call_1','content':'sunny'},
              {'role':'tool','tool_call_id':'call_2','content':[{'type':'text','text':'rainy'}]},
              {'role':'assistant','content':[{'type':'text','text':'Paris is sunny.'},{'type':'refusal','refusal':'No more.'}]},
              {'role':'user','content':'Thanks'}],
             'temperature':0.3,'top_p':0.8,'max_completion_tokens':256,'max_tokens':100,'n':1,'stop':'END',
             'seed':42,'presence_penalty':0.5,'frequency_penalty':-0.5,'parallel_tool_calls':true,
             'tools':[{'type':'function','function':{'name':'get_weather','description':'Weather','strict':true,
               'parameters':{'type':'object','properties':{'city':{'type':'string'}}}}},
               {'type':'custom','custom':{'name':'grammar_tool','description':'free text'}}],
             'tool_choice':{'type':'function','function':{'name':'get_weather'}},
             'response_format':{'type':'json_schema','json_schema':{'name':'report','description':'d','strict':true,
               'schema':{'type':'object'}}},
             'reasoning_effort':'high','user':'user-7','metadata':{'team':'a'},
             'logprobs':true,'top_logprobs':2,'logit_bias':{'50256':-100},'service_tier':'flex','store':false,
             'prediction':{'type':'content','content':'x'},'modalities':['text'],'verbosity':'low',
             'prompt_cache_key':'k','safety_identifier':'s','web_search_options':{},'top_k':5}
            """;

    @Test
    void decodesEveryFieldOfARealisticRequest() {
        OpenAiChatEdgeRequest decoded = CODEC.decodeRequest(json(REALISTIC));
        LanguageModelRequest request = decoded.request();

        assertThat(decoded.model()).isEqualTo("gpt-4o");
        assertThat(decoded.stream()).isTrue();
        assertThat(decoded.includeUsage()).isTrue();
        assertThat(request.temperature()).isEqualTo(0.3);
        assertThat(request.topP()).isEqualTo(0.8);
        assertThat(request.topK()).isEqualTo(5);
        assertThat(request.maxOutputTokens()).as("max_completion_tokens wins over max_tokens").isEqualTo(256);
        assertThat(request.stopSequences()).containsExactly("END");
        assertThat(request.seed()).isEqualTo(42L);
        assertThat(request.presencePenalty()).isEqualTo(0.5);
        assertThat(request.frequencyPenalty()).isEqualTo(-0.5);
        assertThat(request.parallelToolCalls()).isTrue();
        assertThat(request.tools()).hasSize(2);
        assertThat(request.tools().get(0)).isInstanceOfSatisfying(FunctionTool.class, tool -> {
            assertThat(tool.name()).isEqualTo("get_weather");
            assertThat(tool.description()).isEqualTo("Weather");
            assertThat(tool.strict()).isTrue();
            assertThat(tool.parameters().at("/properties/city/type").asText()).isEqualTo("string");
        });
        assertThat(request.tools().get(1)).isInstanceOfSatisfying(ProviderDefinedTool.class,
                tool -> assertThat(tool.id()).isEqualTo("openai.custom"));
        assertThat(request.toolChoice()).isEqualTo(ToolChoice.tool("get_weather"));
        assertThat(request.responseFormat()).isInstanceOfSatisfying(ResponseFormat.JsonSchema.class, format -> {
            assertThat(format.name()).isEqualTo("report");
            assertThat(format.description()).isEqualTo("d");
            assertThat(format.strict()).isTrue();
        });
        assertThat(request.reasoningEffort()).isEqualTo(ReasoningEffort.HIGH);
        assertThat(request.user()).isEqualTo("user-7");
        assertThat(request.metadata()).containsEntry("team", "a");
        assertThat(request.providerOptions("openai")).hasValueSatisfying(options -> assertThat(options).isEqualTo(json(
                "{'logprobs':true,'top_logprobs':2,'logit_bias':{'50256':-100},'service_tier':'flex','store':false,"
                        + "'prediction':{'type':'content','content':'x'},'modalities':['text'],'verbosity':'low',"
                        + "'prompt_cache_key':'k','safety_identifier':'s','web_search_options':{}}")));
        assertMessages(request);
    }

    private static void assertMessages(LanguageModelRequest request) {
        assertThat(request.messages()).hasSize(7);
        SystemMessage developer = (SystemMessage) request.messages().get(0);
        assertThat(developer.text()).isEqualTo("Be brief.");
        assertThat(developer.providerMetadata().string("openai", "role")).hasValue("developer");
        assertThat(((SystemMessage) request.messages().get(1)).text()).isEqualTo("Answer in English.");
        UserMessage user = (UserMessage) request.messages().get(2);
        assertThat(user.providerMetadata().string("openai", "name")).hasValue("alice");
        assertThat(user.content()).hasSize(6);
        assertThat(((TextPart) user.content().get(0)).text()).isEqualTo("What is in these?");
        ImagePart url = (ImagePart) user.content().get(1);
        assertThat(url.source()).isEqualTo(MediaSource.ofUrl("https://example.com/a.png"));
        assertThat(url.providerMetadata().string("openai", "detail")).hasValue("low");
        ImagePart inline = (ImagePart) user.content().get(2);
        assertThat(inline.source()).isEqualTo(MediaSource.ofBase64("AQID"));
        assertThat(inline.mediaType()).isEqualTo("image/jpeg");
        AudioPart audio = (AudioPart) user.content().get(3);
        assertThat(audio.mediaType()).isEqualTo("audio/mpeg");
        assertThat(audio.source()).isEqualTo(MediaSource.ofBase64("BAU="));
        FilePart pdf = (FilePart) user.content().get(4);
        assertThat(pdf.mediaType()).isEqualTo("application/pdf");
        assertThat(pdf.filename()).isEqualTo("a.pdf");
        assertThat(((FilePart) user.content().get(5)).source()).isEqualTo(MediaSource.ofFileId("file-1"));
        AssistantMessage calls = (AssistantMessage) request.messages().get(3);
        assertThat(calls.content().get(0)).isEqualTo(ReasoningPart.of("Need the weather."));
        assertThat(calls.toolCalls()).containsExactly(ToolCallPart.of("call_1", "get_weather", "{\"city\":\"Paris\"}"),
                ToolCallPart.of("call_2", "get_weather", "{}"));
        ToolMessage results = (ToolMessage) request.messages().get(4);
        assertThat(results.results()).extracting(ToolResultPart::toolCallId, ToolResultPart::text)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("call_1", "sunny"),
                        org.assertj.core.groups.Tuple.tuple("call_2", "rainy"));
        AssistantMessage answer = (AssistantMessage) request.messages().get(5);
        assertThat(answer.content()).hasSize(2);
        assertThat(ChatResultEncoder.isRefusal(answer.content().get(1).providerMetadata())).isTrue();
        assertThat(request.messages().get(6)).isEqualTo(UserMessage.of(TextPart.of("Thanks")));
    }

    @Test
    void decodesTheDeprecatedFunctionsAndFunctionCalls() {
        OpenAiChatEdgeRequest decoded = CODEC.decodeRequest(json("""
                {'model':'gpt-3.5-turbo','function_call':{'name':'lookup'},
                 'functions':[{'name':'lookup','parameters':{'type':'object'}}],
                 'messages':[{'role':'user','content':'Find 7'},
                   {'role':'assistant','content':null,'function_call':{'name':'lookup','arguments':'{\\'id\\':7}'}},
                   {'role':'function','name':'lookup','content':'found'}]}
                """));

        LanguageModelRequest request = decoded.request();
        assertThat(request.tools()).singleElement().extracting(tool -> tool.name()).isEqualTo("lookup");
        assertThat(request.toolChoice()).isEqualTo(ToolChoice.tool("lookup"));
        ToolCallPart call = ((AssistantMessage) request.messages().get(1)).toolCalls().get(0);
        assertThat(call.toolName()).isEqualTo("lookup");
        assertThat(call.arguments()).isEqualTo("{\"id\":7}");
        ToolResultPart result = ((ToolMessage) request.messages().get(2)).results().get(0);
        assertThat(result.toolCallId()).isEqualTo(call.toolCallId());
        assertThat(result.toolName()).isEqualTo("lookup");
        assertThat(result.text()).isEqualTo("found");
        assertThat(decoded.stream()).isFalse();
        assertThat(decoded.includeUsage()).isFalse();
    }

    static Stream<Arguments> invalidRequests() {
        String ok = "'model':'m','messages':[{'role':'user','content':'hi'}]";
        return Stream.of(
                Arguments.of("{" + ok + ",'n':2}", "n", InvalidParameterException.INVALID_VALUE),
                Arguments.of("{" + ok + ",'foo':1}", "foo", InvalidParameterException.UNKNOWN_PARAMETER),
                Arguments.of("{'messages':[{'role':'user','content':'hi'}]}", "model", InvalidParameterException.MISSING_PARAMETER),
                Arguments.of("{'model':'m'}", "messages", InvalidParameterException.MISSING_PARAMETER),
                Arguments.of("{'model':'m','messages':[]}", "messages", InvalidParameterException.INVALID_VALUE),
                Arguments.of("{'model':'m','messages':[{'role':'bot','content':'x'}]}", "messages[0].role",
                        InvalidParameterException.INVALID_VALUE),
                Arguments.of("{'model':'m','messages':[{'role':'user','content':[{'type':'video','video':{}}]}]}",
                        "messages[0].content[0].type", InvalidParameterException.INVALID_VALUE),
                Arguments.of("{'model':'m','messages':[{'role':'tool','content':'x'}]}", "messages[0].tool_call_id",
                        InvalidParameterException.MISSING_PARAMETER),
                Arguments.of("{" + ok + ",'temperature':3}", "temperature", InvalidParameterException.INVALID_VALUE),
                Arguments.of("{" + ok + ",'temperature':'hot'}", "temperature", InvalidParameterException.INVALID_VALUE),
                Arguments.of("{" + ok + ",'max_tokens':'ten'}", "max_tokens", InvalidParameterException.INVALID_VALUE),
                Arguments.of("{" + ok + ",'max_tokens':0}", "max_tokens", InvalidParameterException.INVALID_VALUE),
                Arguments.of("{" + ok + ",'stop':[1]}", "stop", InvalidParameterException.INVALID_VALUE),
                Arguments.of("{" + ok + ",'stream_options':{'include_usage':true}}", "stream_options",
                        InvalidParameterException.INVALID_VALUE),
                Arguments.of("{" + ok + ",'stream':true,'stream_options':{'usage':true}}", "stream_options.usage",
                        InvalidParameterException.UNKNOWN_PARAMETER),
                Arguments.of("{" + ok + ",'tool_choice':'required'}", "tool_choice", InvalidParameterException.INVALID_VALUE),
                Arguments.of("{" + ok + ",'tools':[{'type':'function','function':{'name':'a'}}],"
                        + "'tool_choice':{'type':'function','function':{'name':'b'}}}", "tool_choice",
                        InvalidParameterException.INVALID_VALUE),
                Arguments.of("{" + ok + ",'tools':[{'type':'retrieval'}]}", "tools[0].type", InvalidParameterException.INVALID_VALUE),
                Arguments.of("{" + ok + ",'reasoning_effort':'extreme'}", "reasoning_effort", InvalidParameterException.INVALID_VALUE),
                Arguments.of("{" + ok + ",'response_format':{'type':'yaml'}}", "response_format.type",
                        InvalidParameterException.INVALID_VALUE),
                Arguments.of("{" + ok + ",'metadata':{'a':1}}", "metadata.a", InvalidParameterException.INVALID_VALUE),
                Arguments.of("{" + ok + ",'top_logprobs':3}", "top_logprobs", InvalidParameterException.INVALID_VALUE),
                Arguments.of("{" + ok + ",'user':'  '}", "user", InvalidParameterException.INVALID_VALUE),
                Arguments.of("{'model':'m','messages':[{'role':'user','content':[{'type':'image_url',"
                        + "'image_url':{'url':'data:text/plain;base64,AA=='}}]}]}", "messages[0].content[0]",
                        InvalidParameterException.INVALID_VALUE));
    }

    @ParameterizedTest
    @MethodSource("invalidRequests")
    void rejectsNamingTheParameter(String body, String param, String code) {
        assertThatThrownBy(() -> CODEC.decodeRequest(json(body)))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> {
                    assertThat(e.param()).isEqualTo(param);
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.isRetryable()).isFalse();
                });
    }

    private static OpenAIClient client(FakeUpstream upstream) {
        return OpenAIOkHttpClient.builder().baseUrl(upstream.baseUri() + "/v1").apiKey("sk-unused").maxRetries(0).build();
    }

    private static ChatCompletionCreateParams params() {
        return ChatCompletionCreateParams.builder().model("alias").addUserMessage("hi").build();
    }

    @Test
    void openAiJavaReadsAnEncodedResult() {
        LanguageModelResult result = LanguageModelResult.builder()
                .addContent(ReasoningPart.of("thought"))
                .addContent(TextPart.of("Calling."))
                .addContent(ToolCallPart.of("toolu_1", "get_weather", "{\"city\":\"Oslo\"}"))
                .finishReason(FinishReason.TOOL_CALLS, "tool_use")
                .usage(Usage.builder().inputTokens(30L).cacheReadTokens(10L).outputTokens(12L).reasoningTokens(4L).build())
                .build();
        ObjectNode body = CODEC.encodeResult(result, "alias");
        assertThat(body.at("/choices/0/message/reasoning_content").asText()).isEqualTo("thought");
        assertThat(body.get("id").asText()).isEqualTo("chatcmpl-test");
        assertThat(body.get("created").asLong()).isEqualTo(1_760_000_000L);

        try (FakeUpstream upstream = FakeUpstream.start()) {
            upstream.on("POST", "/v1/chat/completions").enqueue(Reply.json(body.toString()));
            OpenAIClient client = client(upstream);
            ChatCompletion completion = client.chat().completions().create(params());
            client.close();

            ChatCompletion.Choice choice = completion.choices().get(0);
            assertThat(choice.message().content()).hasValue("Calling.");
            assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
            ChatCompletionMessageFunctionToolCall call = choice.message().toolCalls().orElseThrow().get(0).asFunction();
            assertThat(call.id()).isEqualTo("toolu_1");
            assertThat(call.function().name()).isEqualTo("get_weather");
            assertThat(call.function().arguments()).isEqualTo("{\"city\":\"Oslo\"}");
            assertThat(completion.model()).isEqualTo("alias");
            assertThat(completion.usage().orElseThrow().promptTokens()).isEqualTo(30);
            assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(12);
            assertThat(completion.usage().orElseThrow().totalTokens()).isEqualTo(42);
            assertThat(completion.usage().orElseThrow().promptTokensDetails().orElseThrow().cachedTokens()).hasValue(10L);
            assertThat(completion.usage().orElseThrow().completionTokensDetails().orElseThrow().reasoningTokens())
                    .hasValue(4L);
        }
    }

    @Test
    void openAiJavaReadsEncodedErrors() {
        SdkException limited = new RateLimitedException("slow down", ErrorDetails.of("anthropic", "claude")
                .withRetryAfter(Duration.ofSeconds(3)));
        OpenAiChatEdgeCodec.EncodedError rate = CODEC.encodeError(limited);
        assertThat(rate.status()).isEqualTo(429);
        assertThat(rate.retryAfter()).isEqualTo(Duration.ofSeconds(3));
        OpenAiChatEdgeCodec.EncodedError badParam = CODEC.encodeError(
                new InvalidParameterException("Only n=1 is supported", "n", InvalidParameterException.INVALID_VALUE,
                        ErrorDetails.empty()));
        OpenAiChatEdgeCodec.EncodedError context = CODEC.encodeError(
                new ContextWindowExceededException("too long", ErrorDetails.empty()));
        assertThat(context.body().at("/error/code").asText()).isEqualTo("context_length_exceeded");

        try (FakeUpstream upstream = FakeUpstream.start()) {
            upstream.on("POST", "/v1/chat/completions").enqueue(
                    Reply.json(rate.status(), rate.body().toString()), Reply.json(badParam.status(), badParam.body().toString()));
            OpenAIClient client = client(upstream);

            assertThatThrownBy(() -> client.chat().completions().create(params()))
                    .isInstanceOfSatisfying(RateLimitException.class, e -> {
                        assertThat(e.code()).hasValue("rate_limit_exceeded");
                        assertThat(e.type()).hasValue("rate_limit_error");
                    });
            assertThatThrownBy(() -> client.chat().completions().create(params()))
                    .isInstanceOfSatisfying(BadRequestException.class, e -> {
                        assertThat(((OpenAIServiceException) e).param()).hasValue("n");
                        assertThat(e.code()).hasValue("invalid_value");
                        assertThat(e.type()).hasValue("invalid_request_error");
                    });
            client.close();
        }
    }

    @Test
    void upstreamCredentialFailuresDoNotLeakTheUpstreamMessage() {
        OpenAiChatEdgeCodec.EncodedError error = CODEC.encodeError(new dev.ditto.sdk.AuthenticationException(
                "HTTP 401: Incorrect API key provided: sk-abc***xyz", ErrorDetails.of("openai", "gpt-4o")));

        assertThat(error.status()).isEqualTo(401);
        assertThat(error.body().at("/error/message").asText()).doesNotContain("sk-").contains("'openai'");
    }
}
