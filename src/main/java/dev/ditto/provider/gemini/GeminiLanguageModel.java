package dev.ditto.provider.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.LanguageModel;
import dev.ditto.sdk.LanguageModelRequest;
import dev.ditto.sdk.LanguageModelResult;
import dev.ditto.sdk.SdkException;
import dev.ditto.sdk.StreamPart;
import dev.ditto.sdk.StreamPublishers;
import dev.ditto.sdk.UnexpectedResponseException;
import dev.ditto.sdk.http.TransportRequest;
import dev.ditto.sdk.http.TransportResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * A Gemini model called through {@code generateContent} and
 * {@code streamGenerateContent?alt=sse}.
 *
 * <p>Requests are mapped by a stateless mapper, answers by the response mapper or a fresh stream
 * decoder per subscription; what the request asks for that Gemini cannot express comes back as
 * warnings. Function calls get generated ids ({@code call_<response>_<n>}) because Gemini sends
 * none; thought signatures ride in each part's {@code ProviderMetadata} under {@code "gemini"}
 * and are sent back on the next turn. Thread-safe; get instances from
 * {@link GeminiProvider#languageModel(String)}.
 *
 * <pre>{@code
 * LanguageModelResult result = gemini.languageModel("gemini-2.5-flash").generate(LanguageModelRequest.builder()
 *         .message(Message.system("Answer in one word."))
 *         .message(Message.user("Capital of France?"))
 *         .reasoningBudgetTokens(1024)
 *         .build());
 * }</pre>
 */
public final class GeminiLanguageModel implements LanguageModel {

    private final GeminiProvider provider;
    private final String modelId;

    GeminiLanguageModel(GeminiProvider provider, String modelId) {
        this.provider = provider;
        this.modelId = modelId;
    }

    @Override
    public String provider() {
        return GeminiProvider.NAME;
    }

    @Override
    public String modelId() {
        return modelId;
    }

    @Override
    public CompletableFuture<LanguageModelResult> generateAsync(LanguageModelRequest request) {
        ErrorDetails details = ErrorDetails.of(GeminiProvider.NAME, modelId);
        GeminiRequestMapper.Mapped mapped;
        TransportRequest call;
        try {
            mapped = GeminiRequestMapper.map(request, modelId, details);
            call = provider.request(modelId, "generateContent", false, json(mapped.body(), details));
        } catch (SdkException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<TransportResponse> sent = provider.transport().send(call);
        CompletableFuture<LanguageModelResult> result = new CompletableFuture<>();
        sent.whenComplete((response, failure) -> {
            if (failure != null) {
                result.completeExceptionally(provider.refine(failure));
                return;
            }
            try {
                result.complete(GeminiResponseMapper.toResult(response.bodyStream(), mapped.warnings(), details));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        // Cancelling the caller's future ends the exchange; a no-op once the exchange is done.
        result.whenComplete((value, failure) -> sent.cancel(true));
        return result;
    }

    @Override
    public Flow.Publisher<StreamPart> stream(LanguageModelRequest request) {
        ErrorDetails details = ErrorDetails.of(GeminiProvider.NAME, modelId);
        GeminiRequestMapper.Mapped mapped;
        TransportRequest call;
        try {
            mapped = GeminiRequestMapper.map(request, modelId, details);
            call = provider.request(modelId, "streamGenerateContent", true, json(mapped.body(), details));
        } catch (SdkException e) {
            return StreamPublishers.failed(e);
        }
        Flow.Publisher<StreamPart> parts = provider.transport().streamParts(call,
                () -> new GeminiStreamDecoder(mapped.warnings(), mapped.includeRawChunks(), details));
        return GeminiPublishers.refiningErrors(parts, provider::refine);
    }

    static String json(ObjectNode body, ErrorDetails details) {
        try {
            return GeminiWire.JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new UnexpectedResponseException("could not write the Gemini request: " + e.getMessage(), details, e);
        }
    }

    @Override
    public String toString() {
        return "GeminiLanguageModel[" + modelId + "]";
    }
}
