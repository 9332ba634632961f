package dev.ditto.provider.openai.responses;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.FinishReason;
import dev.ditto.sdk.InvalidRequestException;
import dev.ditto.sdk.LanguageModelResult;
import dev.ditto.sdk.QuotaExceededException;
import dev.ditto.sdk.SdkException;
import dev.ditto.sdk.StreamPart;
import dev.ditto.sdk.UnexpectedResponseException;
import dev.ditto.sdk.Usage;
import dev.ditto.sdk.http.ErrorResponse;
import dev.ditto.sdk.message.ProviderPart;
import dev.ditto.testing.Fixtures;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every recorded Responses API file is decoded, and the decoded facts are compared with facts
 * read independently from the raw JSON by tree walking: assembled text and reasoning, tool calls
 * with parsed arguments, built-in tool items carried verbatim, encrypted reasoning, usage and the
 * finish reason.
 */
class ResponsesFixturesTest {

    private static final String FOLDER = "openai-responses";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ErrorDetails DETAILS = ErrorDetails.of("openai", "test-model");
    /** The tools the recorded parallel-wrapper run declared (vercel/ai issue 19067). */
    private static final Set<String> WRAPPER_TOOLS = Set.of("weather", "cityAttractions");
    /** The HTTP status each recorded error body came with. */
    private static final Map<String, Integer> ERROR_STATUS =
            Map.of("openai-error.1.json", 429, "reasoning-model-temperature-error.json", 400);

    static Stream<String> streams() throws IOException {
        return files(".chunks.txt");
    }

    static Stream<String> responses() throws IOException {
        return files(".json");
    }

    private static Stream<String> files(String suffix) throws IOException {
        try (Stream<Path> list = Files.list(Fixtures.dir().resolve(FOLDER))) {
            return list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix)).sorted().toList().stream();
        }
    }

    @Test
    void theFolderHoldsTheExpectedNumberOfFiles() throws IOException {
        assertThat(streams()).hasSize(27);
        assertThat(responses()).hasSize(28);
    }

    @ParameterizedTest
    @MethodSource("streams")
    void decodesRecordedStream(String file) {
        List<String> payloads = Fixtures.payloads(FOLDER + "/" + file);
        List<StreamPart> parts = StreamParts.decode(decoder(file), payloads);

        StreamParts.assertWellFormed(parts);
        List<JsonNode> events = new ArrayList<>();
        for (String payload : payloads) {
            JsonNode event = tryParse(payload);
            if (event == null) {
                assertEndsWithMalformedEventError(parts, payload);
                return;
            }
            events.add(event);
        }
        JsonNode error = events.stream().filter(e -> type(e).equals("error")).findFirst().orElse(null);
        if (error != null) {
            assertEndsWithStreamError(parts, error);
            return;
        }
        ExpectedStream expected = ExpectedStream.of(events);
        assertThat(StreamParts.text(parts)).isEqualTo(expected.text.toString());
        assertThat(StreamParts.reasoning(parts)).isEqualTo(expected.reasoning.toString());
        assertThat(StreamParts.toolCalls(parts)).extracting(StreamPart.ToolCall::toolCallId, StreamPart.ToolCall::toolName,
                c -> readTree(c.input())).containsExactlyElementsOf(expected.toolCalls);
        assertThat(StreamParts.ofType(parts, StreamPart.Content.class)).extracting(c -> (ProviderPart) c.part())
                .extracting(ProviderPart::type, ProviderPart::value).containsExactlyElementsOf(expected.providerItems);
        assertThat(StreamParts.ofType(parts, StreamPart.ReasoningEnd.class))
                .flatExtracting(e -> e.providerMetadata().string("openai", "encryptedContent").stream().toList())
                .containsExactlyElementsOf(expected.encrypted);
        StreamPart.Finish finish = (StreamPart.Finish) parts.get(parts.size() - 1);
        assertUsage(finish.usage(), expected.usage);
        assertThat(finish.finishReason()).isEqualTo(expected.finishReason());
        assertThat(finish.rawFinishReason()).isEqualTo(expected.rawFinishReason());
        StreamPart.StreamStart start = (StreamPart.StreamStart) parts.get(0);
        assertThat(start.responseId()).isEqualTo(expected.firstResponseId);
    }

    @ParameterizedTest
    @MethodSource("responses")
    void decodesRecordedResponse(String file) {
        JsonNode body = readTree(Fixtures.text(FOLDER + "/" + file));
        if (!body.has("output")) {
            assertMapsRecordedError(file, body);
            return;
        }
        LanguageModelResult result = ResponsesResultMapper.map(body, List.of(), declared(file), DETAILS);

        ExpectedResponse expected = ExpectedResponse.of(body);
        assertThat(result.text()).isEqualTo(expected.text.toString());
        assertThat(result.reasoningText()).isEqualTo(expected.reasoning.toString());
        assertThat(result.toolCalls()).extracting(c -> c.toolName(), c -> readTree(c.arguments()))
                .containsExactlyElementsOf(expected.toolCalls);
        assertThat(result.content()).filteredOn(ProviderPart.class::isInstance).extracting(p -> (ProviderPart) p)
                .extracting(ProviderPart::type, ProviderPart::value).containsExactlyElementsOf(expected.providerItems);
        assertUsage(result.usage(), body.path("usage"));
        assertThat(result.finishReason()).isEqualTo(expectedFinish(body.path("status").asText(),
                body.path("incomplete_details").path("reason").textValue(), !expected.toolCalls.isEmpty()));
        assertThat(result.responseId()).isEqualTo(body.path("id").asText());
        assertThat(result.modelId()).isEqualTo(body.path("model").asText());
        assertThat(result.createdAt().getEpochSecond()).isEqualTo(body.path("created_at").asLong());
        assertThat(result.content()).filteredOn(p -> p instanceof dev.ditto.sdk.message.ReasoningPart)
                .extracting(p -> ((dev.ditto.sdk.message.ReasoningPart) p).encryptedContent())
                .filteredOn(e -> e != null).containsAll(expected.encrypted);
    }

    private static void assertMapsRecordedError(String file, JsonNode body) {
        int status = ERROR_STATUS.get(file);
        SdkException error = ResponsesErrorMapper.INSTANCE.map(new ErrorResponse(status,
                HttpHeaders.of(Map.of(), (a, b) -> true), body.toString(), false, "openai", "test-model"));
        JsonNode raw = body.path("error");
        Class<?> expectedType = "insufficient_quota".equals(raw.path("code").textValue())
                ? QuotaExceededException.class : InvalidRequestException.class;
        assertThat(error).isInstanceOf(expectedType);
        assertThat(error.isRetryable()).isFalse();
        assertThat(error.getMessage()).contains(raw.path("message").asText());
        assertThat(error.status()).isEqualTo(status);
        assertThat(error.errorBody()).isEqualTo(body.toString());
    }

    private static void assertEndsWithMalformedEventError(List<StreamPart> parts, String payload) {
        assertThat(parts.get(parts.size() - 1)).isInstanceOfSatisfying(StreamPart.Error.class, e -> {
            assertThat(e.error()).isInstanceOf(UnexpectedResponseException.class);
            assertThat(e.error().getMessage()).contains("malformed").contains(Fixtures.eventType(payload));
        });
        assertThat(parts).noneMatch(StreamPart.Finish.class::isInstance);
    }

    private static void assertEndsWithStreamError(List<StreamPart> parts, JsonNode errorEvent) {
        JsonNode error = errorEvent.has("error") ? errorEvent.get("error") : errorEvent;
        assertThat(parts.get(parts.size() - 1)).isInstanceOfSatisfying(StreamPart.Error.class, e -> {
            assertThat(e.error().getMessage()).contains(error.path("message").asText());
            if ("insufficient_quota".equals(error.path("code").textValue())) {
                assertThat(e.error()).isInstanceOf(QuotaExceededException.class);
            }
        });
        assertThat(parts).noneMatch(StreamPart.Finish.class::isInstance);
    }

    private static void assertUsage(Usage usage, JsonNode raw) {
        assertThat(usage.input().total()).isEqualTo(raw.path("input_tokens").asLong());
        assertThat(usage.input().cacheRead()).isEqualTo(raw.path("input_tokens_details").path("cached_tokens").asLong());
        assertThat(usage.input().noCache()).isEqualTo(raw.path("input_tokens").asLong()
                - raw.path("input_tokens_details").path("cached_tokens").asLong()
                - raw.path("input_tokens_details").path("cache_write_tokens").asLong());
        assertThat(usage.output().total()).isEqualTo(raw.path("output_tokens").asLong());
        assertThat(usage.output().reasoning()).isEqualTo(raw.path("output_tokens_details").path("reasoning_tokens").asLong());
        assertThat(usage.output().text()).isEqualTo(raw.path("output_tokens").asLong()
                - raw.path("output_tokens_details").path("reasoning_tokens").asLong());
        assertThat(usage.totalTokens()).isEqualTo(raw.path("total_tokens").asLong());
    }

    /** WIRE-FORMATS.md, OpenAI Responses column, restated. */
    static FinishReason expectedFinish(String status, String incompleteReason, boolean hasFunctionCall) {
        if ("max_output_tokens".equals(incompleteReason)) {
            return FinishReason.LENGTH;
        }
        if ("content_filter".equals(incompleteReason)) {
            return FinishReason.CONTENT_FILTER;
        }
        if (hasFunctionCall) {
            return FinishReason.TOOL_CALLS;
        }
        return "completed".equals(status) && incompleteReason == null ? FinishReason.STOP : FinishReason.OTHER;
    }

    private static ResponsesStreamDecoder decoder(String file) {
        return new ResponsesStreamDecoder(List.of(), declared(file), DETAILS);
    }

    private static Set<String> declared(String file) {
        return file.startsWith("parallel-tool-call-wrapper") ? WRAPPER_TOOLS : Set.of();
    }

    static String type(JsonNode event) {
        return event.path("type").asText();
    }

    static JsonNode readTree(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    private static JsonNode tryParse(String payload) {
        try {
            return JSON.readTree(payload);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** What a stream holds, read from the raw events. */
    static final class ExpectedStream {
        final StringBuilder text = new StringBuilder();
        final StringBuilder reasoning = new StringBuilder();
        final List<org.assertj.core.groups.Tuple> toolCalls = new ArrayList<>();
        final List<org.assertj.core.groups.Tuple> providerItems = new ArrayList<>();
        final List<String> encrypted = new ArrayList<>();
        final com.fasterxml.jackson.databind.node.ObjectNode usage = JSON.createObjectNode();
        String firstResponseId;
        JsonNode lastResponse;
        boolean lastHasFunctionCall;
        boolean currentHasFunctionCall;

        static ExpectedStream of(List<JsonNode> events) {
            ExpectedStream expected = new ExpectedStream();
            events.forEach(expected::add);
            return expected;
        }

        private void add(JsonNode event) {
            switch (type(event)) {
                case "response.created" -> {
                    if (firstResponseId == null) {
                        firstResponseId = event.path("response").path("id").asText();
                    }
                    currentHasFunctionCall = false;
                }
                case "response.output_text.delta", "response.refusal.delta" -> text.append(event.path("delta").asText());
                case "response.reasoning_summary_text.delta", "response.reasoning_text.delta" ->
                        reasoning.append(event.path("delta").asText());
                case "response.output_item.done" -> itemDone(event.path("item"));
                case "response.completed", "response.incomplete" -> {
                    lastResponse = event.path("response");
                    lastHasFunctionCall = currentHasFunctionCall;
                    addUsage(lastResponse.path("usage"));
                }
                default -> {
                }
            }
        }

        private void itemDone(JsonNode item) {
            String type = item.path("type").asText();
            switch (type) {
                case "function_call" -> {
                    currentHasFunctionCall = true;
                    toolCalls.add(org.assertj.core.groups.Tuple.tuple(item.path("call_id").asText(),
                            item.path("name").asText(), readTree(item.path("arguments").asText())));
                }
                case "reasoning" -> {
                    if (item.hasNonNull("encrypted_content")) {
                        encrypted.add(item.path("encrypted_content").asText());
                    }
                }
                case "message" -> {
                }
                default -> providerItems.add(org.assertj.core.groups.Tuple.tuple(type, item));
            }
        }

        private void addUsage(JsonNode raw) {
            sum("input_tokens", raw.path("input_tokens"));
            sum("output_tokens", raw.path("output_tokens"));
            sum("total_tokens", raw.path("total_tokens"));
            com.fasterxml.jackson.databind.node.ObjectNode in = usage.withObjectProperty("input_tokens_details");
            in.put("cached_tokens", in.path("cached_tokens").asLong() + raw.path("input_tokens_details").path("cached_tokens").asLong());
            in.put("cache_write_tokens", in.path("cache_write_tokens").asLong()
                    + raw.path("input_tokens_details").path("cache_write_tokens").asLong());
            com.fasterxml.jackson.databind.node.ObjectNode out = usage.withObjectProperty("output_tokens_details");
            out.put("reasoning_tokens", out.path("reasoning_tokens").asLong()
                    + raw.path("output_tokens_details").path("reasoning_tokens").asLong());
        }

        private void sum(String field, JsonNode value) {
            usage.put(field, usage.path(field).asLong() + value.asLong());
        }

        FinishReason finishReason() {
            return expectedFinish(lastResponse.path("status").asText(),
                    lastResponse.path("incomplete_details").path("reason").textValue(), lastHasFunctionCall);
        }

        String rawFinishReason() {
            String reason = lastResponse.path("incomplete_details").path("reason").textValue();
            return reason != null ? reason : lastResponse.path("status").asText();
        }
    }

    /** What a whole response holds, read from its output items. */
    static final class ExpectedResponse {
        final StringBuilder text = new StringBuilder();
        final StringBuilder reasoning = new StringBuilder();
        final List<org.assertj.core.groups.Tuple> toolCalls = new ArrayList<>();
        final List<org.assertj.core.groups.Tuple> providerItems = new ArrayList<>();
        final List<String> encrypted = new ArrayList<>();

        static ExpectedResponse of(JsonNode body) {
            ExpectedResponse expected = new ExpectedResponse();
            for (JsonNode item : body.path("output")) {
                expected.add(item);
            }
            return expected;
        }

        private void add(JsonNode item) {
            String type = item.path("type").asText();
            switch (type) {
                case "message" -> item.path("content").forEach(c -> text.append(c.has("text")
                        ? c.path("text").asText() : c.path("refusal").asText()));
                case "reasoning" -> {
                    item.path("summary").forEach(s -> reasoning.append(s.path("text").asText()));
                    if (item.hasNonNull("encrypted_content")) {
                        encrypted.add(item.path("encrypted_content").asText());
                    }
                }
                case "function_call" -> functionCall(item);
                default -> providerItems.add(org.assertj.core.groups.Tuple.tuple(type, item));
            }
        }

        private void functionCall(JsonNode item) {
            JsonNode arguments = readTree(item.path("arguments").asText());
            if (item.path("name").asText().equals("parallel")) {
                // The wrapper names its calls "functions.<tool>" and holds their parameters.
                for (JsonNode use : arguments.path("tool_uses")) {
                    toolCalls.add(org.assertj.core.groups.Tuple.tuple(
                            use.path("recipient_name").asText().substring("functions.".length()), use.path("parameters")));
                }
                return;
            }
            toolCalls.add(org.assertj.core.groups.Tuple.tuple(item.path("name").asText(), arguments));
        }
    }
}
