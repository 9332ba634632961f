package dev.ditto.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ditto.sdk.LanguageModelRequest;
import dev.ditto.sdk.http.HttpTransport;
import dev.ditto.sdk.http.HttpTransportConfig;
import dev.ditto.testing.CapturedRequest;
import dev.ditto.testing.FakeUpstream;
import dev.ditto.testing.Reply;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnthropicProviderTest {

    @Test
    void defaultsToTheOfficialApi() {
        AnthropicProvider provider = AnthropicProvider.builder().apiKey("k").build();

        assertThat(provider.messagesUri()).isEqualTo(URI.create("https://api.anthropic.com/v1/messages"));
        assertThat(provider.version()).isEqualTo("2023-06-01");
        assertThat(provider.toString()).doesNotContain("k]").contains("<masked>");
        assertThat(provider.languageModel("claude-x").provider()).isEqualTo("anthropic");
        assertThat(provider.languageModel("claude-x").modelId()).isEqualTo("claude-x");
    }

    @Test
    void rejectsBadSettingsAtOnce() {
        assertThatThrownBy(() -> AnthropicProvider.builder().baseUrl(URI.create("ftp://x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AnthropicProvider.builder().apiKey(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AnthropicProvider.builder().defaultMaxTokens(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AnthropicProvider.builder().apiKey("k").build().languageModel(""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAuthorizationHeaderReplacesTheApiKey() {
        AnthropicProvider provider = AnthropicProvider.builder().headers(Map.of("Authorization", "Bearer t")).build();

        assertThat(provider.headers()).containsEntry("authorization", "Bearer t");
    }

    @Test
    void sendsTheConfiguredVersionHeadersAndDefaultMaxTokens() {
        try (FakeUpstream upstream = FakeUpstream.start();
                HttpTransport transport = HttpTransport.of(HttpTransportConfig.ofDefaults())) {
            upstream.on("POST", "/proxy/v1/messages").enqueue(Reply.fixture("anthropic-messages/anthropic-text.json"));
            AnthropicLanguageModel model = AnthropicProvider.builder().apiKey("k")
                    .baseUrl(upstream.uri("/proxy/v1/")).anthropicVersion("2099-01-01").header("x-team", "blue")
                    .defaultMaxTokens(777).transport(transport).build().languageModel("claude-x");

            model.generate(LanguageModelRequest.of("hi"));

            CapturedRequest sent = upstream.awaitRequest(1, AnthropicLanguageModelTest.TIMEOUT);
            assertThat(sent.header("anthropic-version")).hasValue("2099-01-01");
            assertThat(sent.header("x-team")).hasValue("blue");
            assertThat(sent.header("anthropic-beta")).isEmpty();
            assertThat(sent.bodyJson().path("max_tokens").asInt()).isEqualTo(777);
        }
    }
}
