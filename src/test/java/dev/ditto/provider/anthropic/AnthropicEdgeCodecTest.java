package dev.ditto.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.AuthenticationException;
import dev.ditto.sdk.ContextWindowExceededException;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.FinishReason;
import dev.ditto.sdk.InvalidRequestException;
import dev.ditto.sdk.LanguageModelRequest;
import dev.ditto.sdk.LanguageModelResult;
import dev.ditto.sdk.ModelNotFoundException;
import dev.ditto.sdk.ProviderOverloadedException;
import dev.ditto.sdk.ProviderUnavailableException;
import dev.ditto.sdk.QuotaExceededException;
import dev.ditto.sdk.RateLimitedException;
import dev.ditto.sdk.ResponseFormat;
import dev.ditto.sdk.SdkException;
import dev.ditto.sdk.StreamInterruptedException;
import dev.ditto.sdk.UpstreamTimeoutException;
import dev.ditto.sdk.Usage;
import dev.ditto.sdk.message.AssistantMessage;
import dev.ditto.sdk.message.FilePart;
import dev.ditto.sdk.message.ImagePart;
import dev.ditto.sdk.message.MediaSource;
import dev.ditto.sdk.message.ProviderMetadata;
import dev.ditto.sdk.message.ReasoningPart;
import dev.ditto.sdk.message.SystemMessage;
import dev.ditto.sdk.message.TextPart;
import dev.ditto.sdk.message.ToolCallPart;
import dev.ditto.sdk.message.ToolMessage;
import dev.ditto.sdk.message.UserMessage;
import dev.ditto.sdk.tool.FunctionTool;
import dev.ditto.sdk.tool.ProviderDefinedTool;
import dev.ditto.sdk.tool.ToolChoice;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Anthropic edge codec without a client library: decoding requests, encoding results and errors. */
class AnthropicEdgeCodecTest {

    static final AnthropicEdgeCodec CODEC = AnthropicEdgeCodec.ofDefaults();

    static final String REQUEST = """
            {
              "model": "claude-sonnet-4-5",
              "max_tokens": 4000,
              "system": [{"type": "text", "text": "You are terse.", "cache_control": {"type": "ephemeral"}}],
              "messages": [
                {"role": "user", "content": [
                  {"type": "text", "text": "What is in these?"},
                  {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "AQID"}},
                  {"type": "document", "source": {"type": "url", "url": "https://example.com/a.pdf"}, "title": "A"}
                ]},
                {"role": "assistant", "content": [
                  {"type": "thinking", "thinking": "Let me look.", "signature": "sig-abc"},
                  {"type": "text", "text": "I will check the weather."},
                  {"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {"city": "Paris"}}
                ]},
                {"role": "user", "content": [
                  {"type": "tool_result", "tool_use_id": "toolu_1", "content": "18C"},
                  {"type": "text", "text": "And tomorrow?"}
                ]}
              ],
              "temperature": 0.7,
              "top_p": 0.9,
              "top_k": 40,
              "stop_sequences": ["STOP"],
              "stream": true,
              "metadata": {"user_id": "user-7"},
              "tools": [
                {"name": "get_weather", "description": "Weather by city",
                 "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}},
                 "cache_control": {"type": "ephemeral"}},
                {"type": "web_search_20250305", "name": "web_search", "max_uses": 2}
              ],
              "tool_choice": {"type": "any", "disable_parallel_tool_use": true},
              "thinking": {"type": "enabled", "budget_tokens": 2048},
              "service_tier": "auto",
              "container": "container_1"
            }
            """;

    static ObjectNode json(String text) {
        return (ObjectNode) FixtureFacts.parse(text);
    }

    @Test
    void decodesEveryFieldOfARealisticRequest() {
        AnthropicEdgeCodec.DecodedRequest decoded = CODEC.decodeRequest(json(REQUEST), List.of("files-api-2025-04-14"));
        LanguageModelRequest request = decoded.request();

        assertThat(decoded.model()).isEqualTo("claude-sonnet-4-5");
        assertThat(decoded.stream()).isTrue();
        assertThat(decoded.warnings()).isEmpty();
        assertThat(request.maxOutputTokens()).isEqualTo(4000);
        assertThat(request.temperature()).isEqualTo(0.7);
        assertThat(request.topP()).isEqualTo(0.9);
        assertThat(request.topK()).isEqualTo(40);
        assertThat(request.stopSequences()).containsExactly("STOP");
        assertThat(request.user()).isEqualTo("user-7");
        assertThat(request.reasoningBudgetTokens()).isEqualTo(2048);
        assertThat(request.toolChoice()).isEqualTo(ToolChoice.required());
        assertThat(request.parallelToolCalls()).isFalse();

        assertThat(request.messages()).hasSize(5);
        SystemMessage system = (SystemMessage) request.messages().get(0);
        assertThat(system.text()).isEqualTo("You are terse.");
        assertThat(system.providerMetadata().get("anthropic", "cache_control")).isPresent();
        UserMessage user = (UserMessage) request.messages().get(1);
        assertThat(user.content().get(0)).isEqualTo(TextPart.of("What is in these?"));
        ImagePart image = (ImagePart) user.content().get(1);
        assertThat(image.source()).isEqualTo(MediaSource.ofBase64("AQID"));
        assertThat(image.mediaType()).isEqualTo("image/png");
        FilePart pdf = (FilePart) user.content().get(2);
        assertThat(pdf.source()).isEqualTo(MediaSource.ofUrl("https://example.com/a.pdf"));
        assertThat(pdf.filename()).isEqualTo("A");
        AssistantMessage assistant = (AssistantMessage) request.messages().get(2);
        ReasoningPart thinking = (ReasoningPart) assistant.content().get(0);
        assertThat(thinking.text()).isEqualTo("Let me look.");
        assertThat(thinking.signature()).isEqualTo("sig-abc");
        assertThat(assistant.toolCalls()).singleElement().satisfies(call -> {
            assertThat(call.toolName()).isEqualTo("get_weather");
            assertThat(FixtureFacts.parse(call.arguments()).path("city").asText()).isEqualTo("Paris");
        });
        ToolMessage tool = (ToolMessage) request.messages().get(3);
        assertThat(tool.results()).singleElement().satisfies(result -> {
            assertThat(result.toolCallId()).isEqualTo("toolu_1");
            assertThat(result.toolName()).isEqualTo("get_weather");
            assertThat(result.text()).isEqualTo("18C");
        });
        assertThat(request.messages().get(4)).isEqualTo(UserMessage.of(TextPart.of("And tomorrow?")));

        FunctionTool weather = (FunctionTool) request.tools().get(0);
        assertThat(weather.description()).isEqualTo("Weather by city");
        assertThat(weather.parameters().path("properties").has("city")).isTrue();
        assertThat(weather.providerMetadata().get("anthropic", "cache_control")).isPresent();
        ProviderDefinedTool search = (ProviderDefinedTool) request.tools().get(1);
        assertThat(search.id()).isEqualTo("anthropic.web_search_20250305");
        assertThat(search.args().path("max_uses").asInt()).isEqualTo(2);

        ObjectNode options = request.providerOptions("anthropic").orElseThrow();
        assertThat(options.path("service_tier").asText()).isEqualTo("auto");
        assertThat(options.path("container").asText()).isEqualTo("container_1");
        assertThat(options.path("betas").get(0).asText()).isEqualTo("files-api-2025-04-14");
    }

    @Test
    void aDecodedRequestGoesBackToAnthropicAsItCameIn() {
        ObjectNode original = json(REQUEST);
        // Anthropic takes no temperature, top_k or forced tool choice while thinking; without it all survives.
        original.remove("thinking");

        JsonNode sent = RequestMapper.map(CODEC.decodeRequest(original).request(), "claude-sonnet-4-5", 4096, true)
                .body().toJson();

        for (String field : List.of("model", "max_tokens", "system", "messages", "temperature", "top_p", "top_k",
                "stop_sequences", "stream", "metadata", "tools", "tool_choice", "thinking", "service_tier", "container")) {
            assertThat(sent.get(field)).as(field).isEqualTo(original.get(field));
        }
    }

    @Test
    void decodesTheOutputFormatAsAJsonSchemaAnswer() {
        ObjectNode body = json("""
                {"model": "m", "max_tokens": 10, "messages": [{"role": "user", "content": "Hi"}],
                 "output_config": {"effort": "low", "format": {"type": "json_schema", "schema": {"type": "object"}}}}
                """);

        LanguageModelRequest request = CODEC.decodeRequest(body).request();

        assertThat(request.responseFormat()).isInstanceOfSatisfying(ResponseFormat.JsonSchema.class,
                format -> assertThat(format.schema().path("type").asText()).isEqualTo("object"));
        JsonNode sent = RequestMapper.map(request, "m", 4096, false).body().toJson();
        assertThat(sent.get("output_config")).isEqualTo(body.get("output_config"));
        assertThat(sent.has("tools")).isFalse();
    }

    static Stream<Arguments> invalidRequests() {
        String ok = "\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";
        return Stream.of(
                arguments("{" + ok + ",\"frequency_penalty\":1}", "frequency_penalty"),
                arguments("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", "max_tokens"),
                arguments("{\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", "model"),
                arguments("{\"model\":\"m\",\"max_tokens\":10,\"messages\":[]}", "messages"),
                arguments("{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"system\",\"content\":\"Hi\"}]}",
                        "messages[0].role"),
                arguments("{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"x\"}]}]}",
                        "messages[0].content[0].type"),
                arguments("{" + ok + ",\"temperature\":1.5}", "temperature"),
                arguments("{" + ok + ",\"tool_choice\":{\"type\":\"tool\"}}", "tool_choice.name"),
                arguments("{" + ok + ",\"tool_choice\":{\"type\":\"sometimes\"}}", "tool_choice.type"),
                arguments("{" + ok + ",\"tools\":[{\"name\":\"f\"}]}", "tools[0].input_schema"),
                arguments("{" + ok + ",\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":20}}", "thinking.budget_tokens"),
                arguments("{" + ok + ",\"metadata\":{\"team\":\"red\"}}", "metadata.team"),
                arguments("{" + ok + ",\"stop_sequences\":[\"\"]}", "stop_sequences"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("invalidRequests")
    void rejectsAnInvalidRequestNamingTheParameter(String body, String parameter) {
        assertThatThrownBy(() -> CODEC.decodeRequest(json(body)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith(parameter);
    }

    @Test
    void decodesACountTokensRequestWithoutMaxTokens() {
        ObjectNode body = json("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
                + "\"system\":\"S\",\"tools\":[],\"thinking\":{\"type\":\"disabled\"}}");

        AnthropicEdgeCodec.DecodedRequest decoded = CODEC.decodeCountTokensRequest(body);

        assertThat(decoded.stream()).isFalse();
        assertThat(decoded.request().messages()).hasSize(2);
        assertThat(CODEC.encodeCountTokens(42).path("input_tokens").asLong()).isEqualTo(42);
        assertThatThrownBy(() -> CODEC.decodeCountTokensRequest(json("{\"model\":\"m\",\"max_tokens\":1,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")))
                .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("max_tokens");
    }

    @Test
    void encodesAResultAsAMessage() {
        LanguageModelResult result = LanguageModelResult.builder()
                .addContent(new ReasoningPart("hmm", "sig-1", null, ProviderMetadata.empty().with("anthropic", "signature", "sig-1")))
                .addContent(TextPart.of("Calling."))
                .addContent(ToolCallPart.of("call_9", "lookup", "{\"q\":\"x\"}"))
                .finishReason(FinishReason.TOOL_CALLS, "tool_calls")
                .usage(Usage.builder().inputTokens(100L).cacheReadTokens(30L).outputTokens(20L).reasoningTokens(5L).build())
                .responseId("chatcmpl-1")
                .build();

        JsonNode message = CODEC.encodeResult(result, "claude-sonnet-4-5");

        assertThat(message.path("id").asText()).isEqualTo("chatcmpl-1");
        assertThat(message.path("type").asText()).isEqualTo("message");
        assertThat(message.path("role").asText()).isEqualTo("assistant");
        assertThat(message.path("model").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(message.path("content")).extracting(block -> block.path("type").asText())
                .containsExactly("thinking", "text", "tool_use");
        assertThat(message.path("content").get(0).path("signature").asText()).isEqualTo("sig-1");
        assertThat(message.path("content").get(2).path("input").path("q").asText()).isEqualTo("x");
        assertThat(message.path("stop_reason").asText()).isEqualTo("tool_use");
        assertThat(message.path("usage").path("input_tokens").asLong()).isEqualTo(70);
        assertThat(message.path("usage").path("cache_read_input_tokens").asLong()).isEqualTo(30);
        assertThat(message.path("usage").path("cache_creation_input_tokens").asLong()).isZero();
        assertThat(message.path("usage").path("output_tokens").asLong()).isEqualTo(20);
    }

    static Stream<Arguments> finishReasons() {
        return Stream.of(
                arguments(FinishReason.STOP, "stop", "end_turn"),
                arguments(FinishReason.STOP, "stop_sequence", "stop_sequence"),
                arguments(FinishReason.STOP, "pause_turn", "pause_turn"),
                arguments(FinishReason.STOP, "tool_use", "end_turn"),
                arguments(FinishReason.LENGTH, "length", "max_tokens"),
                arguments(FinishReason.LENGTH, "model_context_window_exceeded", "model_context_window_exceeded"),
                arguments(FinishReason.CONTENT_FILTER, "content_filter", "refusal"),
                arguments(FinishReason.TOOL_CALLS, "tool_calls", "tool_use"),
                arguments(FinishReason.OTHER, "FINISH_REASON_UNSPECIFIED", "end_turn"),
                arguments(FinishReason.ERROR, null, "end_turn"));
    }

    @ParameterizedTest(name = "{0}/{1} -> {2}")
    @MethodSource("finishReasons")
    void mapsFinishReasonsToStopReasons(FinishReason unified, String raw, String expected) {
        LanguageModelResult result = LanguageModelResult.builder().finishReason(unified, raw).build();

        assertThat(CODEC.encodeResult(result, "m").path("stop_reason").asText()).isEqualTo(expected);
    }

    static Stream<Arguments> errors() {
        ErrorDetails none = ErrorDetails.empty();
        return Stream.of(
                arguments(new InvalidRequestException("bad", none), 400, "invalid_request_error"),
                arguments(new ContextWindowExceededException("too long", none), 400, "invalid_request_error"),
                arguments(new InvalidRequestException("big", none.withStatus(413)), 413, "request_too_large"),
                arguments(new AuthenticationException("who", none), 401, "authentication_error"),
                arguments(new QuotaExceededException("broke", none), 402, "billing_error"),
                arguments(new ModelNotFoundException("no", none), 404, "not_found_error"),
                arguments(new RateLimitedException("slow", none.withRetryAfter(Duration.ofSeconds(9))), 429, "rate_limit_error"),
                arguments(new ProviderUnavailableException("down", none), 500, "api_error"),
                arguments(new StreamInterruptedException("cut", none), 500, "api_error"),
                arguments(new UpstreamTimeoutException("slow", none), 504, "timeout_error"),
                arguments(new ProviderOverloadedException("busy", none), 529, "overloaded_error"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("errors")
    void encodesErrorsWithAnthropicsStatusesAndTypes(SdkException error, int status, String type) {
        AnthropicEdgeCodec.EncodedError encoded = CODEC.encodeError(error);

        assertThat(encoded.status()).isEqualTo(status);
        assertThat(encoded.body().path("type").asText()).isEqualTo("error");
        assertThat(encoded.body().path("error").path("type").asText()).isEqualTo(type);
        assertThat(encoded.body().path("error").path("message").asText()).isNotBlank();
        assertThat(encoded.retryAfter()).isEqualTo(error.retryAfter());
        JsonNode event = FixtureFacts.parse(CODEC.encodeStreamError(error).data());
        assertThat(event.path("error").path("type").asText()).isEqualTo(type);
        assertThat(CODEC.encodeStreamError(error).event()).isEqualTo("error");
    }

    @Test
    void errorMessagesLeaveOutUpstreamInternals() {
        SdkException error = new ProviderOverloadedException("HTTP 529: Overloaded",
                ErrorDetails.of("anthropic", "claude-x").withUpstreamRequestId("req_secret"));

        String message = CODEC.encodeError(error).body().path("error").path("message").asText();

        assertThat(message).isEqualTo("HTTP 529: Overloaded");
    }
}
