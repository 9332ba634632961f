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
 * A model behind OpenAI's Chat Completions API ({@code POST /chat/completions}), at OpenAI, at an
 * Azure deployment or at an OpenAI-compatible server, as its provider configured it.
 *
 * <p>Request mapping: messages with text, images (URL or inline), audio (wav/mp3), files (inline
 * or file id), tool calls and results; temperature, top_p, max tokens, stop, seed, penalties,
 * function tools with tool choice and parallel tool calls, response format (text, JSON object,
 * JSON schema), reasoning effort, user and metadata. What the format cannot carry (top_k at
 * OpenAI, a reasoning token budget, provider tools, reasoning in history) becomes a warning on
 * the result. Fields with no common name ({@code logprobs}, {@code logit_bias},
 * {@code service_tier}, {@code store}, {@code prediction}, ...) are passed in
 * {@code providerOptions} under the provider's name and copied into the body as given.
 *
 * <p>Streaming always asks for usage ({@code stream_options.include_usage}) where the dialect
 * allows. Instances are immutable and thread-safe.
 *
 * <pre>{@code
 * LanguageModel model = OpenAiProvider.builder().apiKey(key).build().languageModel("gpt-4.1-mini");
 * LanguageModelRequest request = LanguageModelRequest.builder()
 *         .message(Message.user("Weather in Paris?"))
 *         .tool(FunctionTool.of("get_weather", "Current weather", schema))
 *         .providerOptions("openai", JsonNodeFactory.instance.objectNode().put("service_tier", "flex"))
 *         .build();
 * LanguageModelResult result = model.generate(request);
 * }</pre>
 */
public final class OpenAiChatLanguageModel implements LanguageModel {

    private final OpenAiClient client;
    private final String modelId;

    OpenAiChatLanguageModel(OpenAiClient client, String modelId) {
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
        ChatRequestMapper.Mapped mapped = ChatRequestMapper.map(request, modelId, client, false);
        ErrorDetails details = client.details(modelId);
        TransportRequest http = client.post(modelId, OpenAiClient.CHAT_PATH, mapped.body());
        return AsyncCalls.map(client.transport().send(http), response -> ChatResultMapper.map(
                WireJson.read(response.bodyStream(), ChatResponseWire.Completion.class, details),
                mapped.warnings(), client, details));
    }

    @Override
    public Flow.Publisher<StreamPart> stream(LanguageModelRequest request) {
        ChatRequestMapper.Mapped mapped = ChatRequestMapper.map(request, modelId, client, true);
        ErrorDetails details = client.details(modelId);
        TransportRequest http = client.post(modelId, OpenAiClient.CHAT_PATH, mapped.body());
        return client.transport().streamParts(http, () -> new ChatStreamDecoder(client, mapped.warnings(), details));
    }

    @Override
    public String toString() {
        return "OpenAiChatLanguageModel[provider=" + client.provider() + ", model=" + modelId + "]";
    }
}
