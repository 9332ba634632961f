package dev.ditto.provider.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.provider.gemini.GeminiWire.Candidate;
import dev.ditto.provider.gemini.GeminiWire.FunctionCall;
import dev.ditto.provider.gemini.GeminiWire.GenerateContentResponse;
import dev.ditto.provider.gemini.GeminiWire.PartialArg;
import dev.ditto.provider.gemini.GeminiWire.Part;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.FinishReason;
import dev.ditto.sdk.StreamInterruptedException;
import dev.ditto.sdk.StreamPart;
import dev.ditto.sdk.UnexpectedResponseException;
import dev.ditto.sdk.Warning;
import dev.ditto.sdk.http.SseEvent;
import dev.ditto.sdk.http.SseStreamDecoder;
import dev.ditto.sdk.message.ContentPart;
import dev.ditto.sdk.message.ProviderMetadata;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Decodes {@code streamGenerateContent?alt=sse}: data-only events, each a whole
 * {@code GenerateContentResponse}, with no end marker.
 *
 * <p>Consecutive text parts form one text block and consecutive {@code thought} parts one
 * reasoning block; a part carrying a {@code thoughtSignature} closes its block with the signature
 * in the end part's metadata. Every function call becomes tool-input start, delta(s) and end,
 * then a tool call with a generated id; Vertex calls streamed as {@code partialArgs} are written
 * out piece by piece ({@link PartialArgsWriter}) until a piece without {@code willContinue}.
 * Usage is cumulative in Gemini chunks, so the last counts win. The stream ends with the
 * connection: a close after a {@code finishReason} (or a prompt block) gives the finish part, a
 * close before it is an interrupted stream. One instance per stream; not thread-safe.
 */
final class GeminiStreamDecoder implements SseStreamDecoder {

    private final List<Warning> warnings;
    private final boolean includeRaw;
    private final ErrorDetails details;
    private final ObjectNode metadata = GeminiWire.JSON.createObjectNode();
    private GeminiResults.@Nullable CallIds ids;
    private @Nullable String blockId;
    private boolean blockIsReasoning;
    private int blocks;
    private @Nullable StreamedCall call;
    private boolean sawToolCall;
    private @Nullable JsonNode usage;
    private @Nullable String finishReason;
    private @Nullable String blockReason;

    /** A function call whose arguments are still arriving. */
    private static final class StreamedCall {
        private final String id;
        private final String name;
        private final PartialArgsWriter writer;
        private @Nullable String signature;

        private StreamedCall(String id, String name, PartialArgsWriter writer, @Nullable String signature) {
            this.id = id;
            this.name = name;
            this.writer = writer;
            this.signature = signature;
        }
    }

    GeminiStreamDecoder(List<Warning> warnings, boolean includeRaw, ErrorDetails details) {
        this.warnings = List.copyOf(warnings);
        this.includeRaw = includeRaw;
        this.details = details;
    }

    @Override
    public void onEvent(SseEvent event, Consumer<StreamPart> sink) {
        if (event.isDone()) {
            // Gemini sends no end marker, but proxies that speak OpenAI's framing append one.
            return;
        }
        JsonNode chunk = parse(event.data());
        JsonNode error = chunk.get("error");
        if (error != null && error.isObject()) {
            throw GeminiErrorMapper.ofDefaults().mapStreamError(error, details);
        }
        GenerateContentResponse response = read(chunk);
        if (ids == null) {
            ids = GeminiResults.CallIds.forResponse(response.responseId());
            sink.accept(new StreamPart.StreamStart(warnings, response.responseId(), response.modelVersion()));
        }
        if (includeRaw) {
            sink.accept(new StreamPart.Raw(chunk));
        }
        if (GeminiResults.hasCounts(response.usageMetadata())) {
            usage = response.usageMetadata();
        }
        if (response.promptFeedback() != null) {
            metadata.set("promptFeedback", response.promptFeedback());
            blockReason = response.blockReason() != null ? response.blockReason() : blockReason;
        }
        Candidate candidate = response.firstCandidate();
        if (candidate != null) {
            for (Part part : candidate.parts()) {
                part(part, sink);
            }
            GeminiResults.collectMetadata(candidate, metadata);
            finishReason = candidate.finishReason() != null ? candidate.finishReason() : finishReason;
        }
    }

    @Override
    public void onEnd(Consumer<StreamPart> sink) {
        if (finishReason == null && blockReason == null) {
            throw new StreamInterruptedException("the Gemini stream ended before a finishReason: "
                    + "the connection closed before the answer was complete", details);
        }
        finishCall(sink);
        closeBlock(sink);
        FinishReason unified = finishReason != null ? GeminiResults.finishReason(finishReason, sawToolCall)
                : FinishReason.CONTENT_FILTER;
        sink.accept(new StreamPart.Finish(GeminiResults.usage(usage), unified,
                finishReason != null ? finishReason : blockReason, GeminiResults.metadata(metadata)));
    }

    private JsonNode parse(String data) {
        try {
            JsonNode chunk = GeminiWire.JSON.readTree(data);
            if (chunk == null || !chunk.isObject()) {
                throw new UnexpectedResponseException("a Gemini stream chunk is not a JSON object: " + snippet(data),
                        details);
            }
            return chunk;
        } catch (JsonProcessingException e) {
            throw new UnexpectedResponseException("a Gemini stream chunk is not valid JSON: " + snippet(data), details, e);
        }
    }

    private GenerateContentResponse read(JsonNode chunk) {
        try {
            return GeminiWire.JSON.treeToValue(chunk, GenerateContentResponse.class);
        } catch (JsonProcessingException e) {
            throw new UnexpectedResponseException("a Gemini stream chunk has an unexpected shape: "
                    + e.getOriginalMessage(), details, e);
        }
    }

    private void part(Part part, Consumer<StreamPart> sink) {
        if (part.functionCall() != null) {
            functionCall(part.functionCall(), part.thoughtSignature(), sink);
        } else if (part.text() != null || (part.thoughtSignature() != null && GeminiResults.otherPart(part) == null)) {
            finishCall(sink);
            text(part.text() == null ? "" : part.text(), part.isThought(), part.thoughtSignature(), sink);
        } else {
            ContentPart other = GeminiResults.otherPart(part);
            if (other != null) {
                finishCall(sink);
                closeBlock(sink);
                sink.accept(new StreamPart.Content(other));
            }
        }
    }

    private void text(String text, boolean reasoning, @Nullable String signature, Consumer<StreamPart> sink) {
        if (text.isEmpty() && signature == null) {
            return;
        }
        String id = blockId;
        if (id == null || blockIsReasoning != reasoning) {
            closeBlock(sink);
            id = (reasoning ? "reasoning-" : "text-") + blocks++;
            blockId = id;
            blockIsReasoning = reasoning;
            sink.accept(reasoning ? new StreamPart.ReasoningStart(id, ProviderMetadata.empty())
                    : new StreamPart.TextStart(id, ProviderMetadata.empty()));
        }
        if (!text.isEmpty()) {
            sink.accept(reasoning ? new StreamPart.ReasoningDelta(id, text, ProviderMetadata.empty())
                    : new StreamPart.TextDelta(id, text));
        }
        if (signature != null) {
            end(id, reasoning, GeminiMedia.withSignature(signature), sink);
        }
    }

    private void closeBlock(Consumer<StreamPart> sink) {
        if (blockId != null) {
            end(blockId, blockIsReasoning, ProviderMetadata.empty(), sink);
        }
    }

    private void end(String id, boolean reasoning, ProviderMetadata endMetadata, Consumer<StreamPart> sink) {
        sink.accept(reasoning ? new StreamPart.ReasoningEnd(id, endMetadata) : new StreamPart.TextEnd(id, endMetadata));
        blockId = null;
    }

    private void functionCall(FunctionCall functionCall, @Nullable String signature, Consumer<StreamPart> sink) {
        closeBlock(sink);
        List<PartialArg> pieces = functionCall.partialArgs() == null ? List.of() : functionCall.partialArgs();
        String name = functionCall.name();
        if (name != null && !name.isEmpty()) {
            finishCall(sink);
            String id = nextId(functionCall.id());
            sink.accept(new StreamPart.ToolInputStart(id, name));
            sawToolCall = true;
            if (!functionCall.continues() && pieces.isEmpty()) {
                String arguments = functionCall.args() == null ? "{}" : functionCall.args().toString();
                sink.accept(new StreamPart.ToolInputDelta(id, arguments));
                sink.accept(new StreamPart.ToolInputEnd(id));
                sink.accept(new StreamPart.ToolCall(id, name, arguments, GeminiMedia.withSignature(signature)));
                return;
            }
            call = new StreamedCall(id, name, new PartialArgsWriter(details), signature);
        }
        StreamedCall open = call;
        if (open == null) {
            if (!pieces.isEmpty()) {
                throw new UnexpectedResponseException("a Gemini stream sent function call arguments before the "
                        + "call's name", details);
            }
            return;
        }
        if (signature != null && open.signature == null) {
            open.signature = signature;
        }
        for (PartialArg piece : pieces) {
            String delta = open.writer.apply(piece);
            if (!delta.isEmpty()) {
                sink.accept(new StreamPart.ToolInputDelta(open.id, delta));
            }
        }
        if (!functionCall.continues()) {
            finishCall(sink);
        }
    }

    private void finishCall(Consumer<StreamPart> sink) {
        StreamedCall open = call;
        if (open == null) {
            return;
        }
        call = null;
        String tail = open.writer.finish();
        if (!tail.isEmpty()) {
            sink.accept(new StreamPart.ToolInputDelta(open.id, tail));
        }
        sink.accept(new StreamPart.ToolInputEnd(open.id));
        sink.accept(new StreamPart.ToolCall(open.id, open.name, open.writer.text(),
                GeminiMedia.withSignature(open.signature)));
    }

    private String nextId(@Nullable String explicit) {
        return Objects.requireNonNull(ids, "ids are made with the first chunk").next(explicit);
    }

    private static String snippet(String data) {
        return data.length() <= 200 ? data : data.substring(0, 200) + "...";
    }
}
