package dev.ditto.gateway.relay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.gateway.api.ApiError;
import dev.ditto.provider.anthropic.AnthropicEdgeCodec;
import dev.ditto.provider.anthropic.AnthropicStreamEncoder;
import dev.ditto.provider.openai.OpenAiChatEdgeCodec;
import dev.ditto.provider.openai.OpenAiChatEdgeRequest;
import dev.ditto.provider.openai.OpenAiChatStreamEncoder;
import dev.ditto.provider.openai.OpenAiCompletionEdgeCodec;
import dev.ditto.provider.openai.OpenAiCompletionStreamEncoder;
import dev.ditto.provider.openai.responses.OpenAiResponsesEdgeCodec;
import dev.ditto.provider.openai.responses.OpenAiResponsesStreamEncoder;
import dev.ditto.sdk.LanguageModelResult;
import dev.ditto.sdk.SdkException;
import dev.ditto.sdk.StreamPart;
import dev.ditto.sdk.http.SseEvent;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/** The formats the gateway accepts, each over its provider package's edge codec. */
final class EdgeFormats {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EdgeFormats() {}

    /** OpenAI Chat Completions ({@code /v1/chat/completions}). */
    static EdgeFormat openAiChat() {
        OpenAiChatEdgeCodec codec = OpenAiChatEdgeCodec.ofDefaults();
        return new OpenAiShaped(DeploymentModels.Api.CHAT, body -> decoded(codec.decodeRequest(body)), codec::encodeResult,
                decoded -> {
                    OpenAiChatStreamEncoder encoder = codec.newStreamEncoder(decoded.model(), decoded.includeUsage());
                    return stream(encoder::encode, encoder::end);
                },
                error -> error(codec.encodeError(error)));
    }

    /** OpenAI legacy text completions ({@code /v1/completions}), translated for any provider. */
    static EdgeFormat openAiCompletions() {
        OpenAiCompletionEdgeCodec codec = OpenAiCompletionEdgeCodec.ofDefaults();
        return new OpenAiShaped(DeploymentModels.Api.CHAT, body -> decoded(codec.decodeRequest(body)), codec::encodeResult,
                decoded -> {
                    OpenAiCompletionStreamEncoder encoder = codec.newStreamEncoder(decoded.model(), decoded.includeUsage());
                    return stream(encoder::encode, encoder::end);
                },
                error -> error(codec.encodeError(error)));
    }

    /** OpenAI Responses ({@code /v1/responses}). */
    static EdgeFormat openAiResponses() {
        OpenAiResponsesEdgeCodec codec = OpenAiResponsesEdgeCodec.ofDefaults();
        return new OpenAiShaped(DeploymentModels.Api.RESPONSES,
                body -> {
                    OpenAiResponsesEdgeCodec.DecodedRequest edge = codec.decodeRequest(body);
                    return new EdgeFormat.Decoded(edge.request(), edge.model(), edge.stream(), false);
                },
                codec::encodeResult,
                decoded -> {
                    OpenAiResponsesStreamEncoder encoder = codec.newStreamEncoder(decoded.model());
                    return stream(encoder::encode, encoder::finish);
                },
                error -> {
                    OpenAiResponsesEdgeCodec.EncodedError encoded = codec.encodeError(error);
                    return new EdgeFormat.Error(encoded.status(), encoded.body(), encoded.retryAfter());
                });
    }

    private static EdgeFormat.Decoded decoded(OpenAiChatEdgeRequest edge) {
        return new EdgeFormat.Decoded(edge.request(), edge.model(), edge.stream(), edge.includeUsage());
    }

    private static EdgeFormat.Error error(OpenAiChatEdgeCodec.EncodedError encoded) {
        return new EdgeFormat.Error(encoded.status(), encoded.body(), encoded.retryAfter());
    }

    /** The OpenAI formats: the same shape, their own codecs; gateway errors in OpenAI's envelope. */
    private record OpenAiShaped(
            DeploymentModels.Api api,
            Function<ObjectNode, EdgeFormat.Decoded> decoder,
            BiFunction<LanguageModelResult, String, ObjectNode> resultEncoder,
            Function<EdgeFormat.Decoded, EdgeFormat.StreamEncoder> streamEncoders,
            Function<SdkException, EdgeFormat.Error> errorEncoder) implements EdgeFormat {

        @Override
        public Decoded decode(ObjectNode body, HttpServletRequest request) {
            return decoder.apply(body);
        }

        @Override
        public ObjectNode encodeResult(LanguageModelResult result, String model) {
            return resultEncoder.apply(result, model);
        }

        @Override
        public StreamEncoder newStreamEncoder(Decoded decoded) {
            return streamEncoders.apply(decoded);
        }

        @Override
        public Error encodeError(SdkException error) {
            return errorEncoder.apply(error);
        }

        @Override
        public ObjectNode gatewayError(ApiError error) {
            return error.toJson(JSON);
        }
    }

    /** Anthropic Messages ({@code /v1/messages}), for Anthropic clients routed to any provider. */
    static EdgeFormat anthropicMessages() {
        AnthropicEdgeCodec codec = AnthropicEdgeCodec.ofDefaults();
        return new EdgeFormat() {
            @Override
            public DeploymentModels.Api api() {
                return DeploymentModels.Api.CHAT;
            }

            @Override
            public Decoded decode(ObjectNode body, HttpServletRequest request) {
                AnthropicEdgeCodec.DecodedRequest edge = codec.decodeRequest(body, anthropicBetas(request));
                return new Decoded(edge.request(), edge.model(), edge.stream(), false);
            }

            @Override
            public ObjectNode encodeResult(LanguageModelResult result, String model) {
                return codec.encodeResult(result, model);
            }

            @Override
            public StreamEncoder newStreamEncoder(Decoded decoded) {
                AnthropicStreamEncoder encoder = codec.newStreamEncoder(decoded.model());
                return stream(encoder::encode, encoder::finish);
            }

            @Override
            public Error encodeError(SdkException error) {
                AnthropicEdgeCodec.EncodedError encoded = codec.encodeError(error);
                return new Error(encoded.status(), encoded.body(), encoded.retryAfter());
            }

            @Override
            public ObjectNode gatewayError(ApiError error) {
                return error.toAnthropicJson(JSON);
            }
        };
    }

    /** The values of the client's {@code anthropic-beta} headers, each header split at commas. */
    static List<String> anthropicBetas(HttpServletRequest request) {
        List<String> betas = new ArrayList<>();
        for (String header : Collections.list(request.getHeaders("anthropic-beta"))) {
            for (String beta : header.split(",")) {
                if (!beta.isBlank()) {
                    betas.add(beta.trim());
                }
            }
        }
        return betas;
    }

    private interface PartEncoder {
        List<SseEvent> encode(StreamPart part);
    }

    private interface Ender {
        List<SseEvent> end();
    }

    private static EdgeFormat.StreamEncoder stream(PartEncoder encode, Ender end) {
        return new EdgeFormat.StreamEncoder() {
            @Override
            public List<SseEvent> encode(StreamPart part) {
                return encode.encode(part);
            }

            @Override
            public List<SseEvent> end() {
                return end.end();
            }
        };
    }
}
