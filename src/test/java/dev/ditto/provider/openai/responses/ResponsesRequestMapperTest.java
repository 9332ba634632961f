package dev.ditto.provider.openai.responses;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.LanguageModelRequest;
import dev.ditto.sdk.ReasoningEffort;
import dev.ditto.sdk.ResponseFormat;
import dev.ditto.sdk.Warning;
import dev.ditto.sdk.message.AssistantMessage;
import dev.ditto.sdk.message.FilePart;
import dev.ditto.sdk.message.ImagePart;
import dev.ditto.sdk.message.MediaSource;
import dev.ditto.sdk.message.Message;
import dev.ditto.sdk.message.ProviderMetadata;
import dev.ditto.sdk.message.ProviderPart;
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
import java.util.List;
import org.junit.jupiter.api.Test;

/** The body the adapter sends for each unified setting, and the warnings for what it cannot send. */
class ResponsesRequestMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    private static ProviderMetadata openai(String json) throws Exception {
        return ProviderMetadata.of("openai", (ObjectNode) json(json));
    }

    @Test
    void mapsAConversationWithEveryKindOfPart() throws Exception {
        LanguageModelRequest request = LanguageModelRequest.builder()
                .message(new SystemMessage("Rules.", openai("{'instructions':true}")))
                .message(new SystemMessage("Dev note.", openai("{'role':'developer'}")))
                .message(UserMessage.of(TextPart.of("Look:"), ImagePart.ofBytes(new byte[] {1, 2}, "image/png"),
                        new ImagePart(MediaSource.ofFileId("file-img"), null, openai("{'detail':'high'}")),
                        FilePart.ofBytes(new byte[] {3}, "application/pdf", "a.pdf"),
                        FilePart.ofUrl("https://example.com/b.pdf", "application/pdf")))
                .message(new AssistantMessage(List.of(
                        new ReasoningPart("Step one.", null, "enc1", openai("{'itemId':'rs_1'}")),
                        new ReasoningPart("Step two.", null, null, openai("{'itemId':'rs_1'}")),
                        new TextPart("Calling.", openai("{'itemId':'msg_1'}")),
                        new ToolCallPart("call_1", "get_weather", "{\"city\":\"Rome\"}", openai("{'itemId':'fc_1'}")),
                        new ProviderPart("openai", "web_search_call", json("{'type':'web_search_call','id':'ws_1','status':'completed'}"))),
                        ProviderMetadata.empty()))
                .message(ToolMessage.of(List.of(ToolResultPart.of("call_1", "get_weather", "sunny"))))
                .message(UserMessage.of(new ProviderPart("openai", "mcp_approval_response",
                        json("{'type':'mcp_approval_response','approval_request_id':'mcpr_1','approve':true}"))))
                .build();

        ResponsesRequestMapper.Mapped mapped = ResponsesRequestMapper.map("gpt-5", request, false);

        assertThat(mapped.warnings()).isEmpty();
        assertThat(mapped.body().path("instructions").asText()).isEqualTo("Rules.");
        assertThat(mapped.body().path("input")).isEqualTo(json("["
                + "{'role':'developer','content':'Dev note.'},"
                + "{'role':'user','content':[{'type':'input_text','text':'Look:'},"
                + "{'type':'input_image','image_url':'data:image/png;base64,AQI=','detail':'auto'},"
                + "{'type':'input_image','file_id':'file-img','detail':'high'},"
                + "{'type':'input_file','file_data':'data:application/pdf;base64,Aw==','filename':'a.pdf'},"
                + "{'type':'input_file','file_url':'https://example.com/b.pdf'}]},"
                + "{'type':'reasoning','id':'rs_1','summary':[{'type':'summary_text','text':'Step one.'},"
                + "{'type':'summary_text','text':'Step two.'}],'encrypted_content':'enc1'},"
                + "{'role':'assistant','content':[{'type':'output_text','text':'Calling.','annotations':[]}],'id':'msg_1'},"
                + "{'type':'function_call','call_id':'call_1','name':'get_weather','arguments':'{\\'city\\':\\'Rome\\'}','id':'fc_1'},"
                + "{'type':'web_search_call','id':'ws_1','status':'completed'},"
                + "{'type':'function_call_output','call_id':'call_1','output':'sunny'},"
                + "{'type':'mcp_approval_response','approval_request_id':'mcpr_1','approve':true}]"));
    }

    @Test
    void mapsSettingsToolsAndProviderOptions() throws Exception {
        ObjectNode options = (ObjectNode) json("{'store':false,'previous_response_id':'resp_0','include':['reasoning.encrypted_content'],"
                + "'reasoning':{'summary':'detailed'},'text':{'verbosity':'low'},'service_tier':'flex','logprobs':true}");
        LanguageModelRequest request = LanguageModelRequest.builder()
                .message(Message.user("hi"))
                .tool(FunctionTool.of("lookup", "Looks up", json("{'type':'object'}")).withStrict(true))
                .tool(new ProviderDefinedTool("openai.web_search", "web_search", (ObjectNode) json("{'search_context_size':'low'}")))
                .tool(new ProviderDefinedTool("openai.mcp", "zip1", (ObjectNode) json("{'type':'mcp','server_label':'zip1',"
                        + "'server_url':'https://zip1.io/mcp','require_approval':'never'}")))
                .tool(new ProviderDefinedTool("anthropic.bash_20250124", "bash", JSON.createObjectNode()))
                .toolChoice(ToolChoice.tool("zip1"))
                .responseFormat(ResponseFormat.jsonSchema("answer", json("{'type':'object'}")))
                .reasoningEffort(ReasoningEffort.XHIGH)
                .temperature(0.5).topP(0.9).maxOutputTokens(100).parallelToolCalls(false).user("u-1")
                .metadata("team", "red")
                .topK(5).seed(7L).stopSequences(List.of("END")).presencePenalty(0.1).frequencyPenalty(0.2)
                .providerOptions("openai", options)
                .build();

        ResponsesRequestMapper.Mapped mapped = ResponsesRequestMapper.map("gpt-5", request, true);

        JsonNode body = mapped.body();
        assertThat(body.path("tools")).isEqualTo(json("["
                + "{'type':'function','name':'lookup','description':'Looks up','parameters':{'type':'object'},'strict':true},"
                + "{'type':'web_search','search_context_size':'low'},"
                + "{'type':'mcp','server_label':'zip1','server_url':'https://zip1.io/mcp','require_approval':'never'}]"));
        assertThat(body.path("tool_choice")).isEqualTo(json("{'type':'mcp','server_label':'zip1'}"));
        assertThat(body.path("text")).isEqualTo(json("{'format':{'type':'json_schema','name':'answer',"
                + "'schema':{'type':'object'},'strict':true},'verbosity':'low'}"));
        assertThat(body.path("reasoning")).isEqualTo(json("{'effort':'xhigh','summary':'detailed'}"));
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.5);
        assertThat(body.path("top_p").asDouble()).isEqualTo(0.9);
        assertThat(body.path("max_output_tokens").asInt()).isEqualTo(100);
        assertThat(body.path("parallel_tool_calls").asBoolean(true)).isFalse();
        assertThat(body.path("user").asText()).isEqualTo("u-1");
        assertThat(body.path("metadata")).isEqualTo(json("{'team':'red'}"));
        assertThat(body.path("store").asBoolean(true)).isFalse();
        assertThat(body.path("previous_response_id").asText()).isEqualTo("resp_0");
        assertThat(body.path("include")).isEqualTo(json("['reasoning.encrypted_content']"));
        assertThat(body.path("service_tier").asText()).isEqualTo("flex");
        assertThat(body.path("stream").asBoolean()).isTrue();
        assertThat(body.has("logprobs")).isFalse();
        assertThat(mapped.functionTools()).containsExactly("lookup");
        assertThat(mapped.warnings()).extracting(Warning::setting).containsExactlyInAnyOrder("bash", "topK", "seed",
                "stopSequences", "presencePenalty", "frequencyPenalty", "providerOptions.openai.logprobs");
        assertThat(mapped.warnings()).filteredOn(w -> "bash".equals(w.setting())).singleElement()
                .extracting(Warning::type).isEqualTo(Warning.Type.UNSUPPORTED_TOOL);
    }

    @Test
    void dropsWhatOpenAiCannotTakeWithAWarning() throws Exception {
        LanguageModelRequest request = LanguageModelRequest.builder()
                .message(Message.user("hi"))
                .message(new AssistantMessage(List.of(ReasoningPart.signed("Anthropic thinking", "sig"),
                        new ProviderPart("anthropic", "web_search_tool_result", JSON.createObjectNode()),
                        TextPart.of("Answer")), ProviderMetadata.empty()))
                .reasoningBudgetTokens(1024)
                .build();

        ResponsesRequestMapper.Mapped mapped = ResponsesRequestMapper.map("gpt-5", request, false);

        assertThat(mapped.body().path("input")).isEqualTo(json("[{'role':'user','content':[{'type':'input_text','text':'hi'}]},"
                + "{'role':'assistant','content':[{'type':'output_text','text':'Answer','annotations':[]}]}]"));
        assertThat(mapped.warnings()).extracting(Warning::type).containsExactly(Warning.Type.UNSUPPORTED_CONTENT,
                Warning.Type.UNSUPPORTED_CONTENT, Warning.Type.UNSUPPORTED_SETTING);
        assertThat(mapped.warnings().get(1).message()).contains("anthropic item 'web_search_tool_result'");
    }

    @Test
    void namedFunctionToolChoiceAndJsonObjectFormat() throws Exception {
        LanguageModelRequest request = LanguageModelRequest.builder()
                .message(Message.user("hi"))
                .tool(FunctionTool.of("lookup", null, json("{'type':'object'}")))
                .toolChoice(ToolChoice.tool("lookup"))
                .responseFormat(ResponseFormat.json())
                .build();

        JsonNode body = ResponsesRequestMapper.map("gpt-5", request, false).body();

        assertThat(body.path("tool_choice")).isEqualTo(json("{'type':'function','name':'lookup'}"));
        assertThat(body.path("text")).isEqualTo(json("{'format':{'type':'json_object'}}"));
        assertThat(body.path("tools").get(0).path("strict").asBoolean(true)).isFalse();
    }
}
