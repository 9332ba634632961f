package dev.ditto.provider.openaicompatible;

import dev.ditto.provider.openai.OpenAiChatDialect;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What one OpenAI-compatible vendor needs: its provider name (LiteLLM's prefix, such as
 * {@code deepseek} in {@code deepseek/deepseek-chat}), its default base URL where it has one, and
 * the {@link OpenAiChatDialect} of its quirks.
 *
 * <table>
 *   <caption>The built-in profiles</caption>
 *   <tr><th>profile</th><th>base URL</th><th>reasoning field</th><th>stream usage</th><th>other quirks</th></tr>
 *   <tr><td>{@code deepseek}</td><td>api.deepseek.com/v1</td><td>reasoning_content</td><td>yes</td>
 *       <td>max_tokens; no seed, user, metadata, reasoning_effort, parallel_tool_calls; JSON mode without
 *       schema; cache hit/miss usage</td></tr>
 *   <tr><td>{@code mistral}</td><td>api.mistral.ai/v1</td><td>thinking content parts</td><td>no (rejected)</td>
 *       <td>max_tokens; seed sent as random_seed; no user, metadata, reasoning_effort</td></tr>
 *   <tr><td>{@code groq}</td><td>api.groq.com/openai/v1</td><td>reasoning</td><td>yes</td>
 *       <td>usage also in x_groq.usage; no metadata</td></tr>
 *   <tr><td>{@code xai}</td><td>api.x.ai/v1</td><td>reasoning_content</td><td>yes</td>
 *       <td>max_tokens; completion_tokens excludes reasoning tokens</td></tr>
 *   <tr><td>{@code openrouter}</td><td>openrouter.ai/api/v1</td><td>reasoning</td><td>yes</td><td>max_tokens; top_k</td></tr>
 *   <tr><td>{@code together_ai}</td><td>api.together.xyz/v1</td><td>reasoning</td><td>no</td><td>max_tokens; top_k</td></tr>
 *   <tr><td>{@code fireworks_ai}</td><td>api.fireworks.ai/inference/v1</td><td>reasoning_content</td><td>no</td>
 *       <td>max_tokens; top_k; errors as {"error":"text"}</td></tr>
 *   <tr><td>{@code hosted_vllm}</td><td>(none: set it)</td><td>reasoning_content</td><td>yes</td><td>max_tokens; top_k</td></tr>
 *   <tr><td>{@code ollama}</td><td>localhost:11434/v1</td><td>reasoning</td><td>yes</td><td>max_tokens; no key needed</td></tr>
 *   <tr><td>{@code lm_studio}</td><td>localhost:1234/v1</td><td>reasoning_content</td><td>no</td><td>max_tokens; top_k</td></tr>
 * </table>
 *
 * <p>No profile sends OpenAI's {@code metadata}, which only OpenAI stores. Instances are
 * immutable and thread-safe.
 *
 * @param name the provider name models report and whose {@code providerOptions} they send
 * @param defaultBaseUrl the vendor's base URL, or {@code null} when every deployment has its own
 * @param dialect the vendor's quirks
 */
public record OpenAiCompatibleProfile(String name, @Nullable URI defaultBaseUrl, OpenAiChatDialect dialect) {

    private static final OpenAiChatDialect COMPATIBLE = OpenAiChatDialect.builder()
            .maxTokensField("max_tokens")
            .unsupportedField("metadata")
            .build();

    /** DeepSeek: {@code reasoning_content} deltas and {@code prompt_cache_hit_tokens} usage. */
    public static final OpenAiCompatibleProfile DEEPSEEK = new OpenAiCompatibleProfile("deepseek",
            URI.create("https://api.deepseek.com/v1"), COMPATIBLE.toBuilder()
                    .unsupportedField("seed").unsupportedField("user").unsupportedField("reasoning_effort")
                    .unsupportedField("parallel_tool_calls").structuredOutputs(false).build());

    /** Mistral: {@code thinking} content parts, {@code random_seed}, no {@code stream_options}. */
    public static final OpenAiCompatibleProfile MISTRAL = new OpenAiCompatibleProfile("mistral",
            URI.create("https://api.mistral.ai/v1"), COMPATIBLE.toBuilder()
                    .streamUsage(false).renameField("seed", "random_seed")
                    .unsupportedField("user").unsupportedField("reasoning_effort").build());

    /** Groq: {@code reasoning} deltas and {@code x_groq.usage}. */
    public static final OpenAiCompatibleProfile GROQ = new OpenAiCompatibleProfile("groq",
            URI.create("https://api.groq.com/openai/v1"), OpenAiChatDialect.builder()
                    .reasoningField(OpenAiChatDialect.REASONING).unsupportedField("metadata").build());

    /** xAI: {@code reasoning_content}; {@code completion_tokens} leaves the reasoning tokens out. */
    public static final OpenAiCompatibleProfile XAI = new OpenAiCompatibleProfile("xai",
            URI.create("https://api.x.ai/v1"), COMPATIBLE.toBuilder()
                    .reasoningExcludedFromCompletionTokens(true).build());

    /** OpenRouter: {@code reasoning} deltas, {@code top_k}. */
    public static final OpenAiCompatibleProfile OPENROUTER = new OpenAiCompatibleProfile("openrouter",
            URI.create("https://openrouter.ai/api/v1"), COMPATIBLE.toBuilder()
                    .reasoningField(OpenAiChatDialect.REASONING).supportedField("top_k").build());

    /** Together AI: {@code reasoning} deltas, {@code top_k}, usage without {@code stream_options}. */
    public static final OpenAiCompatibleProfile TOGETHER = new OpenAiCompatibleProfile("together_ai",
            URI.create("https://api.together.xyz/v1"), COMPATIBLE.toBuilder()
                    .reasoningField(OpenAiChatDialect.REASONING).supportedField("top_k").streamUsage(false).build());

    /** Fireworks AI: {@code reasoning_content}, {@code top_k}, usage without {@code stream_options}. */
    public static final OpenAiCompatibleProfile FIREWORKS = new OpenAiCompatibleProfile("fireworks_ai",
            URI.create("https://api.fireworks.ai/inference/v1"), COMPATIBLE.toBuilder()
                    .supportedField("top_k").streamUsage(false).build());

    /** A vLLM server (LiteLLM's {@code hosted_vllm}); it has no default base URL. */
    public static final OpenAiCompatibleProfile VLLM = new OpenAiCompatibleProfile("hosted_vllm", null,
            COMPATIBLE.toBuilder().supportedField("top_k").build());

    /** A local Ollama server through its OpenAI-compatible endpoint. */
    public static final OpenAiCompatibleProfile OLLAMA = new OpenAiCompatibleProfile("ollama",
            URI.create("http://localhost:11434/v1"), COMPATIBLE.toBuilder()
                    .reasoningField(OpenAiChatDialect.REASONING).build());

    /** A local LM Studio server. */
    public static final OpenAiCompatibleProfile LM_STUDIO = new OpenAiCompatibleProfile("lm_studio",
            URI.create("http://localhost:1234/v1"), COMPATIBLE.toBuilder()
                    .supportedField("top_k").streamUsage(false).build());

    private static final List<OpenAiCompatibleProfile> BUILT_IN = List.of(DEEPSEEK, MISTRAL, GROQ, XAI, OPENROUTER,
            TOGETHER, FIREWORKS, VLLM, OLLAMA, LM_STUDIO);

    /**
     * Validates the fields.
     *
     * @param name the provider name
     * @param defaultBaseUrl the vendor's base URL, or {@code null}
     * @param dialect the vendor's quirks
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public OpenAiCompatibleProfile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dialect, "dialect");
        if (name.isBlank()) {
            throw new IllegalArgumentException("profile name must not be blank");
        }
    }

    /**
     * Returns a profile for any other compatible server: {@code max_tokens}, no
     * {@code stream_options} (as the AI SDK's openai-compatible provider defaults), and a stream
     * that may end after its finish reason without {@code [DONE]}.
     *
     * @param name the provider name, such as {@code my-gateway}
     * @param baseUrl the server's base URL, or {@code null} to require one at build time
     * @return the profile
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public static OpenAiCompatibleProfile generic(String name, @Nullable URI baseUrl) {
        return new OpenAiCompatibleProfile(name, baseUrl,
                COMPATIBLE.toBuilder().streamUsage(false).requireDoneMarker(false).build());
    }

    /**
     * Returns the built-in profiles.
     *
     * @return the profiles, unmodifiable
     */
    public static List<OpenAiCompatibleProfile> builtIn() {
        return BUILT_IN;
    }

    /**
     * Finds a built-in profile by provider name, also accepting LiteLLM's spellings
     * ({@code together_ai}, {@code fireworks_ai}, {@code hosted_vllm}, {@code ollama_chat},
     * {@code lm_studio}) and the plain ones ({@code together}, {@code fireworks}, {@code vllm},
     * {@code lmstudio}).
     *
     * @param name the provider name, case-insensitive
     * @return the profile, or empty when none matches
     */
    public static Optional<OpenAiCompatibleProfile> byName(String name) {
        String key = switch (name.toLowerCase(Locale.ROOT)) {
            case "together", "togetherai" -> "together_ai";
            case "fireworks", "fireworksai" -> "fireworks_ai";
            case "vllm" -> "hosted_vllm";
            case "ollama_chat" -> "ollama";
            case "lmstudio" -> "lm_studio";
            case "x-ai", "grok" -> "xai";
            default -> name.toLowerCase(Locale.ROOT);
        };
        return BUILT_IN.stream().filter(profile -> profile.name().equals(key)).findFirst();
    }

    /**
     * Returns a copy with another dialect, for a deployment that differs from the vendor's default.
     *
     * @param newDialect the dialect
     * @return the copy
     */
    public OpenAiCompatibleProfile withDialect(OpenAiChatDialect newDialect) {
        return new OpenAiCompatibleProfile(name, defaultBaseUrl, newDialect);
    }
}
