package dev.ditto.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

    /** A LiteLLM proxy config as its docs write one: three deployments, two in one group. */
    static final String LITELLM_CONFIG = """
            model_list:
              - model_name: gpt-4o
                litellm_params:
                  model: azure/gpt-4o-eu
                  api_base: https://my-endpoint-europe.openai.azure.com/
                  api_key: os.environ/AZURE_API_KEY
                  api_version: "2024-10-21"
                  rpm: 6
              - model_name: gpt-4o
                litellm_params:
                  model: openai/gpt-4o
                  api_key: os.environ/OPENAI_API_KEY
                  tpm: 200000
                  weight: 2
                  timeout: 30
                  max_retries: 2
                model_info:
                  id: openai-primary
                  description: anything goes in model_info
              - model_name: claude
                litellm_params:
                  model: anthropic/claude-sonnet-4-5
                  api_key: ${ANTHROPIC_API_KEY}
                  timeout: 12.5

            router_settings:
              routing_strategy: usage-based-routing-v2
              redis_host: 10.0.0.5
              redis_port: 6380
              redis_password: os.environ/REDIS_PASSWORD
              num_retries: 3
              allowed_fails: 3
              cooldown_time: 30

            litellm_settings:
              num_retries: 2
              request_timeout: 600
              fallbacks: [{"gpt-4o": ["claude"]}]
              drop_params: true
              set_verbose: false

            general_settings:
              master_key: sk-1234
              database_url: postgresql://ditto:pw@db:5432/ditto
            """;

    static final Map<String, String> ENV = Map.of(
            "AZURE_API_KEY", "azure-secret",
            "OPENAI_API_KEY", "sk-openai-secret",
            "ANTHROPIC_API_KEY", "sk-ant-secret",
            "REDIS_PASSWORD", "redis-secret");

    private static GatewaySettings load(String yaml, Map<String, String> env) {
        return new ConfigLoader(env::get).load(new ConfigSource("test", yaml));
    }

    private static InvalidConfigException loadFailure(String yaml) {
        return catchThrowableOfType(InvalidConfigException.class, () -> load(yaml, ENV));
    }

    @Test
    void theReloadWatchIntervalIsSecondsOfAtLeastOne() {
        assertThat(load("ditto: {reload: {watch_interval: 2.5}}\n", ENV).ditto().reload().watchInterval())
                .isEqualTo(Duration.ofMillis(2_500));
        assertThat(load("{}", ENV).ditto().reload().watchInterval()).as("off unless set").isNull();
        assertThat(loadFailure("ditto: {reload: {watch_interval: 0.5}}\n").problems()).extracting(ConfigProblem::toString)
                .containsExactly("ditto.reload.watch_interval: must be at least 1 second, got 0.5");
        assertThat(loadFailure("ditto: {reload: {watch: 10}}\n").problems()).extracting(ConfigProblem::path)
                .containsExactly("ditto.reload.watch");
    }

    @Test
    void readsLitellmConfigUnchanged() {
        GatewaySettings settings = load(LITELLM_CONFIG, ENV);

        assertThat(settings.modelList()).hasSize(3);
        ModelDeployment azure = settings.modelList().get(0);
        assertThat(azure.modelName()).isEqualTo("gpt-4o");
        assertThat(azure.litellmParams().provider()).isEqualTo("azure");
        assertThat(azure.litellmParams().model()).isEqualTo("gpt-4o-eu");
        assertThat(azure.litellmParams().apiBase()).hasToString("https://my-endpoint-europe.openai.azure.com/");
        assertThat(azure.litellmParams().apiKey().reveal()).isEqualTo("azure-secret");
        assertThat(azure.litellmParams().apiVersion()).isEqualTo("2024-10-21");
        assertThat(azure.litellmParams().rpm()).isEqualTo(6);

        ModelDeployment openai = settings.modelList().get(1);
        assertThat(openai.id()).isEqualTo("openai-primary");
        assertThat(openai.litellmParams().tpm()).isEqualTo(200_000);
        assertThat(openai.litellmParams().weight()).isEqualTo(2);
        assertThat(openai.litellmParams().timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(openai.litellmParams().maxRetries()).isEqualTo(2);
        assertThat(openai.modelInfo().path("description").asText()).isEqualTo("anything goes in model_info");

        ModelDeployment claude = settings.modelList().get(2);
        assertThat(claude.litellmParams().apiKey().reveal()).isEqualTo("sk-ant-secret");
        assertThat(claude.litellmParams().timeout()).isEqualTo(Duration.ofMillis(12_500));

        assertThat(settings.routerSettings().routingStrategy()).isEqualTo("usage-based-routing-v2");
        assertThat(settings.routerSettings().allowedFails()).isEqualTo(3);
        assertThat(settings.routerSettings().cooldownTime()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.redisEndpoint()).get().satisfies(redis -> {
            assertThat(redis.host()).isEqualTo("10.0.0.5");
            assertThat(redis.port()).isEqualTo(6380);
            assertThat(redis.password().reveal()).isEqualTo("redis-secret");
        });
        assertThat(settings.litellmSettings().numRetries()).isEqualTo(2);
        assertThat(settings.litellmSettings().requestTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(settings.litellmSettings().fallbacks())
                .containsExactly(new Fallback("gpt-4o", java.util.List.of("claude")));
        assertThat(settings.generalSettings().masterKey().reveal()).isEqualTo("sk-1234");
        assertThat(settings.generalSettings().databaseUrl().reveal()).isEqualTo("postgresql://ditto:pw@db:5432/ditto");
    }

    @Test
    void warnsAboutLitellmKeysDittoIgnores() {
        GatewaySettings settings = load(LITELLM_CONFIG, ENV);

        assertThat(settings.warnings()).extracting(ConfigProblem::path)
                .containsExactlyInAnyOrder("litellm_settings.drop_params", "litellm_settings.set_verbose");
    }

    @Test
    void derivedDeploymentIdsAreStableAndDistinct() {
        GatewaySettings first = load(LITELLM_CONFIG, ENV);
        GatewaySettings second = load(LITELLM_CONFIG, ENV);

        assertThat(first.modelList().get(0).id()).isEqualTo(second.modelList().get(0).id()).hasSize(16);
        assertThat(first.modelList().get(0).id()).isNotEqualTo(first.modelList().get(2).id());
    }

    @Test
    void typoedKeyIsAnErrorWithDidYouMean() {
        InvalidConfigException failure = loadFailure("""
                model_list:
                  - model_name: a
                    litellm_params: {model: openai/gpt-4o}
                  - model_name: b
                    litellm_params: {model: openai/gpt-4o}
                  - model_name: c
                    litellm_params:
                      model: openai/gpt-4o
                      api_bsae: https://example.com
                """);

        assertThat(failure.problems()).containsExactly(new ConfigProblem(
                "model_list[2].litellm_params.api_bsae", "unknown key 'api_bsae'; did you mean 'api_base'?"));
        assertThat(failure.getMessage()).contains("model_list[2].litellm_params.api_bsae");
    }

    @Test
    void unknownTopLevelSectionSuggestsTheNearestOne() {
        InvalidConfigException failure = loadFailure("router_setings: {num_retries: 2}\n");

        assertThat(failure.problems()).singleElement().hasToString(
                "router_setings: unknown key 'router_setings'; did you mean 'router_settings'?");
    }

    @Test
    void badUrlNamesTheFieldAndTheReason() {
        InvalidConfigException failure = loadFailure("""
                model_list:
                  - model_name: a
                    litellm_params: {model: openai/gpt-4o}
                  - model_name: b
                    litellm_params: {model: openai/gpt-4o}
                  - model_name: c
                    litellm_params:
                      model: openai/gpt-4o
                      api_base: ftp//not-a-url
                """);

        assertThat(failure.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.path()).isEqualTo("model_list[2].litellm_params.api_base");
            assertThat(problem.message()).contains("http", "ftp//not-a-url");
        });
    }

    @Test
    void reportsEveryProblemInOnePass() {
        InvalidConfigException failure = loadFailure("""
                model_list:
                  - model_name: a
                    litellm_params: {model: nosuchprovider/x, rpm: lots}
                  - litellm_params: {model: azure/dep}
                router_settings:
                  routing_strategy: fastest
                ditto:
                  server: {port: 70000}
                """);

        assertThat(failure.problems()).extracting(ConfigProblem::path).containsExactlyInAnyOrder(
                "model_list[0].litellm_params.model",
                "model_list[0].litellm_params.rpm",
                "model_list[1].model_name",
                "model_list[1].litellm_params.api_base",
                "router_settings.routing_strategy",
                "ditto.server.port");
    }

    @Test
    void unsetEnvironmentVariableIsAnError() {
        InvalidConfigException failure = catchThrowableOfType(InvalidConfigException.class, () -> load("""
                model_list:
                  - model_name: a
                    litellm_params: {model: openai/gpt-4o, api_key: os.environ/MISSING_KEY}
                """, Map.of()));

        assertThat(failure.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.path()).isEqualTo("model_list[0].litellm_params.api_key");
            assertThat(problem.message()).contains("MISSING_KEY is not set");
        });
    }

    @Test
    void placeholdersTakeDefaultsAndFileVariables() {
        GatewaySettings settings = load("""
                environment_variables:
                  UPSTREAM_HOST: upstream.internal
                model_list:
                  - model_name: local
                    litellm_params:
                      model: hosted_vllm/llama
                      api_base: http://${UPSTREAM_HOST}:${UPSTREAM_PORT:-8000}/v1
                """, Map.of());

        assertThat(settings.modelList().get(0).litellmParams().apiBase())
                .hasToString("http://upstream.internal:8000/v1");
    }

    @Test
    void bareModelNamesInferTheProviderAsLitellmDoes() {
        GatewaySettings settings = load("""
                model_list:
                  - {model_name: a, litellm_params: {model: gpt-4o-mini}}
                  - {model_name: b, litellm_params: {model: claude-3-5-haiku-latest}}
                """, Map.of());

        assertThat(settings.modelList()).extracting(m -> m.litellmParams().provider())
                .containsExactly("openai", "anthropic");
        assertThat(loadFailure("model_list: [{model_name: a, litellm_params: {model: mystery-model}}]").problems())
                .singleElement().satisfies(p -> assertThat(p.message()).contains("provider/model"));
    }

    @Test
    void fallbackToUnknownModelIsAnError() {
        InvalidConfigException failure = loadFailure("""
                model_list:
                  - {model_name: gpt-4o, litellm_params: {model: openai/gpt-4o}}
                  - {model_name: claude, litellm_params: {model: anthropic/claude-sonnet-4-5}}
                litellm_settings:
                  fallbacks: [{"gpt-4o": ["cluade"]}]
                """);

        assertThat(failure.problems()).singleElement().hasToString(
                "litellm_settings.fallbacks[0].gpt-4o[0]: model 'cluade' is not in model_list; did you mean 'claude'?");
    }

    @Test
    void duplicateDeploymentIdsAreAnError() {
        InvalidConfigException failure = loadFailure("""
                model_list:
                  - {model_name: a, litellm_params: {model: openai/gpt-4o}, model_info: {id: same}}
                  - {model_name: b, litellm_params: {model: openai/gpt-4o}, model_info: {id: same}}
                """);

        assertThat(failure.problems()).singleElement().satisfies(p -> assertThat(p.path()).isEqualTo("model_list[1]"));
    }

    @Test
    void dittoModeDefaultsToAutoAndPassthroughNeedsAnOpenAiSpeakingProvider() {
        GatewaySettings settings = load("""
                model_list:
                  - {model_name: a, litellm_params: {model: openai/gpt-4o}}
                  - {model_name: b, litellm_params: {model: groq/llama-3.3-70b, ditto_mode: passthrough}}
                  - {model_name: c, litellm_params: {model: anthropic/claude-sonnet-4-5, ditto_mode: translate}}
                ditto: {relay: {passthrough: false}}
                """, ENV);
        InvalidConfigException failure = loadFailure("""
                model_list:
                  - {model_name: a, litellm_params: {model: anthropic/claude-sonnet-4-5, ditto_mode: passthrough}}
                  - {model_name: b, litellm_params: {model: openai/gpt-4o, ditto_mode: pasthrough}}
                """);

        assertThat(settings.modelList()).extracting(m -> m.litellmParams().dittoMode())
                .containsExactly(RelayMode.AUTO, RelayMode.PASSTHROUGH, RelayMode.TRANSLATE);
        assertThat(settings.ditto().relay().passthrough()).isFalse();
        assertThat(load("{}", Map.of()).ditto().relay().passthrough()).isTrue();
        assertThat(failure.problems()).extracting(ConfigProblem::toString).containsExactly(
                "model_list[0].litellm_params.ditto_mode: 'passthrough' needs a provider that speaks OpenAI's API, "
                        + "and 'anthropic' does not; use auto or translate",
                "model_list[1].litellm_params.ditto_mode: unknown mode 'pasthrough' (one of auto, passthrough, translate); "
                        + "did you mean 'passthrough'?");
        assertThat(EffectiveConfig.render(settings)).contains("ditto_mode: \"passthrough\"", "passthrough: false");
    }

    @Test
    void malformedYamlNamesTheLine() {
        InvalidConfigException failure = loadFailure("model_list:\n  - model_name: [unclosed\n");

        assertThat(failure.getMessage()).contains("not valid YAML", "line");
    }

    @Test
    void dittoSectionAndLitellmBodyLimit() {
        GatewaySettings litellmLimit = load("general_settings: {max_request_size_mb: 4}\n", Map.of());
        GatewaySettings dittoLimit = load("""
                general_settings: {max_request_size_mb: 4}
                ditto:
                  max_request_body: 512KiB
                  data_dir: /var/lib/ditto
                  server: {host: 0.0.0.0, port: 8080}
                """, Map.of());

        assertThat(load("{}", Map.of()).maxRequestBodyBytes()).isEqualTo(32L << 20);
        assertThat(litellmLimit.maxRequestBodyBytes()).isEqualTo(4L << 20);
        assertThat(dittoLimit.maxRequestBodyBytes()).isEqualTo(512L << 10);
        assertThat(dittoLimit.ditto().server()).isEqualTo(new DittoSettings.ServerSettings("0.0.0.0", 8080));
        assertThat(dittoLimit.ditto().dataDir()).hasToString("/var/lib/ditto");
    }

    @Test
    void acceptQueueDefaultsToRoomForABurstAndIsBounded() {
        assertThat(load("{}", Map.of()).ditto().server().acceptQueueSize())
                .isEqualTo(DittoSettings.ServerSettings.DEFAULT_ACCEPT_QUEUE_SIZE).isGreaterThan(50);
        assertThat(load("ditto: {server: {accept_queue_size: 512}}", Map.of()).ditto().server().acceptQueueSize())
                .isEqualTo(512);

        InvalidConfigException failure = loadFailure("ditto: {server: {accept_queue_size: 0}}\n");
        assertThat(failure.problems()).singleElement().satisfies(problem ->
                assertThat(problem.toString()).startsWith("ditto.server.accept_queue_size:"));
    }

    @Test
    void maxThreadsDefaultsToSixteenPerCpuWithinBoundsAndCanBeSet() {
        assertThat(DittoSettings.ServerSettings.defaultMaxThreads(1)).isEqualTo(32);
        assertThat(DittoSettings.ServerSettings.defaultMaxThreads(2)).isEqualTo(32);
        assertThat(DittoSettings.ServerSettings.defaultMaxThreads(4)).isEqualTo(64);
        assertThat(DittoSettings.ServerSettings.defaultMaxThreads(64)).isEqualTo(200);
        assertThat(load("{}", Map.of()).ditto().server().maxThreads())
                .isEqualTo(DittoSettings.ServerSettings.defaultMaxThreads(Runtime.getRuntime().availableProcessors()));
        assertThat(load("ditto: {server: {max_threads: 48}}", Map.of()).ditto().server().maxThreads()).isEqualTo(48);

        InvalidConfigException failure = loadFailure("ditto: {server: {max_threads: 4}}\n");
        assertThat(failure.problems()).singleElement().satisfies(problem ->
                assertThat(problem.toString()).startsWith("ditto.server.max_threads:"));
    }

    @Test
    void keySettingsTakeAPepperOfSixteenCharactersAndCacheBounds() {
        GatewaySettings settings = load("""
                ditto:
                  keys: {pepper: "${PEPPER}", cache_size: 5000, cache_ttl: 2.5}
                """, Map.of("PEPPER", "0123456789abcdef"));
        InvalidConfigException failure = loadFailure("ditto: {keys: {pepper: short, cache_size: 0}}\n");

        assertThat(settings.ditto().keys().pepper()).isEqualTo(Secret.of("0123456789abcdef"));
        assertThat(settings.ditto().keys().cacheSize()).isEqualTo(5000);
        assertThat(settings.ditto().keys().cacheTtl()).isEqualTo(java.time.Duration.ofMillis(2500));
        assertThat(EffectiveConfig.render(settings)).doesNotContain("0123456789abcdef");
        assertThat(load("{}", Map.of()).ditto().keys().pepper()).isNull();
        assertThat(failure.getMessage()).contains("ditto.keys.pepper: must be at least 16 characters, got 5")
                .contains("ditto.keys.cache_size");
    }

    @Test
    void uploadsHaveTheirOwnLimitAndPassthroughAccountsNameDeployments() {
        GatewaySettings settings = load("""
                model_list:
                  - {model_name: gpt-4o, litellm_params: {model: openai/gpt-4o}, model_info: {id: oai-1}}
                ditto:
                  max_upload_body: 64MiB
                  passthrough: {files_deployment: gpt-4o, responses_deployment: oai-1}
                """, Map.of());

        assertThat(load("{}", Map.of()).maxUploadBytes()).isEqualTo(512L << 20);
        assertThat(load("ditto: {max_request_body: 1GiB}\n", Map.of()).maxUploadBytes()).isEqualTo(1L << 30);
        assertThat(settings.maxUploadBytes()).isEqualTo(64L << 20);
        assertThat(settings.ditto().passthrough())
                .isEqualTo(new DittoSettings.PassthroughSettings("gpt-4o", "oai-1"));
    }

    @Test
    void passthroughAccountsMustBeOpenAiCompatibleDeployments() {
        InvalidConfigException failure = loadFailure("""
                model_list:
                  - {model_name: gpt-4o, litellm_params: {model: openai/gpt-4o}}
                  - {model_name: claude, litellm_params: {model: anthropic/claude-sonnet-4-5}}
                ditto:
                  passthrough: {files_deployment: gpt-4, responses_deployment: claude}
                """);

        assertThat(failure.problems()).extracting(ConfigProblem::path).containsExactly(
                "ditto.passthrough.files_deployment", "ditto.passthrough.responses_deployment");
        assertThat(failure.problems().get(0).message()).contains("'gpt-4'", "gpt-4o");
        assertThat(failure.problems().get(1).message()).contains("anthropic", "OpenAI-compatible");
    }

    @Test
    void environmentSuppliesDatabaseAndRedisAsInLitellm() {
        GatewaySettings settings = load("{}", Map.of(
                "DATABASE_URL", "postgresql://u:p@db/ditto", "REDIS_HOST", "cache", "REDIS_PORT", "6390"));

        assertThat(settings.generalSettings().databaseUrl().reveal()).isEqualTo("postgresql://u:p@db/ditto");
        assertThat(settings.redisEndpoint()).get().extracting(RedisEndpoint::describe).isEqualTo("cache:6390");
        assertThat(load("{}", Map.of("REDIS_URL", "redis://:pw@cache:6379/0")).redisEndpoint().orElseThrow().describe())
                .isEqualTo("redis://cache:6379/0");
    }

    @Test
    void dittoRedisUrlNamesRedisAndWinsOverLitellmsVariables() {
        assertThat(load("{}", Map.of("DITTO_REDIS_URL", "redis://ditto-cache:6380")).redisEndpoint().orElseThrow()
                .describe()).isEqualTo("redis://ditto-cache:6380");
        assertThat(load("{}", Map.of("DITTO_REDIS_URL", "redis://ditto-cache:6380", "REDIS_URL", "redis://other:6379",
                "REDIS_HOST", "third")).redisEndpoint().orElseThrow().describe()).isEqualTo("redis://ditto-cache:6380");
        // The config file still wins over the environment, as LiteLLM's router_settings do.
        assertThat(load("router_settings: {redis_host: configured}\n", Map.of("DITTO_REDIS_URL", "redis://ditto-cache:6380"))
                .redisEndpoint().orElseThrow().describe()).isEqualTo("configured:6379");

        InvalidConfigException failure = catchThrowableOfType(InvalidConfigException.class,
                () -> load("{}", Map.of("DITTO_REDIS_URL", "http://cache:6379", "REDIS_URL", "redis://fine:6379")));
        assertThat(failure.problems()).extracting(ConfigProblem::path).containsExactly("DITTO_REDIS_URL");
        assertThat(failure.problems().get(0).message()).contains("redis://");
    }

    @Test
    void effectiveConfigMasksEverySecret() {
        String rendered = EffectiveConfig.render(load(LITELLM_CONFIG, ENV));

        assertThat(rendered).doesNotContain("azure-secret", "sk-openai-secret", "sk-ant-secret", "redis-secret",
                "sk-1234", "postgresql://ditto:pw");
        assertThat(rendered).contains("master_key: \"<masked>\"", "model_name: \"gpt-4o\"", "api_base:");
        assertThat(EffectiveConfig.render(load("model_list: [{model_name: a, litellm_params: {model: ditto/echo}}]", ENV)))
                .doesNotContain("null");
    }

    @Test
    void launcherOverridesWin() {
        GatewaySettings settings = load("ditto: {server: {port: 8080}}\n", Map.of())
                .with(new LauncherOverrides(null, "0.0.0.0", 9000, java.nio.file.Path.of("/tmp/d")));

        assertThat(settings.ditto().server()).isEqualTo(new DittoSettings.ServerSettings("0.0.0.0", 9000));
        assertThat(settings.ditto().dataDir()).hasToString("/tmp/d");
    }

    @Test
    void secretNeverPrintsItsValue() {
        Secret secret = Secret.of("sk-live");

        assertThat(secret).hasToString("<masked>");
        assertThat(String.valueOf(java.util.List.of(secret))).doesNotContain("sk-live");
        assertThatThrownBy(() -> Secret.of(null)).isInstanceOf(NullPointerException.class);
    }
}
