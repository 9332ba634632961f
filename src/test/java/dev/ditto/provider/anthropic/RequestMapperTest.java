package dev.ditto.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.InvalidRequestException;
import dev.ditto.sdk.LanguageModelRequest;
import dev.ditto.sdk.ResponseFormat;
import dev.ditto.sdk.Warning;
import dev.ditto.sdk.message.AssistantMessage;
import dev.ditto.sdk.message.AudioPart;
import dev.ditto.sdk.message.FilePart;
import dev.ditto.sdk.message.ImagePart;
import dev.ditto.sdk.message.Message;
import dev.ditto.sdk.message.ProviderMetadata;
import dev.ditto.sdk.message.ProviderPart;
import dev.ditto.sdk.message.ReasoningPart;
import dev.ditto.sdk.message.SystemMessage;
import dev.ditto.sdk.message.TextPart;
import dev.ditto.sdk.message.ToolCallPart;
import dev.ditto.sdk.message.ToolResultPart;
import dev.ditto.sdk.message.UserMessage;
import dev.ditto.sdk.tool.FunctionTool;
import dev.ditto.sdk.tool.ProviderDefinedTool;
import dev.ditto.sdk.tool.ToolChoice;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SDK request as it goes on the wire to Anthropic. */
class RequestMapperTest {

    private static final ObjectNode CACHE = FixtureFacts.JSON.createObjectNode();

    static {
        CACHE.putObject("cache_control").put("type", "ephemeral");
    }

    private static RequestMapper.Mapped map(LanguageModelRequest request) {
        return RequestMapper.map(request, "claude-test", 4096, false);
    }

    private static JsonNode body(LanguageModelRequest request) {
        return map(request).body().toJson();
    }

    private static ObjectNode schema() {
        return FixtureFacts.JSON.createObjectNode().put("type", "object");
    }

    @Test
    void aConversationWithToolsBecomesAlternatingTurnsWithToolResultsInTheUserTurn() {
        LanguageModelRequest request = LanguageModelRequest.builder()
                .message(new SystemMessage("Be brief.", ProviderMetadata.of("anthropic", CACHE)))
                .message(Message.user("Weather in Paris and Rome?"))
                .message(Message.assistant(TextPart.of("Checking."),
                        ToolCallPart.of("toolu_1", "get_weather", "{\"city\":\"Paris\"}"),
                        ToolCallPart.of("toolu_2", "get_weather", "")))
                .message(Message.tool(ToolResultPart.of("toolu_1", "get_weather", "18C"),
                        ToolResultPart.error("toolu_2", "get_weather", "no city")))
                .message(Message.user("Thanks"))
                .tool(FunctionTool.of("get_weather", null, schema()))
                .build();

        JsonNode body = body(request);

        assertThat(body.path("system").get(0).path("text").asText()).isEqualTo("Be brief.");
        assertThat(body.path("system").get(0).path("cache_control").path("type").asText()).isEqualTo("ephemeral");
        JsonNode turns = body.path("messages");
        assertThat(turns).hasSize(3);
        assertThat(turns.get(1).path("role").asText()).isEqualTo("assistant");
        JsonNode call = turns.get(1).path("content").get(1);
        assertThat(call.path("type").asText()).isEqualTo("tool_use");
        assertThat(call.path("input").path("city").asText()).isEqualTo("Paris");
        assertThat(turns.get(1).path("content").get(2).path("input").isObject()).isTrue();
        JsonNode user = turns.get(2).path("content");
        assertThat(user).hasSize(3);
        assertThat(user.get(0).path("tool_use_id").asText()).isEqualTo("toolu_1");
        assertThat(user.get(0).path("content").asText()).isEqualTo("18C");
        assertThat(user.get(1).path("is_error").asBoolean()).isTrue();
        assertThat(user.get(2).path("text").asText()).isEqualTo("Thanks");
    }

    @Test
    void imagesAndDocumentsBecomeSourcesAndAudioIsLeftOutWithAWarning() {
        ObjectNode citations = FixtureFacts.JSON.createObjectNode();
        citations.putObject("citations").put("enabled", true);
        LanguageModelRequest request = LanguageModelRequest.builder()
                .message(Message.user(ImagePart.ofBytes(new byte[] {1, 2, 3}, "image/png"),
                        ImagePart.ofUrl("https://example.com/cat.jpg"),
                        new FilePart(dev.ditto.sdk.message.MediaSource.ofBytes(new byte[] {37, 80}), "application/pdf",
                                "report.pdf", ProviderMetadata.of("anthropic", citations)),
                        FilePart.ofBytes("plain words".getBytes(StandardCharsets.UTF_8), "text/plain", null),
                        AudioPart.ofBytes(new byte[] {0}, "audio/wav")))
                .maxOutputTokens(100)
                .build();

        RequestMapper.Mapped mapped = map(request);
        JsonNode content = mapped.body().toJson().path("messages").get(0).path("content");

        assertThat(content).hasSize(4);
        assertThat(content.get(0).path("source").path("type").asText()).isEqualTo("base64");
        assertThat(content.get(0).path("source").path("media_type").asText()).isEqualTo("image/png");
        assertThat(content.get(0).path("source").path("data").asText()).isEqualTo("AQID");
        assertThat(content.get(1).path("source").path("url").asText()).isEqualTo("https://example.com/cat.jpg");
        assertThat(content.get(2).path("type").asText()).isEqualTo("document");
        assertThat(content.get(2).path("source").path("media_type").asText()).isEqualTo("application/pdf");
        assertThat(content.get(2).path("title").asText()).isEqualTo("report.pdf");
        assertThat(content.get(2).path("citations").path("enabled").asBoolean()).isTrue();
        assertThat(content.get(3).path("source").path("type").asText()).isEqualTo("text");
        assertThat(content.get(3).path("source").path("data").asText()).isEqualTo("plain words");
        assertThat(mapped.warnings()).extracting(Warning::type).containsExactly(Warning.Type.UNSUPPORTED_CONTENT);
    }

    @Test
    void signedThinkingGoesBackAndForeignReasoningIsLeftOut() {
        ProviderMetadata anthropic = ProviderMetadata.empty().with("anthropic", "signature", "sig-1");
        LanguageModelRequest request = LanguageModelRequest.builder()
                .message(Message.user("Q"))
                .message(AssistantMessage.of(List.of(
                        new ReasoningPart("thought", "sig-1", null, anthropic),
                        new ReasoningPart("", null, "opaque", ProviderMetadata.empty().with("anthropic", "data", "opaque")),
                        new ReasoningPart("summary", null, "enc", ProviderMetadata.empty().with("openai", "itemId", "rs_1")),
                        TextPart.of("Answer.  "))))
                .maxOutputTokens(100)
                .build();

        RequestMapper.Mapped mapped = map(request);
        JsonNode assistant = mapped.body().toJson().path("messages").get(1).path("content");

        assertThat(assistant).hasSize(3);
        assertThat(assistant.get(0).path("type").asText()).isEqualTo("thinking");
        assertThat(assistant.get(0).path("signature").asText()).isEqualTo("sig-1");
        assertThat(assistant.get(1).path("type").asText()).isEqualTo("redacted_thinking");
        assertThat(assistant.get(1).path("data").asText()).isEqualTo("opaque");
        assertThat(assistant.get(2).path("text").asText()).as("a final prefill loses trailing whitespace").isEqualTo("Answer.");
        assertThat(mapped.warnings()).extracting(Warning::setting).containsExactly("reasoning");
    }

    @Test
    void anthropicItemsAndToolsPassThroughAndOtherProvidersToolsWarn() {
        ObjectNode item = FixtureFacts.JSON.createObjectNode().put("type", "server_tool_use").put("id", "srvtoolu_1")
                .put("name", "web_search");
        item.putObject("input").put("query", "news");
        ObjectNode args = FixtureFacts.JSON.createObjectNode().put("max_uses", 3);
        LanguageModelRequest request = LanguageModelRequest.builder()
                .message(Message.user("News?"))
                .message(Message.assistant(new ProviderPart("anthropic", "server_tool_use", item),
                        new ProviderPart("openai", "web_search_call", FixtureFacts.JSON.createObjectNode())))
                .message(Message.user("More"))
                .tool(new ProviderDefinedTool("anthropic.web_search_20250305", "web_search", args))
                .tool(new ProviderDefinedTool("openai.web_search", "openai_search", FixtureFacts.JSON.createObjectNode()))
                .toolChoice(ToolChoice.required())
                .maxOutputTokens(100)
                .build();

        RequestMapper.Mapped mapped = map(request);
        JsonNode body = mapped.body().toJson();

        assertThat(body.path("messages").get(1).path("content")).singleElement()
                .satisfies(block -> assertThat(block).isEqualTo(item));
        assertThat(body.path("tools")).singleElement().satisfies(tool -> {
            assertThat(tool.path("type").asText()).isEqualTo("web_search_20250305");
            assertThat(tool.path("name").asText()).isEqualTo("web_search");
            assertThat(tool.path("max_uses").asInt()).isEqualTo(3);
        });
        assertThat(body.path("tool_choice").path("type").asText()).isEqualTo("any");
        assertThat(mapped.warnings()).extracting(Warning::type)
                .containsExactlyInAnyOrder(Warning.Type.UNSUPPORTED_CONTENT, Warning.Type.UNSUPPORTED_TOOL);
    }

    @Test
    void aJsonFormatNextToToolsForcesSomeToolCall() {
        LanguageModelRequest request = LanguageModelRequest.builder().message(Message.user("Q"))
                .tool(FunctionTool.of("lookup", null, schema()))
                .responseFormat(ResponseFormat.jsonSchema("answer", schema()))
                .build();

        RequestMapper.Mapped mapped = map(request);
        JsonNode body = mapped.body().toJson();

        assertThat(mapped.jsonToolName()).isEqualTo("json");
        assertThat(body.path("tools")).extracting(tool -> tool.path("name").asText()).containsExactly("lookup", "json");
        assertThat(body.path("tool_choice").path("type").asText()).isEqualTo("any");
    }

    @Test
    void theOutputFormatModeSendsTheSchemaInOutputConfig() {
        ObjectNode options = FixtureFacts.JSON.createObjectNode().put("structuredOutputMode", "outputFormat");
        options.putObject("output_config").put("effort", "low");
        LanguageModelRequest request = LanguageModelRequest.builder().message(Message.user("Q"))
                .responseFormat(ResponseFormat.jsonSchema("answer", schema()))
                .providerOptions("anthropic", options)
                .build();

        RequestMapper.Mapped mapped = map(request);
        JsonNode body = mapped.body().toJson();

        assertThat(mapped.jsonToolName()).isNull();
        assertThat(body.has("tools")).isFalse();
        assertThat(body.path("output_config").path("effort").asText()).isEqualTo("low");
        assertThat(body.path("output_config").path("format").path("type").asText()).isEqualTo("json_schema");
        assertThat(body.path("output_config").path("format").path("schema")).isEqualTo(schema());
    }

    @Test
    void thinkingCannotForceAToolCall() {
        LanguageModelRequest request = LanguageModelRequest.builder().message(Message.user("Q"))
                .tool(FunctionTool.of("lookup", null, schema()))
                .toolChoice(ToolChoice.tool("lookup"))
                .reasoningBudgetTokens(2000)
                .maxOutputTokens(5000)
                .topK(5)
                .build();

        RequestMapper.Mapped mapped = map(request);
        JsonNode body = mapped.body().toJson();

        assertThat(body.path("tool_choice").path("type").asText()).isEqualTo("auto");
        assertThat(body.path("max_tokens").asInt()).isEqualTo(5000);
        assertThat(body.path("thinking").path("budget_tokens").asInt()).isEqualTo(2000);
        assertThat(body.has("top_k")).isFalse();
        assertThat(mapped.warnings()).extracting(Warning::setting).containsExactlyInAnyOrder("toolChoice", "topK");
    }

    @Test
    void unknownProviderOptionsAndTagsWarnInsteadOfVanishing() {
        ObjectNode options = FixtureFacts.JSON.createObjectNode().put("shiny_new_flag", true);
        LanguageModelRequest request = LanguageModelRequest.builder().message(Message.user("Q")).maxOutputTokens(10)
                .metadata("team", "red").providerOptions("anthropic", options).build();

        RequestMapper.Mapped mapped = map(request);

        assertThat(mapped.body().toJson().has("shiny_new_flag")).isFalse();
        assertThat(mapped.warnings()).extracting(Warning::setting)
                .containsExactlyInAnyOrder("providerOptions.anthropic.shiny_new_flag", "metadata");
    }

    @Test
    void aToolNamedJsonClashesWithAJsonResponseFormat() {
        LanguageModelRequest request = LanguageModelRequest.builder().message(Message.user("Q"))
                .tool(FunctionTool.of("json", null, schema()))
                .responseFormat(ResponseFormat.json())
                .build();

        assertThatThrownBy(() -> map(request)).isInstanceOf(InvalidRequestException.class).hasMessageContaining("json");
    }

    @Test
    void messageLevelCacheControlMarksTheLastBlock() {
        LanguageModelRequest request = LanguageModelRequest.builder()
                .message(new UserMessage(List.of(TextPart.of("a"), TextPart.of("b")), ProviderMetadata.of("anthropic", CACHE)))
                .build();

        JsonNode content = body(request).path("messages").get(0).path("content");

        assertThat(content.get(0).has("cache_control")).isFalse();
        assertThat(content.get(1).path("cache_control").path("type").asText()).isEqualTo("ephemeral");
    }

    @Test
    void responseLevelFieldsOfAPreviousResultStayOffTheBlocks() {
        ObjectNode responseLevel = CACHE.deepCopy();
        responseLevel.put("stop_sequence", "END");
        responseLevel.putObject("context_management").putArray("applied_edits");
        responseLevel.putObject("container").put("id", "container_1");
        LanguageModelRequest request = LanguageModelRequest.builder()
                .message(Message.user("hi"))
                .message(new AssistantMessage(List.of(TextPart.of("hello")), ProviderMetadata.of("anthropic", responseLevel)))
                .message(Message.user("again"))
                .build();

        JsonNode answer = body(request).path("messages").get(1).path("content").get(0);

        assertThat(answer.path("text").asText()).isEqualTo("hello");
        assertThat(answer.path("cache_control").path("type").asText()).isEqualTo("ephemeral");
        assertThat(answer.has("context_management")).isFalse();
        assertThat(answer.has("stop_sequence")).isFalse();
        assertThat(answer.has("container")).isFalse();
    }
}
