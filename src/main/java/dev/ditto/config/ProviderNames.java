package dev.ditto.config;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The provider prefixes a {@code litellm_params.model} may carry ({@code provider/model}, as
 * LiteLLM writes them), and the inference LiteLLM applies to bare model names.
 */
public final class ProviderNames {

    /** Ditto's own demo provider ({@code ditto/echo}). */
    public static final String DITTO = "ditto";
    /** OpenAI. */
    public static final String OPENAI = "openai";
    /** Azure OpenAI. */
    public static final String AZURE = "azure";
    /** Anthropic. */
    public static final String ANTHROPIC = "anthropic";
    /** Google Gemini (AI Studio). */
    public static final String GEMINI = "gemini";

    /** Every provider prefix Ditto accepts. */
    public static final Set<String> SUPPORTED = Set.of(
            DITTO, OPENAI, AZURE, ANTHROPIC, GEMINI,
            "text-completion-openai", "openai_compatible",
            "deepseek", "mistral", "groq", "xai", "openrouter", "together_ai", "fireworks_ai",
            "hosted_vllm", "vllm", "ollama", "ollama_chat", "lm_studio");

    /**
     * Providers whose API is OpenAI's own wire format, so that an OpenAI client's request can be
     * forwarded to them as it is (passthrough): every supported one but these three.
     */
    public static final Set<String> OPENAI_API = SUPPORTED.stream()
            .filter(name -> !name.equals(DITTO) && !name.equals(ANTHROPIC) && !name.equals(GEMINI))
            .collect(Collectors.toUnmodifiableSet());

    /** Providers with no default endpoint: the deployment must name one in {@code api_base}. */
    public static final Set<String> NEED_API_BASE =
            Set.of(AZURE, "openai_compatible", "hosted_vllm", "vllm");

    private static final List<String[]> BARE_NAME_PREFIXES = List.of(
            new String[] {"gpt-", OPENAI}, new String[] {"o1", OPENAI}, new String[] {"o3", OPENAI},
            new String[] {"o4", OPENAI}, new String[] {"chatgpt-", OPENAI},
            new String[] {"text-embedding-", OPENAI}, new String[] {"dall-e", OPENAI},
            new String[] {"claude", ANTHROPIC}, new String[] {"gemini", GEMINI});

    private ProviderNames() {}

    /**
     * Tells whether a provider speaks OpenAI's wire format, so that requests can be passed through
     * to it as they are.
     *
     * @param provider the provider prefix
     * @return false for Anthropic, Gemini and Ditto's echo; true for OpenAI, Azure and the
     *     OpenAI-compatible vendors
     */
    public static boolean speaksOpenAi(String provider) {
        return !provider.equals(ANTHROPIC) && !provider.equals(GEMINI) && !provider.equals(DITTO);
    }

    /**
     * Infers the provider of a model name written without a prefix, as LiteLLM does for
     * well-known model families.
     *
     * @param model a bare model name such as {@code gpt-4o}
     * @return the provider, or null when the name gives no clue
     */
    public static @Nullable String inferFromBareName(String model) {
        String lower = model.toLowerCase(Locale.ROOT);
        for (String[] prefix : BARE_NAME_PREFIXES) {
            if (lower.startsWith(prefix[0])) {
                return prefix[1];
            }
        }
        return null;
    }
}
