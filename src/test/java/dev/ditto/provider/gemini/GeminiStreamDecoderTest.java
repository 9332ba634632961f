package dev.ditto.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.FinishReason;
import dev.ditto.sdk.LanguageModelResult;
import dev.ditto.sdk.StreamPart;
import dev.ditto.sdk.UnexpectedResponseException;
import dev.ditto.sdk.Usage;
import dev.ditto.sdk.Warning;
import dev.ditto.sdk.message.ImagePart;
import dev.ditto.sdk.message.MediaSource;
import dev.ditto.sdk.message.ProviderPart;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The stream decoder and the response mapper on answers the recordings do not cover. */
class GeminiStreamDecoderTest {

    private static String chunk(String parts, String extra) {
        return "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[" + parts + "]}" + extra + "}],"
                + "\"responseId\":\"r-1\",\"modelVersion\":\"gemini-x\"}";
    }

    private static String usage(int prompt, int candidates, int thoughts) {
        return "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"\"}]},\"finishReason\":\"STOP\"}],\"usageMetadata\":{"
                + "\"promptTokenCount\":" + prompt + ",\"candidatesTokenCount\":" + candidates + ",\"thoughtsTokenCount\":"
                + thoughts + ",\"totalTokenCount\":" + (prompt + candidates + thoughts) + "}}";
    }

    @ParameterizedTest
    @CsvSource({"STOP, STOP", "MAX_TOKENS, LENGTH", "SAFETY, CONTENT_FILTER", "RECITATION, CONTENT_FILTER",
            "BLOCKLIST, CONTENT_FILTER", "PROHIBITED_CONTENT, CONTENT_FILTER", "SPII, CONTENT_FILTER",
            "IMAGE_SAFETY, CONTENT_FILTER", "MALFORMED_FUNCTION_CALL, ERROR", "LANGUAGE, OTHER", "OTHER, OTHER",
            "FINISH_REASON_UNSPECIFIED, OTHER", "SOMETHING_NEWER, OTHER"})
    void mapsFinishReasonsAndKeepsTheRawValue(String raw, FinishReason unified) {
        List<StreamPart> parts = Streams.decode(List.of(chunk("{\"text\":\"hi\"}", ",\"finishReason\":\"" + raw + "\"")));

        StreamPart.Finish finish = (StreamPart.Finish) Streams.last(parts);
        assertThat(finish.finishReason()).isEqualTo(unified);
        assertThat(finish.rawFinishReason()).isEqualTo(raw);
        LanguageModelResult result = GeminiResponseMapper.toResult(json(chunk("{\"text\":\"hi\"}",
                ",\"finishReason\":\"" + raw + "\"")), List.of(), ErrorDetails.empty());
        assertThat(result.finishReason()).isEqualTo(unified);
        assertThat(result.rawFinishReason()).isEqualTo(raw);
    }

    @Test
    void aPromptBlockedBeforeGenerationIsAContentFilterFinish() {
        String blocked = "{\"promptFeedback\":{\"blockReason\":\"PROHIBITED_CONTENT\"},\"usageMetadata\":"
                + "{\"promptTokenCount\":7,\"totalTokenCount\":7},\"modelVersion\":\"gemini-x\",\"responseId\":\"r-2\"}";

        List<StreamPart> parts = Streams.decode(List.of(blocked));
        LanguageModelResult result = GeminiResponseMapper.toResult(json(blocked), List.of(), ErrorDetails.empty());

        StreamGrammar.assertWellFormed(parts);
        StreamPart.Finish finish = (StreamPart.Finish) Streams.last(parts);
        assertThat(finish.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
        assertThat(finish.rawFinishReason()).isEqualTo("PROHIBITED_CONTENT");
        assertThat(finish.usage().input().total()).isEqualTo(7L);
        assertThat(finish.providerMetadata().get("gemini", "promptFeedback").orElseThrow().get("blockReason").asText())
                .isEqualTo("PROHIBITED_CONTENT");
        assertThat(result.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
        assertThat(result.rawFinishReason()).isEqualTo("PROHIBITED_CONTENT");
        assertThat(result.content()).isEmpty();
    }

    @Test
    void usageIsTheLastCumulativeCountNeverASum() {
        String cached = "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"b\"}]},\"finishReason\":\"STOP\"}],"
                + "\"usageMetadata\":{\"promptTokenCount\":100,\"cachedContentTokenCount\":60,\"candidatesTokenCount\":23,"
                + "\"totalTokenCount\":123,\"toolUsePromptTokenCount\":4}}";
        List<String> chunks = List.of(
                "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"a\"}]}}],\"usageMetadata\":"
                        + "{\"promptTokenCount\":100,\"candidatesTokenCount\":5,\"totalTokenCount\":105}}",
                cached,
                "{\"usageMetadata\":{\"trafficType\":\"ON_DEMAND\"}}");

        Usage usage = ((StreamPart.Finish) Streams.last(Streams.decode(chunks))).usage();

        assertThat(usage.input().total()).isEqualTo(100L);
        assertThat(usage.input().cacheRead()).isEqualTo(60L);
        assertThat(usage.input().noCache()).isEqualTo(40L);
        assertThat(usage.output().total()).isEqualTo(23L);
        assertThat(usage.output().reasoning()).as("absent means zero in Google's JSON").isZero();
        assertThat(usage.totalTokens()).isEqualTo(123L);
        assertThat(usage.raw().get("toolUsePromptTokenCount").asInt()).isEqualTo(4);
    }

    @Test
    void thoughtsAreReasoningBlocksAndSignaturesCloseTheirBlock() {
        List<StreamPart> parts = Streams.decode(List.of(
                chunk("{\"text\":\"Let me think. \",\"thought\":true}", ""),
                chunk("{\"text\":\"Done.\",\"thought\":true,\"thoughtSignature\":\"sig-r\"},{\"text\":\"Answer\"}", ""),
                chunk("{\"text\":\" here\",\"thoughtSignature\":\"sig-t\"},{\"text\":\"More\"}", ",\"finishReason\":\"STOP\"")));

        StreamGrammar.assertWellFormed(parts);
        assertThat(Streams.reasoning(parts)).isEqualTo("Let me think. Done.");
        assertThat(Streams.only(parts, StreamPart.ReasoningEnd.class)).singleElement()
                .satisfies(end -> assertThat(end.providerMetadata().string("gemini", "thoughtSignature")).hasValue("sig-r"));
        List<StreamPart.TextEnd> textEnds = Streams.only(parts, StreamPart.TextEnd.class);
        assertThat(textEnds).hasSize(2);
        assertThat(textEnds.get(0).providerMetadata().string("gemini", "thoughtSignature")).hasValue("sig-t");
        assertThat(textEnds.get(1).providerMetadata().isEmpty()).isTrue();
        assertThat(Streams.text(parts)).isEqualTo("Answer hereMore");
    }

    @Test
    void codeExecutionAndMediaArriveAsWholeContentParts() {
        List<StreamPart> parts = Streams.decode(List.of(chunk(
                "{\"text\":\"Computing\"},{\"executableCode\":{\"language\":\"PYTHON\",\"code\":\"print(1+1)\"}},"
                        + "{\"codeExecutionResult\":{\"outcome\":\"OUTCOME_OK\",\"output\":\"2\\n\"}},"
                        + "{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"iVBORw0=\"},\"thoughtSignature\":\"sig-i\"}",
                ",\"finishReason\":\"STOP\"")));

        StreamGrammar.assertWellFormed(parts);
        List<StreamPart.Content> contents = Streams.only(parts, StreamPart.Content.class);
        assertThat(contents).hasSize(3);
        assertThat(contents.get(0).part()).isInstanceOfSatisfying(ProviderPart.class, part -> {
            assertThat(part.provider()).isEqualTo("gemini");
            assertThat(part.type()).isEqualTo("executableCode");
            assertThat(part.value().at("/executableCode/code").asText()).isEqualTo("print(1+1)");
        });
        assertThat(((ProviderPart) contents.get(1).part()).value().at("/codeExecutionResult/output").asText()).isEqualTo("2\n");
        assertThat(contents.get(2).part()).isInstanceOfSatisfying(ImagePart.class, image -> {
            assertThat(image.mediaType()).isEqualTo("image/png");
            assertThat(((MediaSource.Data) image.source()).base64()).isEqualTo("iVBORw0=");
            assertThat(image.providerMetadata().string("gemini", "thoughtSignature")).hasValue("sig-i");
        });
        assertThat(((StreamPart.Finish) Streams.last(parts)).finishReason()).as("code execution is no client tool call")
                .isEqualTo(FinishReason.STOP);
    }

    @Test
    void groundingSafetyAndCitationsGoIntoTheFinishMetadata() {
        List<StreamPart> parts = Streams.decode(List.of(
                chunk("{\"text\":\"a\"}", ",\"citationMetadata\":{\"citationSources\":[{\"uri\":\"https://a\"}]}"),
                chunk("{\"text\":\"b\"}", ",\"citationMetadata\":{\"citationSources\":[{\"uri\":\"https://b\"}]},"
                        + "\"finishReason\":\"STOP\",\"safetyRatings\":[{\"category\":\"HARM_CATEGORY_HARASSMENT\","
                        + "\"probability\":\"NEGLIGIBLE\"}],\"groundingMetadata\":{\"webSearchQueries\":[\"q\"]}")));

        StreamPart.Finish finish = (StreamPart.Finish) Streams.last(parts);
        var gemini = finish.providerMetadata().get("gemini").orElseThrow();
        assertThat(gemini.at("/citationMetadata/citationSources")).hasSize(2);
        assertThat(gemini.at("/citationMetadata/citationSources/1/uri").asText()).isEqualTo("https://b");
        assertThat(gemini.at("/safetyRatings/0/probability").asText()).isEqualTo("NEGLIGIBLE");
        assertThat(gemini.at("/groundingMetadata/webSearchQueries/0").asText()).isEqualTo("q");
    }

    @Test
    void startCarriesWarningsAndRawChunksComeWhenAskedFor() {
        Warning warning = Warning.unsupportedSetting("user", "not sent");
        List<String> chunks = List.of(chunk("{\"text\":\"a\"}", ""), chunk("{\"text\":\"b\"}", ",\"finishReason\":\"STOP\""));

        List<StreamPart> parts = Streams.decode(chunks, List.of(warning), true);

        StreamGrammar.assertWellFormed(parts);
        assertThat(((StreamPart.StreamStart) parts.get(0)).warnings()).containsExactly(warning);
        assertThat(Streams.only(parts, StreamPart.Raw.class)).hasSize(2)
                .first().satisfies(raw -> assertThat(raw.value().get("responseId").asText()).isEqualTo("r-1"));
        assertThat(Streams.only(Streams.decode(chunks), StreamPart.Raw.class)).isEmpty();
    }

    @Test
    void aFunctionCallIdFromGeminiIsKept() {
        List<StreamPart> parts = Streams.decode(List.of(chunk(
                "{\"functionCall\":{\"id\":\"fc-7\",\"name\":\"f\",\"args\":{\"a\":1}}}", ",\"finishReason\":\"STOP\"")));

        assertThat(Streams.only(parts, StreamPart.ToolCall.class)).singleElement()
                .satisfies(call -> assertThat(call.toolCallId()).isEqualTo("fc-7"));
    }

    @Test
    void argumentsBeforeTheCallNameAreAMalformedStream() {
        List<StreamPart> parts = Streams.decode(List.of(chunk(
                "{\"functionCall\":{\"partialArgs\":[{\"jsonPath\":\"$.a\",\"stringValue\":\"x\"}],\"willContinue\":true}}",
                "")));

        StreamGrammar.assertWellFormedUntilError(parts);
        assertThat(((StreamPart.Error) Streams.last(parts)).error()).isInstanceOf(UnexpectedResponseException.class);
    }

    @Test
    void theNonStreamingResultKeepsItsCreationTime() {
        String body = "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"x\"}]},\"finishReason\":\"STOP\"}],"
                + "\"createTime\":\"2026-04-02T17:03:50.399550Z\"}";

        LanguageModelResult result = GeminiResponseMapper.toResult(json(body), List.of(), ErrorDetails.empty());

        assertThat(result.createdAt()).isEqualTo(Instant.parse("2026-04-02T17:03:50.399550Z"));
    }

    private static ByteArrayInputStream json(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
