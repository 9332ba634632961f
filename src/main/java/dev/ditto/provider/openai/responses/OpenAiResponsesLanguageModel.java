package dev.ditto.provider.openai.responses;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.LanguageModel;
import dev.ditto.sdk.LanguageModelRequest;
import dev.ditto.sdk.LanguageModelResult;
import dev.ditto.sdk.StreamPart;
import dev.ditto.sdk.UnexpectedResponseException;
import dev.ditto.sdk.http.TransportResponse;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * A model called through the OpenAI Responses API. Requests are mapped to a
 * {@code POST /v1/responses} body; answers come back as text, reasoning (with the item id and
 * encrypted content needed to send it back), tool calls, and built-in tool items as
 * {@link dev.ditto.sdk.message.ProviderPart}s.
 *
 * <p>Responses-only parameters go in the {@code openai} provider options under their wire names,
 * for example {@code {"store": false, "include": ["reasoning.encrypted_content"],
 * "previous_response_id": "resp_...", "reasoning": {"summary": "auto"}}}; options the API does not
 * know are dropped with a warning.
 *
 * <p>Thread-safe; obtain instances from {@link OpenAiResponsesProvider#languageModel(String)}.
 *
 * <pre>{@code
 * LanguageModelResult result = openai.languageModel("gpt-5-mini").generate(LanguageModelRequest.builder()
 *         .message(Message.user("What is 12 * 7?"))
 *         .reasoningEffort(ReasoningEffort.LOW)
 *         .build());
 * }</pre>
 */
public final class OpenAiResponsesLanguageModel implements LanguageModel {

    private final String modelId;
    private final OpenAiResponsesProvider provider;

    OpenAiResponsesLanguageModel(String modelId, OpenAiResponsesProvider provider) {
        this.modelId = modelId;
        this.provider = provider;
    }

    @Override
    public String provider() {
        return OpenAiResponsesProvider.NAME;
    }

    @Override
    public String modelId() {
        return modelId;
    }

    @Override
    public CompletableFuture<LanguageModelResult> generateAsync(LanguageModelRequest request) {
        Objects.requireNonNull(request, "request");
        ResponsesRequestMapper.Mapped mapped = ResponsesRequestMapper.map(modelId, request, false);
        ErrorDetails details = ErrorDetails.of(provider(), modelId);
        return provider.transport().send(provider.request(modelId, Json.write(mapped.body()), false))
                .thenApply(response -> ResponsesResultMapper.map(parse(response, details), mapped.warnings(),
                        mapped.functionTools(), details));
    }

    @Override
    public Flow.Publisher<StreamPart> stream(LanguageModelRequest request) {
        Objects.requireNonNull(request, "request");
        ResponsesRequestMapper.Mapped mapped = ResponsesRequestMapper.map(modelId, request, true);
        ErrorDetails details = ErrorDetails.of(provider(), modelId);
        return provider.transport().streamParts(provider.request(modelId, Json.write(mapped.body()), true),
                () -> new ResponsesStreamDecoder(mapped.warnings(), mapped.functionTools(), details));
    }

    private static JsonNode parse(TransportResponse response, ErrorDetails details) {
        try {
            return Json.MAPPER.readTree(response.bodyStream());
        } catch (IOException e) {
            throw new UnexpectedResponseException("the Responses API answer is not JSON: " + e.getMessage(),
                    details.withStatus(response.status()), e);
        }
    }

    @Override
    public String toString() {
        return "OpenAiResponsesLanguageModel[" + modelId + "]";
    }
}
