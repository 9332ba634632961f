package dev.ditto.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ditto.sdk.Usage;
import dev.ditto.sdk.http.HttpTransport;
import dev.ditto.sdk.http.TransportRequest;
import java.net.URI;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Where and how to send raw OpenAI API requests to one OpenAI-compatible account, for a gateway
 * that forwards its clients' requests as they are (passthrough) instead of translating them: the
 * URL of an API path, the headers every request carries (auth included) and the account's
 * transport, which the provider owns and closes.
 *
 * <p>Paths are OpenAI's, relative to the API root ({@code /chat/completions},
 * {@code /files/file-abc/content}). Azure maps model-scoped paths onto its deployment URLs and
 * adds its {@code api-version}; other accounts append the path to their base URL.
 *
 * <p>Immutable and thread-safe.
 */
public final class OpenAiUpstream {

    private final OpenAiClient client;
    private final Endpoint unscoped;

    /** Turns an API path and an optional query into a URL, for paths not tied to a model. */
    @FunctionalInterface
    interface Endpoint {
        URI uri(String path, @Nullable String query);
    }

    OpenAiUpstream(OpenAiClient client, Endpoint unscoped) {
        this.client = client;
        this.unscoped = unscoped;
    }

    /**
     * Returns the provider name, such as {@code openai}, {@code azure} or {@code groq}.
     *
     * @return the name
     */
    public String provider() {
        return client.provider();
    }

    /**
     * Returns the URL of an API path.
     *
     * @param path the OpenAI API path, starting with {@code /}, without the version prefix
     * @param query the raw query string without {@code ?}, or null
     * @param modelId the upstream model (the deployment name on Azure) when the path is
     *     model-scoped ({@code /chat/completions}, {@code /completions}, {@code /embeddings},
     *     {@code /images/...}, {@code /audio/...}); null for account-wide paths such as files
     * @return the URL
     */
    public URI uri(String path, @Nullable String query, @Nullable String modelId) {
        if (modelId == null) {
            return unscoped.uri(path, query);
        }
        URI scoped = client.endpoint().uri(modelId, path);
        if (query == null || query.isEmpty()) {
            return scoped;
        }
        return URI.create(scoped + (scoped.getRawQuery() == null ? "?" : "&") + query);
    }

    /**
     * Returns the headers every request to this account carries, auth and configured extra
     * headers included, with lower-case names.
     *
     * @return the headers
     */
    public Map<String, String> headers() {
        return client.headers();
    }

    /**
     * Returns the account's transport; it belongs to the provider, do not close it.
     *
     * @return the transport
     */
    public HttpTransport transport() {
        return client.transport();
    }

    /**
     * Tells whether the server takes {@code stream_options: {"include_usage": true}} on streamed
     * Chat and legacy completions; servers that reject it (Mistral) or ignore it send their
     * usage their own way, if at all.
     *
     * @return true if a relay may add the option to learn a stream's usage
     */
    public boolean acceptsStreamUsageOption() {
        return client.dialect().streamUsage();
    }

    /**
     * Reads a {@code usage} object of this server's answers: Chat, legacy completions and
     * embeddings ({@code prompt_tokens}, {@code completion_tokens} and their details, with the
     * vendor's variants) or Responses ({@code input_tokens}, {@code output_tokens}).
     *
     * @param usage the object
     * @return the unified usage; empty when the node is not an object
     */
    public Usage usage(JsonNode usage) {
        if (!usage.isObject() || !usage.has("input_tokens")) {
            return ChatUsage.toUnified(usage, client.dialect());
        }
        return Usage.builder()
                .inputTokens(WireJson.count(usage, "input_tokens"))
                .cacheReadTokens(WireJson.count(usage.path("input_tokens_details"), "cached_tokens"))
                .cacheWriteTokens(WireJson.count(usage.path("input_tokens_details"), "cache_write_tokens"))
                .outputTokens(WireJson.count(usage, "output_tokens"))
                .reasoningTokens(WireJson.count(usage.path("output_tokens_details"), "reasoning_tokens"))
                .totalTokens(WireJson.count(usage, "total_tokens"))
                .raw(usage)
                .build();
    }

    /**
     * Starts a request to an API path with the account's headers and the caller set for errors.
     *
     * @param path the OpenAI API path
     * @param query the raw query string, or null
     * @param modelId the upstream model for model-scoped paths, or null
     * @return a builder to add the method and body to
     */
    public TransportRequest.Builder request(String path, @Nullable String query, @Nullable String modelId) {
        TransportRequest.Builder request = TransportRequest.builder(uri(path, query, modelId))
                .caller(client.provider(), modelId);
        client.headers().forEach(request::header);
        return request;
    }

    @Override
    public String toString() {
        return "OpenAiUpstream[" + client.provider() + " " + unscoped.uri("", null) + "]";
    }
}
