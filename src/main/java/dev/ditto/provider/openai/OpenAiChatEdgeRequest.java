package dev.ditto.provider.openai;

import dev.ditto.sdk.LanguageModelRequest;
import java.util.Objects;

/**
 * A client's Chat Completions request as the gateway needs it: the unified request, the model
 * name the client asked for (to route on and to echo back), and how to answer.
 *
 * @param request the unified request; OpenAI-only fields ride in {@code providerOptions("openai")}
 * @param model the {@code model} field as sent, such as {@code gpt-4o} or a gateway alias
 * @param stream whether the client asked for server-sent events
 * @param includeUsage whether the client asked for the final usage chunk
 *     ({@code stream_options.include_usage})
 */
public record OpenAiChatEdgeRequest(LanguageModelRequest request, String model, boolean stream, boolean includeUsage) {

    /**
     * Validates the fields.
     *
     * @param request the unified request
     * @param model the model name as sent
     * @param stream whether the client asked for server-sent events
     * @param includeUsage whether the client asked for the final usage chunk
     */
    public OpenAiChatEdgeRequest {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(model, "model");
    }
}
