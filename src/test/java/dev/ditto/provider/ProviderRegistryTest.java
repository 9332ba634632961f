package dev.ditto.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ditto.config.ProviderNames;
import dev.ditto.sdk.LanguageModel;
import dev.ditto.sdk.LanguageModelResult;
import dev.ditto.sdk.http.HttpTransportConfig;
import dev.ditto.testing.CapturedRequest;
import dev.ditto.testing.FakeUpstream;
import dev.ditto.testing.Reply;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every provider prefix the configuration accepts reaches the right adapter, with the right auth. */
class ProviderRegistryTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final FakeUpstream upstream = FakeUpstream.start();
    private final ProviderRegistry registry = new ProviderRegistry(Map.of("MISTRAL_API_KEY", "from-env")::get);

    @AfterEach
    void close() {
        registry.close();
        upstream.close();
    }

    static Stream<Arguments> providers() {
        String openAiText = "openai-chat/openai-text.json";
        return Stream.of(
                Arguments.of("openai", "/v1/chat/completions", openAiText, "authorization", "Bearer sk-test"),
                Arguments.of("azure", "/openai/deployments/m1/chat/completions", openAiText, "api-key", "sk-test"),
                Arguments.of("anthropic", "/v1/messages", "anthropic-messages/anthropic-text.json", "x-api-key", "sk-test"),
                Arguments.of("gemini", "/v1beta/models/m1:generateContent", "google-gemini/google-text.json",
                        "x-goog-api-key", "sk-test"),
                Arguments.of("deepseek", "/v1/chat/completions", "deepseek-chat/deepseek-text.json", "authorization",
                        "Bearer sk-test"),
                Arguments.of("groq", "/v1/chat/completions", "groq-chat/groq-text.json", "authorization", "Bearer sk-test"),
                Arguments.of("xai", "/v1/chat/completions", "xai-chat/xai-text.json", "authorization", "Bearer sk-test"),
                Arguments.of("together_ai", "/v1/chat/completions", openAiText, "authorization", "Bearer sk-test"),
                Arguments.of("hosted_vllm", "/v1/chat/completions", openAiText, "authorization", "Bearer sk-test"),
                Arguments.of("openai_compatible", "/v1/chat/completions", openAiText, "authorization", "Bearer sk-test"));
    }

    private URI base(String provider) {
        return switch (provider) {
            case "azure" -> upstream.baseUri();
            case "gemini" -> upstream.uri("/v1beta");
            default -> upstream.uri("/v1");
        };
    }

    @ParameterizedTest
    @MethodSource("providers")
    void providerPrefixSelectsTheAdapter(String provider, String path, String fixture, String header, String value) {
        upstream.onPrefix("POST", path).enqueue(Reply.fixture(fixture));
        ProviderConfig config = new ProviderConfig(provider, base(provider), "sk-test", null, null, Map.of("x-team", "a"));

        LanguageModel model = registry.languageModel(config, "m1");
        LanguageModelResult result = model.generate("hello");

        CapturedRequest request = upstream.awaitRequest(1, TIMEOUT);
        assertThat(request.path()).isEqualTo(path);
        assertThat(request.header(header)).contains(value);
        assertThat(request.header("x-team")).contains("a");
        assertThat(result.text()).isNotBlank();
    }

    @Test
    void everyConfigurableProviderIsSupported() {
        assertThat(ProviderNames.SUPPORTED).allSatisfy(name -> assertThat(ProviderRegistry.supports(name)).as(name).isTrue());
        assertThat(ProviderRegistry.supports("bedrock")).isFalse();
    }

    @Test
    void keyComesFromTheProvidersVariableWhenTheConfigHasNone() {
        upstream.onPrefix("POST", "/v1/chat/completions").enqueue(Reply.fixture("mistral-chat/mistral-text.json"));

        registry.languageModel(new ProviderConfig("mistral", upstream.uri("/v1"), null, null, null, Map.of()), "m")
                .generate("hi");

        assertThat(upstream.awaitRequest(1, TIMEOUT).header("authorization")).contains("Bearer from-env");
    }

    @Test
    void sameConfigSharesOneProvider() {
        ProviderConfig config = new ProviderConfig("openai", upstream.uri("/v1"), "k", null, null, Map.of());

        registry.languageModel(config, "a");
        registry.languageModel(config, "b");
        registry.embeddingModel(config, "e");

        assertThat(registry.providerCount()).isEqualTo(1);
        registry.responsesModel(config, "r");
        assertThat(registry.providerCount()).isEqualTo(2);
    }

    @Test
    void echoNeedsNothingAndRefusalsNameTheProblem() {
        assertThat(registry.languageModel("ditto/echo").generate("echo this back").text()).isEqualTo("echo this back");
        assertThatThrownBy(() -> registry.languageModel(ProviderConfig.of("azure"), "dep"))
                .hasMessageContaining("api_base");
        assertThatThrownBy(() -> registry.embeddingModel(ProviderConfig.of("anthropic"), "x"))
                .hasMessageContaining("no embedding models");
        assertThatThrownBy(() -> registry.languageModel("gpt-4o")).hasMessageContaining("provider/model");
    }

    @Test
    void closedRegistryRefusesNewModels() {
        registry.languageModel(new ProviderConfig("openai", upstream.uri("/v1"), "k", null, null, Map.of()), "a");
        registry.close();

        assertThat(registry.providerCount()).isZero();
        assertThatThrownBy(() -> registry.languageModel(ProviderConfig.of("openai"), "a"))
                .hasMessageContaining("closed");
    }

    @Test
    void retainForgetsUnusedProvidersWhileTheirModelsKeepWorkingUntilTheRegistryCloses() {
        ProviderConfig kept = new ProviderConfig("openai", upstream.uri("/v1"), "k", null, null, Map.of());
        ProviderConfig rotated = new ProviderConfig("openai", upstream.uri("/v1"), "old-key", null, null, Map.of(),
                Duration.ofSeconds(5), null, null, null);
        upstream.onPrefix("POST", "/v1/chat/completions").defaultReply(Reply.fixture("openai-chat/openai-text.json"));
        registry.languageModel(kept, "a");
        registry.responsesModel(kept, "r");
        LanguageModel inFlight = registry.languageModel(rotated, "a");
        assertThat(registry.providerCount()).isEqualTo(3);

        assertThat(registry.retain(java.util.Set.of(kept))).isEqualTo(1);

        assertThat(registry.providerCount()).as("both kinds of provider of the kept config stay").isEqualTo(2);
        assertThat(inFlight.generate("still works").text()).as("a model already handed out keeps working").isNotBlank();
        assertThat(upstream.awaitRequest(1, TIMEOUT).header("authorization")).contains("Bearer old-key");
        registry.languageModel(kept, "b");
        assertThat(registry.providerCount()).as("the kept config's provider is reused").isEqualTo(2);
        registry.close();
        assertThatThrownBy(() -> inFlight.generate("after close"))
                .as("what retain dropped is closed with the registry while still reachable").isNotNull();
    }

    @Test
    void chatAndResponsesOfOneAccountWithTimeoutsEachMapErrorsTheirOwnWay() {
        ProviderConfig bounded = new ProviderConfig("openai", upstream.uri("/v1"), "k", null, null, Map.of(),
                Duration.ofSeconds(5), null, null, null);
        upstream.onPrefix("POST", "/v1/responses").defaultReply(Reply.json(500,
                "{\"error\":{\"message\":\"the vector store timed out\",\"type\":\"server_error\","
                        + "\"code\":\"vector_store_timeout\"}}"));
        registry.languageModel(bounded, "gpt-4.1-nano");

        LanguageModel responses = registry.responsesModel(bounded, "gpt-4.1-nano");

        // The Responses API's own code, which only its error mapper knows, names the failure.
        assertThatThrownBy(() -> responses.generate("hi")).isInstanceOf(dev.ditto.sdk.UpstreamTimeoutException.class);
    }

    @Test
    void timeoutsGetATransportOfTheirOwnThatTheRegistryCloses() {
        ProviderConfig plain = new ProviderConfig("openai", upstream.uri("/v1"), "k", null, null, Map.of());
        ProviderConfig bounded = new ProviderConfig("openai", upstream.uri("/v1"), "k", null, null, Map.of(),
                Duration.ofSeconds(5), Duration.ofSeconds(2), null, null);
        upstream.onPrefix("POST", "/v1/chat/completions").enqueue(Reply.fixture("openai-chat/openai-text.json"));

        registry.languageModel(plain, "a");
        assertThat(registry.languageModel(bounded, "a").generate("hi").text()).isNotBlank();

        assertThat(registry.providerCount()).isEqualTo(2);
        registry.close();
        assertThat(registry.providerCount()).isZero();
    }

    @Test
    void eachOfTheFourTimeoutsReachesTheDeploymentsTransport() {
        ProviderConfig all = new ProviderConfig("openai", upstream.uri("/v1"), "k", null, null, Map.of(),
                Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(5));
        ProviderConfig totalOnly = new ProviderConfig("openai", upstream.uri("/v2"), "k", null, null, Map.of(),
                Duration.ofSeconds(4), null, null, null);
        ProviderConfig tooLong = new ProviderConfig("openai", upstream.uri("/v3"), "k", null, null, Map.of(),
                Duration.ofSeconds(3), null, Duration.ofSeconds(20), Duration.ofSeconds(60));

        HttpTransportConfig bounded = registry.openAiUpstream(all).orElseThrow().transport().config();
        HttpTransportConfig derived = registry.openAiUpstream(totalOnly).orElseThrow().transport().config();
        HttpTransportConfig capped = registry.openAiUpstream(tooLong).orElseThrow().transport().config();

        assertThat(bounded.totalTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(bounded.firstByteTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(bounded.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(bounded.idleTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(derived.firstByteTimeout()).as("a first byte is never later than the end").isEqualTo(Duration.ofSeconds(4));
        assertThat(derived.connectTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(capped.connectTimeout()).as("no bound exceeds the whole request's").isEqualTo(Duration.ofSeconds(3));
        assertThat(capped.idleTimeout()).isEqualTo(Duration.ofSeconds(3));
    }
}
