package dev.ditto.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.FinishReason;
import dev.ditto.sdk.LanguageModelResult;
import dev.ditto.sdk.Warning;
import dev.ditto.sdk.message.AudioPart;
import dev.ditto.sdk.message.ContentPart;
import dev.ditto.sdk.message.MediaSource;
import dev.ditto.sdk.message.ProviderMetadata;
import dev.ditto.sdk.message.ReasoningPart;
import dev.ditto.sdk.message.TextPart;
import dev.ditto.sdk.message.ToolCallPart;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Turns a {@code chat.completion} body into a unified result: reasoning (any vendor's field, or
 * Mistral's {@code thinking} parts), text, refusal, audio, tool calls (ids generated where the
 * server sent none, empty arguments as {@code {}}), finish reason, usage and metadata. Stateless.
 */
final class ChatResultMapper {

    private ChatResultMapper() {
    }

    static LanguageModelResult map(ChatResponseWire.Completion completion, List<Warning> warnings, OpenAiClient client,
            ErrorDetails details) {
        if (completion.error() != null && !completion.error().isNull()) {
            throw OpenAiErrorMapper.ofDefaults().mapStreamError(completion.error(), details);
        }
        LanguageModelResult.Builder result = LanguageModelResult.builder()
                .responseId(completion.id())
                .modelId(completion.model())
                .createdAt(completion.created() == null ? null : Instant.ofEpochSecond(completion.created()))
                .usage(ChatUsage.toUnified(completion.effectiveUsage(), client.dialect()));
        warnings.forEach(result::addWarning);
        ChatResponseWire.Choice choice = completion.firstChoice();
        ObjectNode metadata = responseMetadata(completion);
        if (choice == null) {
            return result.finishReason(FinishReason.OTHER, null)
                    .providerMetadata(ProviderMetadata.of(client.provider(), metadata)).build();
        }
        if (choice.message() != null) {
            content(choice.message(), client).forEach(result::addContent);
            if (WireJson.present(choice.message().annotations()) && !choice.message().annotations().isEmpty()) {
                metadata.set("annotations", choice.message().annotations());
            }
        }
        if (WireJson.present(choice.logprobs())) {
            metadata.set("logprobs", choice.logprobs());
        }
        return result.finishReason(ChatFinishReasons.toUnified(choice.finishReason()), choice.finishReason())
                .providerMetadata(ProviderMetadata.of(client.provider(), metadata))
                .build();
    }

    static ObjectNode responseMetadata(ChatResponseWire.Completion completion) {
        ObjectNode metadata = WireJson.MAPPER.createObjectNode();
        if (completion.systemFingerprint() != null) {
            metadata.put("systemFingerprint", completion.systemFingerprint());
        }
        if (completion.serviceTier() != null) {
            metadata.put("serviceTier", completion.serviceTier());
        }
        JsonNode groqId = completion.xGroq() == null ? null : completion.xGroq().get("id");
        if (groqId != null && groqId.isTextual()) {
            metadata.put("groqRequestId", groqId.asText());
        }
        return metadata;
    }

    private static List<ContentPart> content(ChatResponseWire.Message message, OpenAiClient client) {
        List<ContentPart> parts = new ArrayList<>();
        String reasoning = message.reasoningText(client.dialect().reasoningField());
        if (reasoning != null && !reasoning.isEmpty()) {
            parts.add(ReasoningPart.of(reasoning));
        }
        JsonNode content = message.content();
        if (content != null && content.isTextual() && !content.asText().isEmpty()) {
            parts.add(TextPart.of(content.asText()));
        } else if (content != null && content.isArray()) {
            MistralContent.forEach(content, (isThinking, text) ->
                    parts.add(isThinking ? ReasoningPart.of(text) : TextPart.of(text)));
        }
        if (message.refusal() != null && !message.refusal().isEmpty()) {
            parts.add(new TextPart(message.refusal(), refusalMetadata(client.provider())));
        }
        AudioPart audio = audio(message.audio(), client.provider());
        if (audio != null) {
            parts.add(audio);
        }
        if (message.toolCalls() != null) {
            for (ChatResponseWire.ToolCall call : message.toolCalls()) {
                ChatResponseWire.FunctionCall function = call.function();
                if (function != null && function.name() != null) {
                    parts.add(ToolCallPart.of(call.id() == null || call.id().isBlank() ? ToolCallIds.generate() : call.id(),
                            function.name(), function.argumentsText()));
                }
            }
        }
        ChatResponseWire.FunctionCall legacy = message.functionCall();
        if (legacy != null && legacy.name() != null) {
            parts.add(ToolCallPart.of(ToolCallIds.generate(), legacy.name(), legacy.argumentsText()));
        }
        return parts;
    }

    static ProviderMetadata refusalMetadata(String provider) {
        return ProviderMetadata.empty().with(provider, "refusal", WireJson.MAPPER.getNodeFactory().booleanNode(true));
    }

    private static @Nullable AudioPart audio(@Nullable JsonNode audio, String provider) {
        String data = WireJson.text(audio, "data");
        if (data == null) {
            return null;
        }
        ObjectNode metadata = WireJson.MAPPER.createObjectNode();
        String id = WireJson.text(audio, "id");
        if (id != null) {
            metadata.put("audioId", id);
        }
        String transcript = WireJson.text(audio, "transcript");
        if (transcript != null) {
            metadata.put("transcript", transcript);
        }
        // OpenAI answers in the format the request's audio.format named; wav is its default.
        return new AudioPart(MediaSource.ofBase64(data), "audio/wav", ProviderMetadata.of(provider, metadata));
    }
}
