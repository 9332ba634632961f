package dev.ditto.provider.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.Warning;
import dev.ditto.sdk.http.HttpTransport;
import dev.ditto.sdk.http.TransportRequest;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What every model of one provider configuration shares: the provider name, how model ids and
 * API paths become URLs (OpenAI's base URL or Azure's deployment URLs), the headers (auth
 * included), the transport and the dialect.
 *
 * @param provider the provider name reported by models and in errors, such as {@code openai}
 * @param endpoint turns a model id and an API path into the URL to call
 * @param headers the headers of every request, auth included
 * @param transport the shared transport
 * @param dialect how the server's Chat Completions API differs from OpenAI's
 * @param optionKeys the {@code providerOptions} and metadata keys this provider reads, in order
 */
record OpenAiClient(String provider, Endpoint endpoint, Map<String, String> headers, HttpTransport transport,
        OpenAiChatDialect dialect, List<String> optionKeys) {

    /** The Chat Completions path under the base URL. */
    static final String CHAT_PATH = "/chat/completions";
    /** The legacy completions path. */
    static final String COMPLETIONS_PATH = "/completions";
    /** The embeddings path. */
    static final String EMBEDDINGS_PATH = "/embeddings";

    /** Request body fields that provider options may not replace. */
    private static final Set<String> PROTECTED_FIELDS = Set.of("model", "messages", "prompt", "input", "stream",
            "stream_options");

    /** Turns a model id and an API path into a URL. */
    @FunctionalInterface
    interface Endpoint {
        URI uri(String modelId, String path);
    }

    OpenAiClient {
        headers = Map.copyOf(headers);
        optionKeys = List.copyOf(optionKeys);
    }

    TransportRequest post(String modelId, String path, ObjectNode body) {
        TransportRequest.Builder request = TransportRequest.builder(endpoint.uri(modelId, path))
                .jsonBody(WireJson.write(body))
                .caller(provider, modelId);
        headers.forEach(request::header);
        return request.build();
    }

    ErrorDetails details(String modelId) {
        return ErrorDetails.of(provider, modelId);
    }

    /**
     * Copies the caller's provider options into the body verbatim (they are wire fields, such as
     * {@code logprobs} or {@code service_tier}), except for fields the adapter owns.
     */
    void mergeOptions(ObjectNode body, Function<String, Optional<ObjectNode>> options, List<Warning> warnings) {
        for (String key : optionKeys) {
            options.apply(key).ifPresent(values -> values.properties().forEach(field -> {
                if (PROTECTED_FIELDS.contains(field.getKey())) {
                    warnings.add(Warning.unsupportedSetting("providerOptions." + key + "." + field.getKey(),
                            "'" + field.getKey() + "' is set by the adapter and cannot be overridden"));
                } else {
                    body.set(field.getKey(), field.getValue());
                }
            }));
        }
    }
}
