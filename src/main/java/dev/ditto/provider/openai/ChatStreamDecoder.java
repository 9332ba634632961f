package dev.ditto.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.StreamInterruptedException;
import dev.ditto.sdk.StreamPart;
import dev.ditto.sdk.Warning;
import dev.ditto.sdk.http.SseEvent;
import dev.ditto.sdk.http.SseStreamDecoder;
import dev.ditto.sdk.message.ProviderMetadata;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Decodes a {@code chat.completion.chunk} stream into stream parts: a start part on the first
 * chunk; reasoning ({@code reasoning_content}, {@code reasoning} or Mistral {@code thinking}
 * parts), text and refusal blocks, each closed when another kind begins; tool calls through
 * {@link StreamingToolCalls}; and the finish part on {@code data: [DONE]}, carrying the last usage
 * seen (a {@code choices: []} chunk, the finish chunk, or Groq's {@code x_groq.usage}).
 *
 * <p>An {@code {"error":...}} chunk, malformed JSON, or a body that ends before {@code [DONE]}
 * (before the finish reason, for lenient dialects) ends the stream with an error. One instance
 * decodes one stream.
 */
final class ChatStreamDecoder implements SseStreamDecoder {

    private final OpenAiClient client;
    private final List<Warning> warnings;
    private final ErrorDetails details;
    private final StreamingToolCalls toolCalls;
    private final ObjectNode metadata = WireJson.MAPPER.createObjectNode();
    private boolean started;
    private boolean done;
    private int blocks;
    private @Nullable String textId;
    private boolean textIsRefusal;
    private @Nullable String reasoningId;
    private @Nullable String finishReason;
    private @Nullable JsonNode usage;
    private @Nullable ArrayNode logprobs;

    ChatStreamDecoder(OpenAiClient client, List<Warning> warnings, ErrorDetails details) {
        this.client = client;
        this.warnings = List.copyOf(warnings);
        this.details = details;
        this.toolCalls = new StreamingToolCalls(details);
    }

    @Override
    public void onEvent(SseEvent event, Consumer<StreamPart> sink) {
        if (done) {
            return;
        }
        if (event.isDone()) {
            done = true;
            finish(sink);
            return;
        }
        JsonNode node = WireJson.readEvent(event.data(), details);
        JsonNode error = node.get("error");
        if (WireJson.present(error)) {
            throw OpenAiErrorMapper.ofDefaults().mapStreamError(error, details);
        }
        ChatResponseWire.Completion chunk = WireJson.convert(node, ChatResponseWire.Completion.class, details);
        // Azure opens with a chunk of prompt filter results only: no id, no model, no choices.
        boolean identified = chunk.id() != null && !chunk.id().isBlank();
        if (!started && (identified || (chunk.choices() != null && !chunk.choices().isEmpty()))) {
            started = true;
            sink.accept(new StreamPart.StreamStart(warnings, identified ? chunk.id() : null,
                    chunk.model() == null || chunk.model().isBlank() ? null : chunk.model()));
        }
        metadata.setAll(ChatResultMapper.responseMetadata(chunk));
        if (chunk.effectiveUsage() != null) {
            usage = chunk.effectiveUsage();
        }
        ChatResponseWire.Choice choice = chunk.firstChoice();
        if (choice == null) {
            return;
        }
        if (choice.delta() != null) {
            delta(choice.delta(), sink);
        }
        collectLogprobs(choice.logprobs());
        if (choice.finishReason() != null) {
            finishReason = choice.finishReason();
            closeBlocks(sink);
        }
    }

    @Override
    public void onEnd(Consumer<StreamPart> sink) {
        if (done) {
            return;
        }
        if (finishReason != null && !client.dialect().requireDoneMarker()) {
            finish(sink);
            return;
        }
        throw new StreamInterruptedException("the stream ended before data: [DONE]"
                + (finishReason == null ? " and before a finish reason" : ""), details);
    }

    private void delta(ChatResponseWire.Message delta, Consumer<StreamPart> sink) {
        String reasoning = delta.reasoningText(client.dialect().reasoningField());
        if (reasoning != null && !reasoning.isEmpty()) {
            reasoning(reasoning, sink);
        }
        JsonNode content = delta.content();
        if (content != null && content.isTextual() && !content.asText().isEmpty()) {
            text(content.asText(), false, sink);
        } else if (content != null && content.isArray()) {
            MistralContent.forEach(content, (thinking, text) -> {
                if (thinking) {
                    reasoning(text, sink);
                } else {
                    text(text, false, sink);
                }
            });
        }
        if (delta.refusal() != null && !delta.refusal().isEmpty()) {
            text(delta.refusal(), true, sink);
        }
        if (delta.toolCalls() != null && !delta.toolCalls().isEmpty()) {
            closeText(sink);
            closeReasoning(sink);
            delta.toolCalls().forEach(fragment -> toolCalls.accept(fragment, sink));
        }
        if (delta.functionCall() != null) {
            closeText(sink);
            closeReasoning(sink);
            toolCalls.acceptLegacy(delta.functionCall(), sink);
        }
    }

    private void reasoning(String text, Consumer<StreamPart> sink) {
        closeText(sink);
        if (reasoningId == null) {
            reasoningId = "reasoning-" + blocks++;
            sink.accept(new StreamPart.ReasoningStart(reasoningId, ProviderMetadata.empty()));
        }
        sink.accept(new StreamPart.ReasoningDelta(reasoningId, text, ProviderMetadata.empty()));
    }

    private void text(String text, boolean refusal, Consumer<StreamPart> sink) {
        closeReasoning(sink);
        if (textId != null && textIsRefusal != refusal) {
            closeText(sink);
        }
        if (textId == null) {
            textId = "text-" + blocks++;
            textIsRefusal = refusal;
            sink.accept(new StreamPart.TextStart(textId,
                    refusal ? ChatResultMapper.refusalMetadata(client.provider()) : ProviderMetadata.empty()));
        }
        sink.accept(new StreamPart.TextDelta(textId, text));
    }

    private void closeText(Consumer<StreamPart> sink) {
        if (textId != null) {
            sink.accept(new StreamPart.TextEnd(textId, ProviderMetadata.empty()));
            textId = null;
        }
    }

    private void closeReasoning(Consumer<StreamPart> sink) {
        if (reasoningId != null) {
            sink.accept(new StreamPart.ReasoningEnd(reasoningId, ProviderMetadata.empty()));
            reasoningId = null;
        }
    }

    private void closeBlocks(Consumer<StreamPart> sink) {
        closeReasoning(sink);
        closeText(sink);
        toolCalls.finish(sink);
    }

    private void collectLogprobs(@Nullable JsonNode choiceLogprobs) {
        JsonNode content = choiceLogprobs == null ? null : choiceLogprobs.get("content");
        if (content != null && content.isArray()) {
            if (logprobs == null) {
                logprobs = metadata.putObject("logprobs").putArray("content");
            }
            logprobs.addAll((ArrayNode) content);
        }
    }

    private void finish(Consumer<StreamPart> sink) {
        if (!started) {
            started = true;
            sink.accept(new StreamPart.StreamStart(warnings, null, null));
        }
        closeBlocks(sink);
        sink.accept(new StreamPart.Finish(ChatUsage.toUnified(usage, client.dialect()),
                ChatFinishReasons.toUnified(finishReason), finishReason,
                ProviderMetadata.of(client.provider(), metadata)));
    }
}
