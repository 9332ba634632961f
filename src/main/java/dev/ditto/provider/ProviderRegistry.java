package dev.ditto.provider;

import dev.ditto.provider.anthropic.AnthropicErrorMapper;
import dev.ditto.provider.anthropic.AnthropicProvider;
import dev.ditto.provider.echo.EchoLanguageModel;
import dev.ditto.provider.gemini.GeminiErrorMapper;
import dev.ditto.provider.gemini.GeminiProvider;
import dev.ditto.provider.openai.AzureOpenAiProvider;
import dev.ditto.provider.openai.OpenAiErrorMapper;
import dev.ditto.provider.openai.OpenAiProvider;
import dev.ditto.provider.openai.OpenAiUpstream;
import dev.ditto.provider.openai.responses.OpenAiResponsesProvider;
import dev.ditto.provider.openaicompatible.OpenAiCompatibleProfile;
import dev.ditto.provider.openaicompatible.OpenAiCompatibleProvider;
import dev.ditto.sdk.EmbeddingModel;
import dev.ditto.sdk.LanguageModel;
import dev.ditto.sdk.http.HttpTransport;
import dev.ditto.sdk.http.HttpTransportConfig;
import dev.ditto.sdk.http.UpstreamErrorMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Selects the adapter from a LiteLLM provider string ({@code openai/gpt-4o},
 * {@code anthropic/claude-sonnet-4-5}, {@code gemini/gemini-2.5-flash}, {@code azure/<deployment>},
 * {@code deepseek/deepseek-chat}, {@code openai/<any>} with an {@code api_base}, ...) and builds
 * its models. Providers are created once per {@link ProviderConfig} and shared by every model of
 * that config; {@link #close()} closes them all.
 *
 * <pre>{@code
 * try (ProviderRegistry providers = ProviderRegistry.ofSystemEnvironment()) {
 *     LanguageModel claude = providers.languageModel("anthropic/claude-sonnet-4-5");
 *     System.out.println(claude.generate("Say hi").text());
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class ProviderRegistry implements AutoCloseable {

    /** The environment variable each provider's key is read from when the config has none, as in LiteLLM. */
    static final Map<String, String> KEY_VARIABLES = Map.ofEntries(
            Map.entry("openai", "OPENAI_API_KEY"), Map.entry("text-completion-openai", "OPENAI_API_KEY"),
            Map.entry("azure", "AZURE_API_KEY"), Map.entry("anthropic", "ANTHROPIC_API_KEY"),
            Map.entry("gemini", "GEMINI_API_KEY"), Map.entry("deepseek", "DEEPSEEK_API_KEY"),
            Map.entry("mistral", "MISTRAL_API_KEY"), Map.entry("groq", "GROQ_API_KEY"),
            Map.entry("xai", "XAI_API_KEY"), Map.entry("openrouter", "OPENROUTER_API_KEY"),
            Map.entry("together_ai", "TOGETHERAI_API_KEY"), Map.entry("fireworks_ai", "FIREWORKS_AI_API_KEY"),
            Map.entry("hosted_vllm", "HOSTED_VLLM_API_KEY"), Map.entry("vllm", "HOSTED_VLLM_API_KEY"),
            Map.entry("lm_studio", "LM_STUDIO_API_KEY"), Map.entry("openai_compatible", "OPENAI_API_KEY"));

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Set<String> OPENAI_FAMILY = Set.of("openai", "text-completion-openai");

    private final Function<String, @Nullable String> environment;
    /** Providers by config and provider class: the same account used for chat and for Responses gets one of each. */
    private final Map<Key, AutoCloseable> providers = new ConcurrentHashMap<>();
    /**
     * Transports this registry made for configs with timeouts of their own, by config and error
     * mapper class (an account's chat and Responses providers map errors differently); providers
     * do not own them.
     */
    private final Map<Key, HttpTransport> transports = new ConcurrentHashMap<>();
    /**
     * What {@link #retain} dropped: requests in flight may still use them. Held weakly, so what
     * nothing uses any more is collected (its idle threads end on their own); what is still
     * reachable when the registry closes is closed with it.
     */
    private final Set<AutoCloseable> retired = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    private volatile boolean closed;

    /**
     * Creates a registry.
     *
     * @param environment where keys missing from a config are looked up
     */
    public ProviderRegistry(Function<String, @Nullable String> environment) {
        this.environment = environment;
    }

    /**
     * Creates a registry that reads missing keys from the process environment.
     *
     * @return the registry
     */
    public static ProviderRegistry ofSystemEnvironment() {
        return new ProviderRegistry(System::getenv);
    }

    /**
     * Tells whether a provider prefix selects an adapter.
     *
     * @param provider the prefix
     * @return true if {@link #languageModel(ProviderConfig, String)} accepts it
     */
    public static boolean supports(String provider) {
        String name = provider.toLowerCase(Locale.ROOT);
        return name.equals("ditto") || name.equals("azure") || name.equals("anthropic") || name.equals("gemini")
                || name.equals("openai_compatible") || OPENAI_FAMILY.contains(name)
                || OpenAiCompatibleProfile.byName(name).isPresent();
    }

    /**
     * Returns a chat model for a {@code provider/model} string with the provider's defaults.
     *
     * @param qualifiedModel such as {@code anthropic/claude-sonnet-4-5}
     * @return the model
     * @throws IllegalArgumentException if the string has no provider or the provider is unknown
     */
    public LanguageModel languageModel(String qualifiedModel) {
        int slash = qualifiedModel.indexOf('/');
        if (slash <= 0) {
            throw new IllegalArgumentException("'" + qualifiedModel + "' has no provider; write provider/model");
        }
        return languageModel(ProviderConfig.of(qualifiedModel.substring(0, slash)), qualifiedModel.substring(slash + 1));
    }

    /**
     * Returns a chat model of a provider account. {@code text-completion-openai} gives a legacy
     * completions model; {@code openai} and {@code azure} give Chat Completions models (see
     * {@link #responsesModel} for the Responses API).
     *
     * @param config the account
     * @param modelId the provider's model id (the Azure deployment name for {@code azure})
     * @return the model
     * @throws IllegalArgumentException if the provider is unknown or a required setting is missing
     */
    public LanguageModel languageModel(ProviderConfig config, String modelId) {
        String name = config.provider().toLowerCase(Locale.ROOT);
        return switch (name) {
            case "ditto" -> new EchoLanguageModel(modelId);
            case "openai" -> provider(config, OpenAiProvider.class).languageModel(modelId);
            case "text-completion-openai" -> provider(config, OpenAiProvider.class).completionModel(modelId);
            case "azure" -> provider(config, AzureOpenAiProvider.class).languageModel(modelId);
            case "anthropic" -> provider(config, AnthropicProvider.class).languageModel(modelId);
            case "gemini" -> provider(config, GeminiProvider.class).languageModel(modelId);
            default -> provider(config, OpenAiCompatibleProvider.class).languageModel(modelId);
        };
    }

    /**
     * Returns an OpenAI Responses API model ({@code POST /responses}) of an OpenAI account.
     *
     * @param config the account; its provider must be {@code openai}
     * @param modelId the model id
     * @return the model
     * @throws IllegalArgumentException if the provider has no Responses API
     */
    public LanguageModel responsesModel(ProviderConfig config, String modelId) {
        if (!config.provider().equalsIgnoreCase("openai")) {
            throw new IllegalArgumentException("provider '" + config.provider() + "' has no Responses API; use openai");
        }
        return provider(config, OpenAiResponsesProvider.class).languageModel(modelId);
    }

    /**
     * Returns an embedding model of a provider account.
     *
     * @param config the account
     * @param modelId the model id
     * @return the model
     * @throws IllegalArgumentException if the provider has no embedding models here
     */
    public EmbeddingModel embeddingModel(ProviderConfig config, String modelId) {
        String name = config.provider().toLowerCase(Locale.ROOT);
        return switch (name) {
            case "openai", "text-completion-openai" -> provider(config, OpenAiProvider.class).embeddingModel(modelId);
            case "azure" -> provider(config, AzureOpenAiProvider.class).embeddingModel(modelId);
            case "gemini" -> provider(config, GeminiProvider.class).embeddingModel(modelId);
            case "ditto", "anthropic" -> throw new IllegalArgumentException(
                    "provider '" + config.provider() + "' has no embedding models");
            default -> provider(config, OpenAiCompatibleProvider.class).embeddingModel(modelId);
        };
    }

    /**
     * Returns where raw OpenAI API requests to an account go, for a gateway that forwards its
     * clients' requests as they are (passthrough). Accounts that speak OpenAI's wire format
     * ({@code openai}, {@code text-completion-openai}, {@code azure} and the OpenAI-compatible
     * vendors) have one; {@code anthropic}, {@code gemini} and {@code ditto} do not.
     *
     * @param config the account
     * @return the upstream, sharing the provider's transport, or empty
     * @throws IllegalArgumentException if a required setting is missing
     */
    public Optional<OpenAiUpstream> openAiUpstream(ProviderConfig config) {
        String name = config.provider().toLowerCase(Locale.ROOT);
        return switch (name) {
            case "ditto", "anthropic", "gemini" -> Optional.empty();
            case "openai", "text-completion-openai" -> Optional.of(provider(config, OpenAiProvider.class).upstream());
            case "azure" -> Optional.of(provider(config, AzureOpenAiProvider.class).upstream());
            default -> supports(name) ? Optional.of(provider(config, OpenAiCompatibleProvider.class).upstream())
                    : Optional.empty();
        };
    }

    /**
     * Returns how many providers (and so HTTP clients) this registry holds.
     *
     * @return the number of providers created and not yet closed
     */
    public int providerCount() {
        return providers.size();
    }

    /**
     * Forgets the providers and transports of the configs no longer in use, after a
     * configuration reload, so that configuration churn (rotated keys, moved endpoints) does not
     * pile up HTTP clients. They are not closed: requests still in flight on the previous
     * configuration keep using them to their end. Once nothing holds them they are collected;
     * {@link #close()} closes any still reachable.
     *
     * @param inUse the configs of every deployment of the configuration in force
     * @return how many providers were forgotten
     */
    public int retain(Set<ProviderConfig> inUse) {
        int dropped = retire(providers, inUse);
        retire(transports, inUse);
        return dropped;
    }

    /** Moves the entries whose config is not in use to {@link #retired}; returns how many. */
    private int retire(Map<Key, ? extends AutoCloseable> made, Set<ProviderConfig> inUse) {
        int dropped = 0;
        for (Iterator<? extends Map.Entry<Key, ? extends AutoCloseable>> entries = made.entrySet().iterator();
                entries.hasNext(); ) {
            Map.Entry<Key, ? extends AutoCloseable> entry = entries.next();
            if (!inUse.contains(entry.getKey().config())) {
                retired.add(entry.getValue());
                entries.remove();
                dropped++;
            }
        }
        return dropped;
    }

    /** Closes every provider this registry created, and with them their HTTP clients. */
    @Override
    public void close() {
        closed = true;
        List<Exception> failures = new ArrayList<>();
        List<AutoCloseable> all = new ArrayList<>(providers.values());
        synchronized (retired) {
            all.addAll(retired);
            retired.clear();
        }
        for (AutoCloseable provider : all) {
            try {
                provider.close();
            } catch (Exception e) {
                failures.add(e);
            }
        }
        providers.clear();
        transports.values().forEach(HttpTransport::close);
        transports.clear();
        if (!failures.isEmpty()) {
            IllegalStateException failure = new IllegalStateException("failed to close " + failures.size() + " providers");
            failures.forEach(failure::addSuppressed);
            throw failure;
        }
    }

    /** What a provider or a transport is made for: a deployment's config, and the class that tells kinds apart. */
    private record Key(ProviderConfig config, Class<?> kind) {}

    private <T extends AutoCloseable> T provider(ProviderConfig config, Class<T> type) {
        if (closed) {
            throw new IllegalStateException("the provider registry is closed");
        }
        return type.cast(providers.computeIfAbsent(new Key(config, type), key -> create(config, type)));
    }

    private AutoCloseable create(ProviderConfig config, Class<?> type) {
        String name = config.provider().toLowerCase(Locale.ROOT);
        String apiKey = apiKey(config, name);
        if (type == OpenAiProvider.class) {
            OpenAiProvider.Builder builder = OpenAiProvider.builder().apiKey(apiKey).organization(config.organization())
                    .headers(config.headers());
            Optional.ofNullable(config.apiBase()).ifPresent(builder::baseUrl);
            transport(config, OpenAiErrorMapper.ofDefaults()).ifPresent(builder::transport);
            return builder.build();
        }
        if (type == OpenAiResponsesProvider.class) {
            OpenAiResponsesProvider.Builder builder = OpenAiResponsesProvider.builder().headers(config.headers());
            Optional.ofNullable(apiKey).ifPresent(builder::apiKey);
            Optional.ofNullable(config.apiBase()).ifPresent(builder::baseUrl);
            transport(config, OpenAiResponsesProvider.errorMapper()).ifPresent(builder::transport);
            return builder.build();
        }
        if (type == AzureOpenAiProvider.class) {
            if (config.apiBase() == null) {
                throw new IllegalArgumentException("provider 'azure' needs api_base (https://<resource>.openai.azure.com)");
            }
            AzureOpenAiProvider.Builder builder = AzureOpenAiProvider.builder().baseUrl(config.apiBase())
                    .headers(config.headers());
            Optional.ofNullable(apiKey).ifPresent(builder::apiKey);
            Optional.ofNullable(config.apiVersion()).ifPresent(builder::apiVersion);
            transport(config, OpenAiErrorMapper.ofDefaults()).ifPresent(builder::transport);
            return builder.build();
        }
        if (type == AnthropicProvider.class) {
            AnthropicProvider.Builder builder = AnthropicProvider.builder().headers(config.headers());
            Optional.ofNullable(apiKey).ifPresent(builder::apiKey);
            Optional.ofNullable(config.apiBase()).ifPresent(builder::baseUrl);
            Optional.ofNullable(config.apiVersion()).ifPresent(builder::anthropicVersion);
            transport(config, AnthropicErrorMapper.ofDefaults()).ifPresent(builder::transport);
            return builder.build();
        }
        if (type == GeminiProvider.class) {
            GeminiProvider.Builder builder = GeminiProvider.builder().headers(config.headers());
            Optional.ofNullable(apiKey).ifPresent(builder::apiKey);
            Optional.ofNullable(config.apiBase()).ifPresent(builder::baseUrl);
            transport(config, GeminiErrorMapper.ofDefaults()).ifPresent(builder::transport);
            return builder.build();
        }
        OpenAiCompatibleProfile profile = name.equals("openai_compatible")
                ? OpenAiCompatibleProfile.generic(name, config.apiBase())
                : OpenAiCompatibleProfile.byName(name).orElseThrow(() -> new IllegalArgumentException(
                        "unsupported provider '" + config.provider() + "'"));
        OpenAiCompatibleProvider.Builder builder = OpenAiCompatibleProvider.builder(profile).apiKey(apiKey)
                .headers(config.headers());
        Optional.ofNullable(config.apiBase()).ifPresent(builder::baseUrl);
        transport(config, OpenAiErrorMapper.ofDefaults()).ifPresent(builder::transport);
        return builder.build();
    }

    /**
     * A transport with the config's own timeouts, or empty to let the provider make its default
     * one: LiteLLM's {@code timeout} bounds the whole request, {@code stream_timeout} the wait for
     * a stream's first event (else the whole request's), Ditto's {@code ditto_connect_timeout} the
     * connection (else the smaller of 10 s and the first-event bound) and {@code ditto_idle_timeout}
     * the gap between two events. No bound may exceed the whole request's.
     */
    private Optional<HttpTransport> transport(ProviderConfig config, UpstreamErrorMapper errors) {
        if (!config.hasTimeouts()) {
            return Optional.empty();
        }
        return Optional.of(transports.computeIfAbsent(new Key(config, errors.getClass()), key -> {
            ProviderConfig c = key.config();
            HttpTransportConfig.Builder builder = HttpTransportConfig.builder().errorMapper(errors);
            Duration total = c.timeout();
            if (total != null) {
                builder.totalTimeout(total);
            }
            Duration firstByte = atMost(c.streamTimeout() != null ? c.streamTimeout() : total, total);
            if (firstByte != null) {
                builder.firstByteTimeout(firstByte);
            }
            Duration connect = c.connectTimeout() != null ? atMost(c.connectTimeout(), firstByte)
                    : firstByte == null ? null : atMost(CONNECT_TIMEOUT, firstByte);
            if (connect != null) {
                builder.connectTimeout(connect);
            }
            Duration idle = atMost(c.idleTimeout(), total);
            if (idle != null) {
                builder.idleTimeout(idle);
            }
            return HttpTransport.of(builder.build());
        }));
    }

    /** The value, lowered to the bound when there is one. */
    private static @Nullable Duration atMost(@Nullable Duration value, @Nullable Duration bound) {
        return value == null || bound == null || value.compareTo(bound) <= 0 ? value : bound;
    }

    private @Nullable String apiKey(ProviderConfig config, String name) {
        if (config.apiKey() != null) {
            return config.apiKey();
        }
        String variable = KEY_VARIABLES.get(name);
        String value = variable == null ? null : environment.apply(variable);
        return value == null || value.isBlank() ? null : value;
    }
}
