package dev.ditto.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.LanguageModelResult;
import dev.ditto.sdk.Warning;
import dev.ditto.sdk.message.ContentPart;
import dev.ditto.sdk.message.ProviderMetadata;
import dev.ditto.sdk.message.ReasoningPart;
import dev.ditto.sdk.message.TextPart;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Maps a {@code message} response to an SDK result, and an SDK result to a {@code message}. Stateless. */
final class ResponseMapper {

    /** Top-level response fields kept in the result's {@code anthropic} metadata. */
    static final Set<String> RESULT_METADATA = Set.of("stop_sequence", "stop_details", "container", "context_management");

    private ResponseMapper() {
    }

    /**
     * Maps a response.
     *
     * @param message the response body
     * @param warnings the warnings of the request mapping
     * @param jsonToolName the synthetic JSON tool, whose call becomes the text answer, or {@code null}
     * @return the result
     */
    static LanguageModelResult toResult(WireMessage message, List<Warning> warnings, @Nullable String jsonToolName) {
        LanguageModelResult.Builder result = LanguageModelResult.builder();
        boolean jsonAnswer = false;
        boolean otherTool = false;
        for (WireBlock block : message.content()) {
            if (block instanceof WireBlock.ToolUse use && use.name().equals(jsonToolName)) {
                result.addContent(TextPart.of(AnthropicJson.write(use.input())));
                jsonAnswer = true;
                continue;
            }
            otherTool |= block instanceof WireBlock.ToolUse;
            result.addContent(PartMapper.part(block));
        }
        warnings.forEach(result::addWarning);
        return result
                .finishReason(StopReasons.toUnified(message.stopReason(), jsonAnswer && !otherTool), message.stopReason())
                .usage(message.usage().toUsage())
                .providerMetadata(metadata(message.stopSequence(), message.extras()))
                .responseId(message.id())
                .modelId(message.model().isEmpty() ? null : message.model())
                .build();
    }

    /** Returns the result metadata: the stop sequence and the response fields without an SDK name. */
    static ProviderMetadata metadata(@Nullable String stopSequence, ObjectNode fields) {
        ObjectNode anthropic = AnthropicJson.object();
        if (stopSequence != null) {
            anthropic.put("stop_sequence", stopSequence);
        }
        for (String name : RESULT_METADATA) {
            JsonNode value = fields.get(name);
            if (value != null && !value.isNull()) {
                anthropic.set(name, value.deepCopy());
            }
        }
        return PartMapper.metadata(anthropic);
    }

    /**
     * Maps an SDK result to a {@code message}, for clients of the Anthropic API.
     *
     * @param result the result
     * @param model the model name to report
     * @return the message
     */
    static WireMessage toMessage(LanguageModelResult result, String model) {
        List<WireBlock> content = new ArrayList<>();
        List<Warning> dropped = new ArrayList<>();
        for (ContentPart part : result.content()) {
            WireBlock block = answerBlock(part, dropped);
            if (block != null) {
                content.add(block);
            }
        }
        ObjectNode anthropic = PartMapper.extras(result.providerMetadata());
        JsonNode stopSequence = anthropic.remove("stop_sequence");
        ObjectNode extras = AnthropicJson.object();
        anthropic.properties().forEach(field -> {
            if (RESULT_METADATA.contains(field.getKey())) {
                extras.set(field.getKey(), field.getValue());
            }
        });
        return new WireMessage(messageId(result.responseId()), model, content,
                StopReasons.toAnthropic(result.finishReason(), result.rawFinishReason()),
                stopSequence != null && stopSequence.isTextual() ? stopSequence.asText() : null,
                WireUsage.from(result.usage()), extras);
    }

    /**
     * Maps an answer part for an Anthropic client. Unlike a request to Anthropic, reasoning of other
     * providers is shown (as thinking without a signature), so the client sees it.
     */
    static @Nullable WireBlock answerBlock(ContentPart part, List<Warning> dropped) {
        if (part instanceof ReasoningPart reasoning && !reasoning.providerMetadata().providers().contains(PartMapper.PROVIDER)) {
            return reasoning.text().isEmpty() ? null : new WireBlock.Thinking(reasoning.text(), "");
        }
        if (part instanceof TextPart text && text.text().isEmpty()) {
            return new WireBlock.Text("", AnthropicJson.object());
        }
        return PartMapper.assistantBlock(part, dropped);
    }

    /** Keeps the provider's id when there is one, so logs on both sides match. */
    static String messageId(@Nullable String responseId) {
        return responseId != null && !responseId.isBlank() ? responseId
                : "msg_" + UUID.randomUUID().toString().replace("-", "");
    }
}
