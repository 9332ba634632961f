package dev.ditto.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class UsageTest {

    @Test
    void derivesTheInputTotalFromAnthropicsParts() {
        // Anthropic: input_tokens excludes cache; total = input + creation + read (WIRE-FORMATS.md).
        Usage usage = Usage.builder().noCacheTokens(1051L).cacheWriteTokens(200L).cacheReadTokens(3000L)
                .outputTokens(35L).build();

        assertThat(usage.input()).isEqualTo(new Usage.Input(4251L, 1051L, 3000L, 200L));
        assertThat(usage.output()).isEqualTo(new Usage.Output(35L, null, null));
        assertThat(usage.totalTokens()).isEqualTo(4286L);
    }

    @Test
    void derivesNonCachedInputAndTextOutputFromOpenAiTotals() {
        Usage usage = Usage.builder().inputTokens(1200L).cacheReadTokens(1000L)
                .outputTokens(300L).reasoningTokens(250L).totalTokens(1500L).build();

        assertThat(usage.input()).isEqualTo(new Usage.Input(1200L, 200L, 1000L, null));
        assertThat(usage.output()).isEqualTo(new Usage.Output(300L, 50L, 250L));
        assertThat(usage.totalTokens()).isEqualTo(1500L);
    }

    @Test
    void derivesTheOutputTotalFromGeminisCandidatesAndThoughts() {
        Usage usage = Usage.builder().inputTokens(9L).cacheReadTokens(0L).textTokens(23L).reasoningTokens(185L).build();

        assertThat(usage.output()).isEqualTo(new Usage.Output(208L, 23L, 185L));
        assertThat(usage.input().noCache()).isEqualTo(9L);
    }

    @Test
    void leavesUnknownCountsNullInsteadOfGuessingZero() {
        Usage usage = Usage.builder().inputTokens(100L).outputTokens(20L).build();

        assertThat(usage.input().noCache()).as("no cache counts reported").isNull();
        assertThat(usage.output().text()).as("no reasoning count reported").isNull();
        assertThat(Usage.empty().totalTokens()).isNull();
    }

    @Test
    void doesNotDeriveNegativeCountsFromInconsistentProviderData() {
        Usage usage = Usage.builder().inputTokens(10L).cacheReadTokens(50L).outputTokens(5L).reasoningTokens(9L).build();

        assertThat(usage.input().noCache()).isNull();
        assertThat(usage.output().text()).isNull();
    }

    @Test
    void rejectsNegativeCountsQuotingThem() {
        assertThatThrownBy(() -> Usage.builder().cacheReadTokens(-1L))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("cacheReadTokens must not be negative but was -1");
    }

    @Test
    void keepsACopyOfTheRawUsage() {
        ObjectNode raw = new ObjectMapper().createObjectNode().put("prompt_tokens", 5);
        Usage usage = Usage.builder().inputTokens(5L).raw(raw).build();

        raw.put("prompt_tokens", 6);

        assertThat(usage.raw().path("prompt_tokens").asInt()).isEqualTo(5);
        assertThat(usage.toBuilder().build()).isEqualTo(usage);
    }
}
