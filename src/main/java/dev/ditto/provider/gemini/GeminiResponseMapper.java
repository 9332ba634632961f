package dev.ditto.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.provider.gemini.GeminiWire.Candidate;
import dev.ditto.provider.gemini.GeminiWire.FunctionCall;
import dev.ditto.provider.gemini.GeminiWire.GenerateContentResponse;
import dev.ditto.provider.gemini.GeminiWire.Part;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.FinishReason;
import dev.ditto.sdk.LanguageModelResult;
import dev.ditto.sdk.UnexpectedResponseException;
import dev.ditto.sdk.Warning;
import dev.ditto.sdk.message.ContentPart;
import dev.ditto.sdk.message.ProviderMetadata;
import dev.ditto.sdk.message.ReasoningPart;
import dev.ditto.sdk.message.TextPart;
import dev.ditto.sdk.message.ToolCallPart;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Maps the answer of {@code generateContent} to a {@link LanguageModelResult}: the first
 * candidate's parts in order (text, {@code thought} text as reasoning, function calls with
 * generated ids, media, code execution as provider parts), each carrying its thought signature
 * in its metadata; a prompt blocked before generation becomes an empty content-filter result.
 * Stateless and thread-safe.
 */
final class GeminiResponseMapper {

    private GeminiResponseMapper() {
    }

    /**
     * Parses and maps a response body.
     *
     * @param body the JSON body
     * @param warnings the request's warnings
     * @param details the caller, for exceptions
     * @return the result
     * @throws UnexpectedResponseException if the body is not a Gemini response
     */
    static LanguageModelResult toResult(InputStream body, List<Warning> warnings, ErrorDetails details) {
        GenerateContentResponse response;
        try {
            JsonNode tree = GeminiWire.JSON.readTree(body);
            if (tree == null || !tree.isObject()) {
                throw new UnexpectedResponseException("Gemini answered with something other than a JSON object", details);
            }
            response = GeminiWire.JSON.treeToValue(tree, GenerateContentResponse.class);
        } catch (IOException e) {
            throw new UnexpectedResponseException("Gemini answered with malformed JSON: " + e.getMessage(), details, e);
        }
        return toResult(response, warnings);
    }

    /**
     * Maps a parsed response.
     *
     * @param response the response
     * @param warnings the request's warnings
     * @return the result
     */
    static LanguageModelResult toResult(GenerateContentResponse response, List<Warning> warnings) {
        LanguageModelResult.Builder result = LanguageModelResult.builder()
                .usage(GeminiResults.usage(response.usageMetadata()))
                .responseId(response.responseId())
                .modelId(response.modelVersion())
                .createdAt(instant(response.createTime()));
        warnings.forEach(result::addWarning);
        ObjectNode metadata = GeminiWire.JSON.createObjectNode();
        if (response.promptFeedback() != null) {
            metadata.set("promptFeedback", response.promptFeedback());
        }
        Candidate candidate = response.firstCandidate();
        if (candidate == null) {
            String blocked = response.blockReason();
            FinishReason reason = blocked != null ? FinishReason.CONTENT_FILTER : FinishReason.OTHER;
            return result.finishReason(reason, blocked).providerMetadata(GeminiResults.metadata(metadata)).build();
        }
        GeminiResults.CallIds ids = GeminiResults.CallIds.forResponse(response.responseId());
        boolean hasToolCalls = false;
        for (Part part : candidate.parts()) {
            ContentPart content = contentPart(part, ids);
            if (content != null) {
                result.addContent(content);
                hasToolCalls |= content instanceof ToolCallPart;
            }
        }
        GeminiResults.collectMetadata(candidate, metadata);
        return result.finishReason(GeminiResults.finishReason(candidate.finishReason(), hasToolCalls),
                        candidate.finishReason())
                .providerMetadata(GeminiResults.metadata(metadata))
                .build();
    }

    private static @Nullable ContentPart contentPart(Part part, GeminiResults.CallIds ids) {
        ProviderMetadata signature = GeminiMedia.withSignature(part.thoughtSignature());
        FunctionCall call = part.functionCall();
        if (call != null && call.name() != null) {
            String arguments = call.args() == null ? "{}" : call.args().toString();
            return new ToolCallPart(ids.next(call.id()), call.name(), arguments, signature);
        }
        String text = part.text();
        if (text != null && part.isThought()) {
            return new ReasoningPart(text, part.thoughtSignature(), null, signature);
        }
        if (text != null) {
            return text.isEmpty() && part.thoughtSignature() == null ? null : new TextPart(text, signature);
        }
        ContentPart other = GeminiResults.otherPart(part);
        if (other == null && part.thoughtSignature() != null) {
            // A signature on a part of its own: keep it so that it goes back on the next turn.
            return new TextPart("", signature);
        }
        return other;
    }

    private static @Nullable Instant instant(@Nullable String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
