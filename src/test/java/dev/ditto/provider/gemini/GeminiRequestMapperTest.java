package dev.ditto.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.InvalidRequestException;
import dev.ditto.sdk.LanguageModelRequest;
import dev.ditto.sdk.LanguageModelRequestBuilder;
import dev.ditto.sdk.ReasoningEffort;
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
import dev.ditto.sdk.message.TextPart;
import dev.ditto.sdk.message.ToolCallPart;
import dev.ditto.sdk.message.ToolMessage;
import dev.ditto.sdk.message.ToolResultPart;
import dev.ditto.sdk.tool.FunctionTool;
import dev.ditto.sdk.tool.ProviderDefinedTool;
import dev.ditto.sdk.tool.ToolChoice;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Requests mapped to {@code generateContent} bodies: conversation, tools, settings, thinking, options, warnings. */
class GeminiRequestMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ErrorDetails DETAILS = ErrorDetails.of("gemini", "test-model");
    private static final ProviderMetadata SIGNED = ProviderMetadata.empty().with("gemini", "thoughtSignature", "sig-1");

    private static GeminiRequestMapper.Mapped map(LanguageModelRequest request) {
        return map(request, "gemini-2.5-flash");
    }

    private static GeminiRequestMapper.Mapped map(LanguageModelRequest request, String model) {
        return GeminiRequestMapper.map(request, model, DETAILS);
    }

    private static LanguageModelRequestBuilder hi() {
        return LanguageModelRequest.builder().message(Message.user("Hi"));
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void mapsAConversationWithMediaSignaturesAndToolResults() throws Exception {
        byte[] png = {1, 2, 3};
        LanguageModelRequest request = LanguageModelRequest.builder()
                .message(Message.system("Be brief."))
                .message(Message.system("Use metric units."))
                .message(Message.user(TextPart.of("Look:"), ImagePart.ofBytes(png, "image/png"),
                        ImagePart.ofUrl("https://example.com/cat.PNG?x=1"), ImagePart.ofUrl("data:image/gif;base64,R0lG"),
                        FilePart.ofUrl("https://example.com/a.pdf", "application/pdf"),
                        AudioPart.ofBytes("wav".getBytes(StandardCharsets.UTF_8), "audio/wav")))
                .message(new AssistantMessage(List.of(
                        new ReasoningPart("thinking...", null, null, SIGNED),
                        new TextPart("Checking.", ProviderMetadata.empty().with("gemini", "thoughtSignature", "sig-2")),
                        new ToolCallPart("c1", "weather", "{\"city\":\"Paris\"}",
                                ProviderMetadata.empty().with("google", "thoughtSignature", "sig-3")),
                        ToolCallPart.of("c2", "time", "{}")), ProviderMetadata.empty()))
                .message(Message.tool(ToolResultPart.of("c2", "time", "12:00"),
                        ToolResultPart.of("c1", null, "{\"temp\":21}")))
                .message(Message.user("Thanks"))
                .build();

        GeminiRequestMapper.Mapped mapped = map(request);

        JsonNode body = mapped.body();
        assertThat(body.at("/systemInstruction/parts/0/text").asText()).isEqualTo("Be brief.");
        assertThat(body.at("/systemInstruction/parts/1/text").asText()).isEqualTo("Use metric units.");
        JsonNode user = body.at("/contents/0");
        assertThat(user.get("role").asText()).isEqualTo("user");
        assertThat(user.at("/parts/1/inlineData")).isEqualTo(json("{\"mimeType\":\"image/png\",\"data\":\"AQID\"}"));
        assertThat(user.at("/parts/2/fileData")).isEqualTo(
                json("{\"mimeType\":\"image/png\",\"fileUri\":\"https://example.com/cat.PNG?x=1\"}"));
        assertThat(user.at("/parts/3/inlineData")).isEqualTo(json("{\"mimeType\":\"image/gif\",\"data\":\"R0lG\"}"));
        assertThat(user.at("/parts/4/fileData/mimeType").asText()).isEqualTo("application/pdf");
        assertThat(user.at("/parts/5/inlineData/mimeType").asText()).isEqualTo("audio/wav");
        JsonNode model = body.at("/contents/1");
        assertThat(model.get("role").asText()).isEqualTo("model");
        assertThat(model.at("/parts/0")).isEqualTo(json("{\"text\":\"thinking...\",\"thought\":true,\"thoughtSignature\":\"sig-1\"}"));
        assertThat(model.at("/parts/1")).isEqualTo(json("{\"text\":\"Checking.\",\"thoughtSignature\":\"sig-2\"}"));
        assertThat(model.at("/parts/2")).isEqualTo(json(
                "{\"thoughtSignature\":\"sig-3\",\"functionCall\":{\"name\":\"weather\",\"args\":{\"city\":\"Paris\"}}}"));
        assertThat(model.at("/parts/3/thoughtSignature").isMissingNode()).isTrue();
        JsonNode results = body.at("/contents/2");
        assertThat(results.get("role").asText()).isEqualTo("user");
        assertThat(results.at("/parts/0/functionResponse")).as("in the order of the calls, named from the call")
                .isEqualTo(json("{\"name\":\"weather\",\"response\":{\"temp\":21}}"));
        assertThat(results.at("/parts/1/functionResponse")).isEqualTo(json("{\"name\":\"time\",\"response\":{\"output\":\"12:00\"}}"));
        assertThat(body.at("/contents/3/parts/0/text").asText()).isEqualTo("Thanks");
        assertThat(body.get("contents")).hasSize(4);
        assertThat(mapped.warnings()).isEmpty();
    }

    @Test
    void unsignedFunctionCallsFromAnotherProviderGetThePlaceholderOnTheFirstCall() {
        LanguageModelRequest request = hi()
                .message(Message.assistant(ToolCallPart.of("a", "one", "{}"), ToolCallPart.of("b", "two", "{}")))
                .message(Message.tool(ToolResultPart.of("a", null, "1")))
                .message(Message.tool(ToolResultPart.of("b", null, "2")))
                .build();

        JsonNode body = map(request).body();

        assertThat(body.at("/contents/1/parts/0/thoughtSignature").asText()).isEqualTo("skip_thought_signature_validator");
        assertThat(body.at("/contents/1/parts/1/thoughtSignature").isMissingNode()).isTrue();
        assertThat(body.get("contents")).as("one tool message per result share one turn").hasSize(3);
        assertThat(body.at("/contents/2/parts")).hasSize(2);
        assertThat(body.at("/contents/2/parts/1/functionResponse/name").asText()).isEqualTo("two");
    }

    @Test
    void toolResultsCarryErrorsNonObjectsAndImages() {
        ToolResultPart failed = ToolResultPart.error("a", "one", "boom");
        ToolResultPart list = ToolResultPart.of("b", "two", "[1,2]");
        ToolResultPart picture = new ToolResultPart("c", "three",
                List.of(TextPart.of("a chart"), ImagePart.ofBytes(new byte[] {9}, "image/png")), false, ProviderMetadata.empty());
        LanguageModelRequest request = hi().message(new ToolMessage(List.of(failed, list, picture), ProviderMetadata.empty()))
                .build();

        JsonNode parts = map(request).body().at("/contents/1/parts");

        assertThat(parts.at("/0/functionResponse/response/error").asText()).isEqualTo("boom");
        assertThat(parts.at("/1/functionResponse/response/output")).hasSize(2);
        assertThat(parts.at("/2/functionResponse/response/output").asText()).isEqualTo("a chart");
        assertThat(parts.at("/2/functionResponse/parts/0/inlineData/mimeType").asText()).isEqualTo("image/png");
    }

    @Test
    void warnsAboutWhatGeminiCannotTake() throws Exception {
        LanguageModelRequest request = hi()
                .message(Message.assistant(new ReasoningPart("mulling", "anthropic-sig", null,
                        ProviderMetadata.empty().with("anthropic", "signature", "anthropic-sig")),
                        ToolCallPart.of("c", "f", "not json")))
                .message(Message.system("Late instruction"))
                .message(Message.user(new ProviderPart("openai", "web_search_call", json("{}")),
                        new ProviderPart("gemini", "executableCode", json("{\"executableCode\":{\"language\":\"PYTHON\",\"code\":\"1+1\"}}"))))
                .user("end-user-7")
                .metadata("trace", "t1")
                .parallelToolCalls(false)
                .build();

        GeminiRequestMapper.Mapped mapped = map(request);

        assertThat(mapped.warnings()).extracting(Warning::setting).containsExactlyInAnyOrder(
                "messages", "messages", "messages", "messages", "user", "metadata", "parallelToolCalls");
        JsonNode body = mapped.body();
        assertThat(body.at("/contents/1/parts/0")).isEqualTo(json("{\"text\":\"mulling\",\"thought\":true}"));
        assertThat(body.at("/contents/1/parts/1/functionCall/args/value").asText()).isEqualTo("not json");
        assertThat(body.at("/systemInstruction/parts/0/text").asText()).isEqualTo("Late instruction");
        assertThat(body.at("/contents/2/parts")).singleElement()
                .satisfies(part -> assertThat(part.at("/executableCode/code").asText()).isEqualTo("1+1"));
    }

    @Test
    void mapsFunctionAndBuiltInTools() throws Exception {
        LanguageModelRequest request = hi()
                .tool(FunctionTool.of("now", "The time", json("{\"type\":\"object\",\"properties\":{}}")).withStrict(true))
                .tool(FunctionTool.of("weather", null, json(
                        "{\"type\":\"object\",\"properties\":{\"unit\":{\"type\":[\"string\",\"null\"],\"format\":\"email\"}}}")))
                .tool(new ProviderDefinedTool("gemini.google_search", "google_search", JSON.createObjectNode()))
                .tool(new ProviderDefinedTool("google.code_execution", "code_execution", JSON.createObjectNode()))
                .tool(new ProviderDefinedTool("openai.web_search", "web_search", JSON.createObjectNode()))
                .build();

        GeminiRequestMapper.Mapped mapped = map(request);

        JsonNode tools = mapped.body().get("tools");
        assertThat(tools.at("/0/functionDeclarations/0")).isEqualTo(json("{\"name\":\"now\",\"description\":\"The time\"}"));
        assertThat(tools.at("/0/functionDeclarations/1/parameters/properties/unit"))
                .isEqualTo(json("{\"type\":\"string\",\"nullable\":true}"));
        assertThat(tools.get(1)).isEqualTo(json("{\"googleSearch\":{}}"));
        assertThat(tools.get(2)).isEqualTo(json("{\"codeExecution\":{}}"));
        assertThat(tools).hasSize(3);
        assertThat(mapped.warnings()).extracting(Warning::type).contains(Warning.Type.UNSUPPORTED_TOOL,
                Warning.Type.UNSUPPORTED_SETTING, Warning.Type.APPROXIMATED);
        assertThat(mapped.warnings()).extracting(Warning::setting).contains("tools.weather.parameters", "tools.strict");
    }

    static Stream<Arguments> toolChoices() {
        return Stream.of(Arguments.of(ToolChoice.auto(), "{\"mode\":\"AUTO\"}"),
                Arguments.of(ToolChoice.none(), "{\"mode\":\"NONE\"}"),
                Arguments.of(ToolChoice.required(), "{\"mode\":\"ANY\"}"),
                Arguments.of(ToolChoice.tool("f"), "{\"mode\":\"ANY\",\"allowedFunctionNames\":[\"f\"]}"));
    }

    @ParameterizedTest
    @MethodSource("toolChoices")
    void mapsToolChoices(ToolChoice choice, String expected) throws Exception {
        LanguageModelRequest request = hi().tool(FunctionTool.of("f", null, json("{\"type\":\"object\"}")))
                .toolChoice(choice).build();

        assertThat(map(request).body().at("/toolConfig/functionCallingConfig")).isEqualTo(json(expected));
    }

    @Test
    void mapsGenerationSettingsAndJsonSchemaOutput() throws Exception {
        LanguageModelRequest request = hi().temperature(0.5).topP(0.9).topK(40).maxOutputTokens(1000)
                .stopSequences(List.of("END")).seed(1L << 40).presencePenalty(0.1).frequencyPenalty(0.2)
                .responseFormat(new ResponseFormat.JsonSchema("answer", "The answer", json(
                        "{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\"}},\"required\":[\"n\"],"
                                + "\"additionalProperties\":false}"), true))
                .build();

        GeminiRequestMapper.Mapped mapped = map(request);

        assertThat(mapped.body().get("generationConfig")).isEqualTo(json("{\"temperature\":0.5,\"topP\":0.9,\"topK\":40,"
                + "\"maxOutputTokens\":1000,\"stopSequences\":[\"END\"],\"seed\":256,\"presencePenalty\":0.1,"
                + "\"frequencyPenalty\":0.2,\"responseMimeType\":\"application/json\",\"responseSchema\":{\"type\":\"object\","
                + "\"properties\":{\"n\":{\"type\":\"integer\"}},\"required\":[\"n\"],\"description\":\"The answer\"}}"));
        assertThat(mapped.warnings()).singleElement().extracting(Warning::setting).isEqualTo("seed");
        assertThat(map(hi().responseFormat(ResponseFormat.json()).build()).body().at("/generationConfig"))
                .isEqualTo(json("{\"responseMimeType\":\"application/json\"}"));
        assertThat(map(hi().build()).body().has("generationConfig")).isFalse();
    }

    static Stream<Arguments> thinking() {
        return Stream.of(
                Arguments.of("gemini-2.5-flash", 2048, null, "{\"thinkingBudget\":2048,\"includeThoughts\":true}", 0),
                Arguments.of("gemini-2.5-flash", 0, null, "{\"thinkingBudget\":0}", 0),
                Arguments.of("gemini-2.5-flash", 2048, ReasoningEffort.HIGH, "{\"thinkingBudget\":2048,\"includeThoughts\":true}", 1),
                Arguments.of("gemini-2.5-flash", null, ReasoningEffort.LOW, "{\"thinkingBudget\":1024,\"includeThoughts\":true}", 1),
                Arguments.of("gemini-2.5-flash", null, ReasoningEffort.NONE, "{\"thinkingBudget\":0}", 1),
                Arguments.of("gemini-2.5-pro", null, ReasoningEffort.NONE, "{\"thinkingBudget\":128,\"includeThoughts\":true}", 1),
                Arguments.of("gemini-3-pro-preview", null, ReasoningEffort.HIGH, "{\"thinkingLevel\":\"high\",\"includeThoughts\":true}", 0),
                Arguments.of("gemini-3-pro-preview", null, ReasoningEffort.MEDIUM, "{\"thinkingLevel\":\"high\",\"includeThoughts\":true}", 1),
                Arguments.of("gemini-3-flash-preview", null, ReasoningEffort.MEDIUM, "{\"thinkingLevel\":\"medium\",\"includeThoughts\":true}", 0),
                Arguments.of("gemini-3-flash-preview", null, ReasoningEffort.MINIMAL, "{\"thinkingLevel\":\"minimal\",\"includeThoughts\":true}", 0));
    }

    @ParameterizedTest(name = "{0} budget={1} effort={2}")
    @MethodSource("thinking")
    void mapsReasoningToThinkingConfig(String model, Integer budget, ReasoningEffort effort, String expected,
            int warnings) throws Exception {
        LanguageModelRequest request = hi().reasoningBudgetTokens(budget).reasoningEffort(effort).build();

        GeminiRequestMapper.Mapped mapped = map(request, model);

        assertThat(mapped.body().at("/generationConfig/thinkingConfig")).isEqualTo(json(expected));
        assertThat(mapped.warnings()).hasSize(warnings);
    }

    @Test
    void appliesProviderOptionsAndWarnsAboutUnknownOnes() throws Exception {
        ObjectNode google = (ObjectNode) json("{\"cachedContent\":\"cachedContents/old\",\"responseModalities\":[\"TEXT\"]}");
        ObjectNode gemini = (ObjectNode) json("{\"safetySettings\":[{\"category\":\"HARM_CATEGORY_HATE_SPEECH\","
                + "\"threshold\":\"BLOCK_NONE\"}],\"cachedContent\":\"cachedContents/abc\",\"thinkingConfig\":"
                + "{\"thinkingLevel\":\"low\"},\"generationConfig\":{\"candidateCount\":1},\"streamFunctionCallArguments\":true,"
                + "\"includeRawChunks\":true,\"frobnicate\":1}");
        LanguageModelRequest request = hi().reasoningEffort(ReasoningEffort.HIGH)
                .providerOptions("google", google).providerOptions("gemini", gemini).build();

        GeminiRequestMapper.Mapped mapped = map(request, "gemini-3-pro-preview");

        JsonNode body = mapped.body();
        assertThat(body.at("/safetySettings/0/threshold").asText()).isEqualTo("BLOCK_NONE");
        assertThat(body.get("cachedContent").asText()).as("gemini overrides the google alias").isEqualTo("cachedContents/abc");
        assertThat(body.at("/generationConfig/thinkingConfig"))
                .isEqualTo(json("{\"thinkingLevel\":\"low\",\"includeThoughts\":true}"));
        assertThat(body.at("/generationConfig/candidateCount").asInt()).isEqualTo(1);
        assertThat(body.at("/generationConfig/responseModalities/0").asText()).isEqualTo("TEXT");
        assertThat(body.at("/toolConfig/functionCallingConfig/streamFunctionCallArguments").asBoolean()).isTrue();
        assertThat(mapped.includeRawChunks()).isTrue();
        assertThat(mapped.warnings()).singleElement().extracting(Warning::setting)
                .isEqualTo("providerOptions.gemini.frobnicate");
    }

    @Test
    void rejectsWhatCannotBeSentAtAll() throws Exception {
        LanguageModelRequest wrongType = hi().providerOptions("gemini", (ObjectNode) json("{\"safetySettings\":\"none\"}"))
                .build();
        LanguageModelRequest onlySystem = LanguageModelRequest.builder().message(Message.system("Rules")).build();

        assertThatThrownBy(() -> map(wrongType)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("providerOptions.gemini.safetySettings");
        assertThatThrownBy(() -> map(onlySystem)).isInstanceOf(InvalidRequestException.class);
    }
}
