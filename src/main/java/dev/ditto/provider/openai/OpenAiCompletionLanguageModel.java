package dev.ditto.provider.openai;

import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.LanguageModel;
import dev.ditto.sdk.LanguageModelRequest;
import dev.ditto.sdk.LanguageModelResult;
import dev.ditto.sdk.StreamPart;
import dev.ditto.sdk.http.TransportRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * A model behind the legacy text-completions API ({@code POST /completions}), such as
 * {@code gpt-3.5-turbo-instruct}: the conversation is flattened into one prompt and the answer
 * is text only. Chat-only settings become warnings.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * <pre>{@code
 * LanguageModel instruct = OpenAiProvider.builder().apiKey(key).build()
 *         .completionModel("gpt-3.5-turbo-instruct");
 * String text = instruct.generate("Write a haiku about tea").text();
 * }</pre>
 */
public final class OpenAiCompletionLanguageModel implements LanguageModel {

    private final OpenAiClient client;
    private final String modelId;

    OpenAiCompletionLanguageModel(OpenAiClient client, String modelId) {
        this.client = client;
        this.modelId = modelId;
    }

    @Override
    public String provider() {
        return client.provider();
    }

    @Override
    public String modelId() {
        return modelId;
    }

    @Override
    public CompletableFuture<LanguageModelResult> generateAsync(LanguageModelRequest request) {
        ChatRequestMapper.Mapped mapped = CompletionMapper.map(request, modelId, client, false);
        ErrorDetails details = client.details(modelId);
        TransportRequest http = client.post(modelId, OpenAiClient.COMPLETIONS_PATH, mapped.body());
        return AsyncCalls.map(client.transport().send(http), response -> CompletionMapper.result(
                WireJson.read(response.bodyStream(), CompletionWire.Completion.class, details),
                mapped.warnings(), client, details));
    }

    @Override
    public Flow.Publisher<StreamPart> stream(LanguageModelRequest request) {
        ChatRequestMapper.Mapped mapped = CompletionMapper.map(request, modelId, client, true);
        ErrorDetails details = client.details(modelId);
        TransportRequest http = client.post(modelId, OpenAiClient.COMPLETIONS_PATH, mapped.body());
        return client.transport().streamParts(http,
                () -> new CompletionStreamDecoder(client, mapped.warnings(), details));
    }

    @Override
    public String toString() {
        return "OpenAiCompletionLanguageModel[provider=" + client.provider() + ", model=" + modelId + "]";
    }
}
