package dev.ditto.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.LanguageModel;
import dev.ditto.sdk.LanguageModelRequest;
import dev.ditto.sdk.LanguageModelResult;
import dev.ditto.sdk.SdkException;
import dev.ditto.sdk.StreamPart;
import dev.ditto.sdk.StreamPublishers;
import dev.ditto.sdk.TokenCounter;
import dev.ditto.sdk.UnexpectedResponseException;
import dev.ditto.sdk.http.TransportRequest;
import dev.ditto.sdk.http.TransportResponse;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * A Claude model behind Anthropic's Messages API ({@code POST /v1/messages}).
 *
 * <p>Settings Anthropic cannot honour become warnings on the result: seed and penalties are not
 * sent, {@code max_tokens} gets {@link AnthropicProvider#DEFAULT_MAX_TOKENS} when unset, a
 * reasoning effort becomes a thinking budget, and a JSON response format becomes the synthetic
 * {@code json} tool whose input is returned as the text (or, with the provider option {@code
 * structuredOutputMode: "outputFormat"}, {@code output_config.format}). Provider options under
 * {@code anthropic}: {@code thinking} (a raw object), {@code betas} (added to {@code
 * anthropic-beta}), {@code structuredOutputMode}, {@code metadata}, and the body parameters
 * {@code service_tier}, {@code container}, {@code context_management}, {@code mcp_servers},
 * {@code output_config}, {@code output_format}, {@code inference_geo}, {@code cache_control},
 * {@code speed} and {@code diagnostics}, sent verbatim.
 *
 * <p>{@link #countTokensAsync} asks Anthropic's {@code POST /v1/messages/count_tokens} for the
 * exact input size of a request, sent with the same headers as a message.
 *
 * <p>Thread-safe; instances come from {@link AnthropicProvider#languageModel(String)}.
 */
public final class AnthropicLanguageModel implements LanguageModel, TokenCounter {

    private final AnthropicProvider provider;
    private final String modelId;

    AnthropicLanguageModel(AnthropicProvider provider, String modelId) {
        this.provider = provider;
        this.modelId = modelId;
    }

    @Override
    public String provider() {
        return AnthropicProvider.NAME;
    }

    @Override
    public String modelId() {
        return modelId;
    }

    @Override
    public CompletableFuture<LanguageModelResult> generateAsync(LanguageModelRequest request) {
        RequestMapper.Mapped mapped;
        try {
            mapped = RequestMapper.map(request, modelId, provider.defaultMaxTokens(), false);
        } catch (SdkException e) {
            return CompletableFuture.failedFuture(e);
        }
        return provider.transport().send(httpRequest(provider.messagesUri(), mapped, mapped.body().toJson()))
                .thenApply(response -> toResult(response, mapped));
    }

    @Override
    public CompletableFuture<Long> countTokensAsync(LanguageModelRequest request) {
        RequestMapper.Mapped mapped;
        try {
            mapped = RequestMapper.map(request, modelId, provider.defaultMaxTokens(), false);
        } catch (SdkException e) {
            return CompletableFuture.failedFuture(e);
        }
        ObjectNode body = mapped.body().toJson();
        // count_tokens refuses what only shapes the output (max_tokens, sampling, metadata, service_tier, ...).
        body.retain(EdgeRequestMapper.COUNT_TOKENS_PARAMS);
        return provider.transport().send(httpRequest(provider.countTokensUri(), mapped, body))
                .thenApply(this::inputTokens);
    }

    private Long inputTokens(TransportResponse response) {
        JsonNode tokens;
        try {
            tokens = AnthropicJson.parse(response.bodyText(), "response").path("input_tokens");
        } catch (WireFormatException e) {
            throw new UnexpectedResponseException("Anthropic answered count_tokens with unreadable JSON: "
                    + e.getMessage(), details().withStatus(response.status()), e);
        }
        if (!tokens.canConvertToLong() || !tokens.isIntegralNumber() || tokens.asLong() < 0) {
            throw new UnexpectedResponseException("Anthropic answered count_tokens without a non-negative"
                    + " input_tokens: " + AnthropicJson.describe(tokens), details().withStatus(response.status()));
        }
        return tokens.asLong();
    }

    @Override
    public Flow.Publisher<StreamPart> stream(LanguageModelRequest request) {
        RequestMapper.Mapped mapped;
        try {
            mapped = RequestMapper.map(request, modelId, provider.defaultMaxTokens(), true);
        } catch (SdkException e) {
            return StreamPublishers.failed(e);
        }
        return provider.transport().streamParts(httpRequest(provider.messagesUri(), mapped, mapped.body().toJson()),
                () -> new AnthropicStreamDecoder(mapped.warnings(), mapped.jsonToolName(), details()));
    }

    private LanguageModelResult toResult(TransportResponse response, RequestMapper.Mapped mapped) {
        WireMessage message;
        try {
            message = WireMessage.read(AnthropicJson.parse(response.bodyText(), "response"), "response");
        } catch (WireFormatException e) {
            throw new UnexpectedResponseException("Anthropic answered with an unreadable message: " + e.getMessage(),
                    details().withStatus(response.status()), e);
        }
        return ResponseMapper.toResult(message, mapped.warnings(), mapped.jsonToolName());
    }

    private TransportRequest httpRequest(URI uri, RequestMapper.Mapped mapped, ObjectNode body) {
        TransportRequest.Builder builder = TransportRequest.builder(uri)
                .header(AnthropicProvider.VERSION_HEADER, provider.version())
                .caller(AnthropicProvider.NAME, modelId);
        if (!provider.apiKey().isEmpty()) {
            builder.header(AnthropicProvider.API_KEY_HEADER, provider.apiKey());
        }
        Set<String> betas = new LinkedHashSet<>();
        for (Map.Entry<String, String> header : provider.headers().entrySet()) {
            if (header.getKey().equals(AnthropicProvider.BETA_HEADER)) {
                splitInto(header.getValue(), betas);
            } else {
                builder.header(header.getKey(), header.getValue());
            }
        }
        betas.addAll(mapped.betas());
        if (!betas.isEmpty()) {
            builder.header(AnthropicProvider.BETA_HEADER, String.join(",", betas));
        }
        return builder.jsonBody(AnthropicJson.write(body)).build();
    }

    private static void splitInto(String values, Set<String> betas) {
        for (String value : values.split(",")) {
            if (!value.isBlank()) {
                betas.add(value.strip());
            }
        }
    }

    private ErrorDetails details() {
        return ErrorDetails.of(AnthropicProvider.NAME, modelId);
    }

    @Override
    public String toString() {
        return "AnthropicLanguageModel[" + modelId + "]";
    }
}
