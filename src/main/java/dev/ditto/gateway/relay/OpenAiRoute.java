package dev.ditto.gateway.relay;

import dev.ditto.config.ProviderNames;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The OpenAI routes a deployment may serve by passthrough: the API path under the upstream's
 * base URL, and which providers offer that API. A route a provider does not offer (Responses
 * anywhere but OpenAI, legacy completions at most compatible vendors) is translated instead.
 */
enum OpenAiRoute {

    /** {@code /v1/chat/completions}: every OpenAI-speaking provider but the legacy-completions one. */
    CHAT("/chat/completions", without(ProviderNames.OPENAI_API, "text-completion-openai")),
    /** {@code /v1/completions}: OpenAI, Azure and the servers known to keep the legacy API. */
    COMPLETIONS("/completions", Set.of(ProviderNames.OPENAI, "text-completion-openai", ProviderNames.AZURE,
            "openai_compatible", "hosted_vllm", "vllm", "together_ai", "fireworks_ai", "openrouter", "ollama",
            "ollama_chat", "lm_studio")),
    /** {@code /v1/embeddings}: every OpenAI-speaking provider. */
    EMBEDDINGS("/embeddings", ProviderNames.OPENAI_API),
    /** {@code POST /v1/responses}: OpenAI only. */
    RESPONSES("/responses", Set.of(ProviderNames.OPENAI));

    private final String path;
    private final Set<String> providers;

    OpenAiRoute(String path, Set<String> providers) {
        this.path = path;
        this.providers = providers;
    }

    /** The API path, relative to the upstream's API root. */
    String path() {
        return path;
    }

    /** Whether a provider serves this API as OpenAI does. */
    boolean offeredBy(String provider) {
        return providers.contains(provider);
    }

    /** Whether usage of a stream comes in a Chat-style last chunk that {@code stream_options} asks for. */
    boolean hasUsageChunk() {
        return this == CHAT || this == COMPLETIONS;
    }

    private static Set<String> without(Set<String> all, String left) {
        return all.stream().filter(name -> !name.equals(left)).collect(Collectors.toUnmodifiableSet());
    }
}
