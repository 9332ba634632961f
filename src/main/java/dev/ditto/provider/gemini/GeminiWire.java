package dev.ditto.provider.gemini;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The JSON of the Generative Language API as records: requests are serialised without null
 * fields, responses are read ignoring fields this adapter does not know. Nothing outside the
 * package sees these types.
 *
 * <p>Opaque or open-ended values (tool arguments, grounding metadata, safety ratings, usage) stay
 * {@link JsonNode}s, because they are passed through rather than interpreted.
 */
final class GeminiWire {

    /** The one mapper of the adapter; thread-safe once configured. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .build();

    private GeminiWire() {
    }

    /** The body of {@code generateContent} and {@code streamGenerateContent}. */
    record GenerateContentRequest(
            List<Content> contents,
            @Nullable Content systemInstruction,
            @Nullable List<JsonNode> tools,
            @Nullable ToolConfig toolConfig,
            @Nullable JsonNode safetySettings,
            @Nullable GenerationConfig generationConfig,
            @Nullable String cachedContent) {
    }

    /** One turn: role {@code user} or {@code model}, and its parts. */
    record Content(@Nullable String role, @Nullable List<Part> parts) {
    }

    /** A union: exactly one of the content fields is set, plus an optional signature. */
    record Part(
            @Nullable String text,
            @Nullable Boolean thought,
            @Nullable String thoughtSignature,
            @Nullable Blob inlineData,
            @Nullable FileData fileData,
            @Nullable FunctionCall functionCall,
            @Nullable FunctionResponse functionResponse,
            @Nullable JsonNode executableCode,
            @Nullable JsonNode codeExecutionResult) {

        static Part text(String text, @Nullable String signature) {
            return new Part(text, null, signature, null, null, null, null, null, null);
        }

        static Part thought(String text, @Nullable String signature) {
            return new Part(text, Boolean.TRUE, signature, null, null, null, null, null, null);
        }

        static Part inline(String mimeType, String base64) {
            return new Part(null, null, null, new Blob(mimeType, base64), null, null, null, null, null);
        }

        static Part file(@Nullable String mimeType, String uri) {
            return new Part(null, null, null, null, new FileData(mimeType, uri), null, null, null, null);
        }

        static Part call(FunctionCall call, @Nullable String signature) {
            return new Part(null, null, signature, null, null, call, null, null, null);
        }

        static Part response(FunctionResponse response) {
            return new Part(null, null, null, null, null, null, response, null, null);
        }

        boolean isThought() {
            return Boolean.TRUE.equals(thought);
        }
    }

    /** Inline bytes, base64. */
    record Blob(String mimeType, String data) {
    }

    /** A file by URI: an uploaded file, a Cloud Storage object or a public URL. */
    record FileData(@Nullable String mimeType, String fileUri) {
    }

    /**
     * A function call: whole ({@code args}) or, on Vertex with argument streaming, in pieces
     * ({@code partialArgs}) across chunks while {@code willContinue} is true.
     */
    record FunctionCall(
            @Nullable String id,
            @Nullable String name,
            @Nullable JsonNode args,
            @Nullable List<PartialArg> partialArgs,
            @Nullable Boolean willContinue) {

        boolean continues() {
            return Boolean.TRUE.equals(willContinue);
        }
    }

    /** One streamed argument value at a JSON path; a string may continue in the next piece. */
    record PartialArg(
            @Nullable String jsonPath,
            @Nullable String stringValue,
            @Nullable JsonNode numberValue,
            @Nullable Boolean boolValue,
            @Nullable JsonNode nullValue,
            @Nullable Boolean willContinue) {

        boolean continues() {
            return Boolean.TRUE.equals(willContinue);
        }
    }

    /** The result of a function call, sent back by the application. */
    record FunctionResponse(@Nullable String id, String name, JsonNode response, @Nullable List<Part> parts) {
    }

    /** A declared function; {@code parameters} is in Gemini's OpenAPI schema subset. */
    record FunctionDeclaration(String name, @Nullable String description, @Nullable JsonNode parameters) {
    }

    /** The function declarations of a request, one tool entry. */
    record FunctionTool(List<FunctionDeclaration> functionDeclarations) {
    }

    /** Tool-use settings. */
    record ToolConfig(FunctionCallingConfig functionCallingConfig) {
    }

    /** AUTO, ANY or NONE, optionally restricted to some functions. */
    record FunctionCallingConfig(
            @Nullable String mode,
            @Nullable List<String> allowedFunctionNames,
            @Nullable Boolean streamFunctionCallArguments) {
    }

    /** Sampling, length, output-shape and thinking settings. */
    record GenerationConfig(
            @Nullable Double temperature,
            @Nullable Double topP,
            @Nullable Integer topK,
            @Nullable Integer maxOutputTokens,
            @Nullable List<String> stopSequences,
            @Nullable Integer seed,
            @Nullable Double presencePenalty,
            @Nullable Double frequencyPenalty,
            @Nullable String responseMimeType,
            @Nullable JsonNode responseSchema,
            @Nullable ThinkingConfig thinkingConfig) {
    }

    /** A thinking budget in tokens (Gemini 2.5) or a level (Gemini 3), and whether to return thoughts. */
    record ThinkingConfig(@Nullable Integer thinkingBudget, @Nullable String thinkingLevel, @Nullable Boolean includeThoughts) {
    }

    /** One response of {@code generateContent}, or one chunk of a stream. */
    record GenerateContentResponse(
            @Nullable List<Candidate> candidates,
            @Nullable JsonNode promptFeedback,
            @Nullable JsonNode usageMetadata,
            @Nullable String modelVersion,
            @Nullable String responseId,
            @Nullable String createTime) {

        @Nullable Candidate firstCandidate() {
            return candidates == null || candidates.isEmpty() ? null : candidates.get(0);
        }

        @Nullable String blockReason() {
            JsonNode reason = promptFeedback == null ? null : promptFeedback.get("blockReason");
            return reason == null || !reason.isTextual() ? null : reason.asText();
        }
    }

    /** One generated answer with why it stopped and what Google says about it. */
    record Candidate(
            @Nullable Content content,
            @Nullable String finishReason,
            @Nullable String finishMessage,
            @Nullable JsonNode safetyRatings,
            @Nullable JsonNode citationMetadata,
            @Nullable JsonNode groundingMetadata,
            @Nullable JsonNode urlContextMetadata) {

        List<Part> parts() {
            return content == null || content.parts() == null ? List.of() : content.parts();
        }
    }

    /** The body of {@code batchEmbedContents}. */
    record BatchEmbedRequest(List<EmbedContentRequest> requests) {
    }

    /** One text to embed. */
    record EmbedContentRequest(
            String model,
            Content content,
            @Nullable String taskType,
            @Nullable String title,
            @Nullable Integer outputDimensionality) {
    }

    /** The answer of {@code batchEmbedContents}: one embedding per request, in order. */
    record BatchEmbedResponse(@Nullable List<ContentEmbedding> embeddings, @Nullable JsonNode usageMetadata) {
    }

    /** One vector. */
    record ContentEmbedding(float @Nullable [] values) {
    }
}
