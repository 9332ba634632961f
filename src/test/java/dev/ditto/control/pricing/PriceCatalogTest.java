package dev.ditto.control.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The built-in price table covers the common models, and lookups find dated snapshots. */
class PriceCatalogTest {

    private final PriceCatalog catalog = PriceCatalog.ofDefaults();

    @ParameterizedTest
    @CsvSource({
        "openai, gpt-4o, 2.50, 10.00",
        "openai, gpt-4o-mini, 0.15, 0.60",
        "openai, gpt-4.1, 2.00, 8.00",
        "openai, gpt-4.1-mini, 0.40, 1.60",
        "openai, gpt-4.1-nano, 0.10, 0.40",
        "openai, o3, 2.00, 8.00",
        "openai, o4-mini, 1.10, 4.40",
        "openai, gpt-5, 1.25, 10.00",
        "openai, gpt-5-mini, 0.25, 2.00",
        "openai, gpt-5-nano, 0.05, 0.40",
        "anthropic, claude-sonnet-4-5, 3.00, 15.00",
        "anthropic, claude-haiku-4-5, 1.00, 5.00",
        "anthropic, claude-opus-4-1, 15.00, 75.00",
        "gemini, gemini-2.0-flash, 0.10, 0.40",
        "gemini, gemini-2.5-flash, 0.30, 2.50",
        "gemini, gemini-2.5-pro, 1.25, 10.00",
        "openai, text-embedding-3-small, 0.02, 0",
        "openai, text-embedding-3-large, 0.13, 0",
        "ditto, echo, 0, 0",
    })
    void listsTheCommonModels(String provider, String model, String input, String output) {
        ModelPrice price = catalog.find(provider, model).orElseThrow();

        assertThat(price.input()).isEqualByComparingTo(input);
        assertThat(price.output()).isEqualByComparingTo(output);
    }

    @ParameterizedTest
    @CsvSource({
        "openai, gpt-4o-2024-08-06, gpt-4o",
        "azure, GPT-4o-mini, gpt-4o-mini",
        "anthropic, claude-sonnet-4-5-20250929, claude-sonnet-4-5",
        "anthropic, claude-3-5-haiku-latest, claude-3-5-haiku",
        "gemini, models/gemini-2.5-flash, gemini-2.5-flash",
    })
    void findsSnapshotsAndAliasesByTheirFamily(String provider, String model, String family) {
        assertThat(catalog.find(provider, model)).isEqualTo(catalog.find("openai", family));
    }

    @Test
    void aSnapshotListedOnItsOwnKeepsItsOwnPrice() {
        assertThat(catalog.find("openai", "gpt-4o-2024-05-13").orElseThrow().input()).isEqualByComparingTo("5.00");
    }

    @Test
    void anthropicPricesCacheWritesAboveInputAndReadsBelow() {
        ModelPrice sonnet = catalog.find("anthropic", "claude-sonnet-4-5").orElseThrow();

        assertThat(sonnet.cacheWrite()).isEqualByComparingTo("3.75");
        assertThat(sonnet.cachedInput()).isEqualByComparingTo("0.30");
        assertThat(sonnet.maxOutputTokens()).isEqualTo(64_000L);
    }

    @Test
    void anUnknownModelHasNoPrice() {
        assertThat(catalog.find("hosted_vllm", "meta-llama/Llama-3.1-8B-Instruct")).isEmpty();
    }

    @Test
    void aMalformedTableNamesTheLine() {
        assertThatThrownBy(() -> PriceCatalog.parse("model,input,output,cached_input,cache_write,reasoning,max\n"
                + "good,1,2,,,,\nbad,one,2,,,,\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 3");
    }

    @Test
    void aCustomCatalogIsCaseInsensitive() {
        PriceCatalog custom = PriceCatalog.of(java.util.Map.of("My-Model", ModelPrice.perMillion("1", "2")));

        assertThat(custom.find("openai_compatible", "my-model").orElseThrow().output())
                .isEqualTo(new BigDecimal("2"));
    }
}
