package dev.ditto.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
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
 * Decodes a legacy {@code text_completion} stream: one text block, then the finish part with the
 * last usage on {@code data: [DONE]}. One instance decodes one stream.
 */
final class CompletionStreamDecoder implements SseStreamDecoder {

    private static final String TEXT_ID = "text-0";

    private final OpenAiClient client;
    private final List<Warning> warnings;
    private final ErrorDetails details;
    private boolean started;
    private boolean textOpen;
    private boolean done;
    private @Nullable String finishReason;
    private @Nullable JsonNode usage;

    CompletionStreamDecoder(OpenAiClient client, List<Warning> warnings, ErrorDetails details) {
        this.client = client;
        this.warnings = List.copyOf(warnings);
        this.details = details;
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
        if (WireJson.present(node.get("error"))) {
            throw OpenAiErrorMapper.ofDefaults().mapStreamError(node.get("error"), details);
        }
        CompletionWire.Completion chunk = WireJson.convert(node, CompletionWire.Completion.class, details);
        start(chunk.id(), chunk.model(), sink);
        if (chunk.usage() != null && chunk.usage().isObject()) {
            usage = chunk.usage();
        }
        CompletionWire.Choice choice = chunk.firstChoice();
        if (choice == null) {
            return;
        }
        if (choice.text() != null && !choice.text().isEmpty()) {
            if (!textOpen) {
                textOpen = true;
                sink.accept(new StreamPart.TextStart(TEXT_ID, ProviderMetadata.empty()));
            }
            sink.accept(new StreamPart.TextDelta(TEXT_ID, choice.text()));
        }
        if (choice.finishReason() != null) {
            finishReason = choice.finishReason();
        }
    }

    @Override
    public void onEnd(Consumer<StreamPart> sink) {
        if (!done) {
            throw new StreamInterruptedException("the stream ended before data: [DONE]", details);
        }
    }

    private void start(@Nullable String id, @Nullable String model, Consumer<StreamPart> sink) {
        if (!started) {
            started = true;
            sink.accept(new StreamPart.StreamStart(warnings, id, model));
        }
    }

    private void finish(Consumer<StreamPart> sink) {
        start(null, null, sink);
        if (textOpen) {
            textOpen = false;
            sink.accept(new StreamPart.TextEnd(TEXT_ID, ProviderMetadata.empty()));
        }
        sink.accept(new StreamPart.Finish(ChatUsage.toUnified(usage, client.dialect()),
                ChatFinishReasons.toUnified(finishReason), finishReason, ProviderMetadata.empty()));
    }
}
