package dev.ditto.gateway.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.ditto.sdk.LanguageModelRequest;
import dev.ditto.sdk.message.AssistantMessage;
import dev.ditto.sdk.message.ImagePart;
import dev.ditto.sdk.message.TextPart;
import dev.ditto.sdk.message.ToolCallPart;
import dev.ditto.sdk.message.ToolMessage;
import dev.ditto.sdk.message.ToolResultPart;
import dev.ditto.sdk.message.UserMessage;
import dev.ditto.sdk.tool.FunctionTool;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LocalTokenCounterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Encoding O200K = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE);

    private final LocalTokenCounter counter = LocalTokenCounter.create();

    @ParameterizedTest
    @CsvSource({
            "gpt-4o, o200k_base", "gpt-4o-mini-2024-07-18, o200k_base", "chatgpt-4o-latest, o200k_base",
            "gpt-4.1-nano, o200k_base", "gpt-4.5-preview, o200k_base", "gpt-5, o200k_base", "gpt-5.1-codex, o200k_base",
            "o1, o200k_base", "o3-mini, o200k_base", "o4-mini-2025-04-16, o200k_base", "gpt-oss-120b, o200k_base",
            "openai/gpt-4o, o200k_base", "ft:gpt-4o-mini:acme::abc, o200k_base", "GPT-4O, o200k_base",
            "gpt-4, cl100k_base", "gpt-4-turbo, cl100k_base", "gpt-3.5-turbo, cl100k_base", "gpt-40, cl100k_base",
            "claude-sonnet-4-5, cl100k_base", "gemini-2.5-flash, cl100k_base", "llama-3.1-70b, cl100k_base",
            "omni-moderation, cl100k_base"})
    void picksTheEncodingOfTheModelFamily(String model, String encoding) {
        assertThat(LocalTokenCounter.encodingName(model)).isEqualTo(encoding);
    }

    @Test
    void countsTextWithTheChatFraming() {
        long count = counter.count(LanguageModelRequest.of("Hello there"), "gpt-4o");

        assertThat(count).isEqualTo(3 + 3 + O200K.countTokensOrdinary("user") + O200K.countTokensOrdinary("Hello there"));
        assertThat(counter.countText("Hello there", "gpt-4o")).isEqualTo(O200K.countTokensOrdinary("Hello there"));
    }

    @Test
    void specialTokenTextCountsAsOrdinaryText() {
        assertThat(counter.countText("<|endoftext|>", "gpt-4o")).isEqualTo(O200K.countTokensOrdinary("<|endoftext|>"))
                .isGreaterThan(1);
    }

    @Test
    void toolDefinitionsCountAsTheirJson() throws Exception {
        LanguageModelRequest plain = LanguageModelRequest.of("weather?");
        FunctionTool tool = FunctionTool.of("get_weather", "Current weather",
                JSON.readTree("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}"));
        LanguageModelRequest withTool = plain.toBuilder().tool(tool).build();

        long difference = counter.count(withTool, "gpt-4o") - counter.count(plain, "gpt-4o");

        assertThat(difference).isEqualTo(O200K.countTokensOrdinary("{\"name\":\"get_weather\",\"description\":"
                + "\"Current weather\",\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}"));
    }

    @Test
    void toolCallsResultsAndMediaAreCounted() {
        LanguageModelRequest request = LanguageModelRequest.builder().messages(List.of(
                UserMessage.of(TextPart.of("what is this?"), ImagePart.ofUrl("https://example.com/cat.png")),
                AssistantMessage.of(List.of(ToolCallPart.of("call_1", "lookup", "{\"q\":\"cat\"}"))),
                ToolMessage.of(List.of(ToolResultPart.of("call_1", "lookup", "a cat"),
                        ToolResultPart.of("call_1", "lookup", "a kitten"))))).build();

        long expected = 3
                + 3 + O200K.countTokensOrdinary("user") + O200K.countTokensOrdinary("what is this?")
                + LocalTokenCounter.TOKENS_PER_MEDIA_PART
                + 3 + O200K.countTokensOrdinary("assistant") + O200K.countTokensOrdinary("lookup")
                + O200K.countTokensOrdinary("{\"q\":\"cat\"}")
                + 3 + O200K.countTokensOrdinary("tool") + O200K.countTokensOrdinary("a cat")
                + 3 + O200K.countTokensOrdinary("tool") + O200K.countTokensOrdinary("a kitten");
        assertThat(counter.count(request, "gpt-4o")).isEqualTo(expected);
    }

    @Test
    void aTokenCounterViewAnswersAtOnce() {
        LanguageModelRequest request = LanguageModelRequest.of("Hi");

        assertThat(counter.forModel("gpt-4").countTokensAsync(request)).isCompletedWithValue(counter.count(request, "gpt-4"));
    }
}
