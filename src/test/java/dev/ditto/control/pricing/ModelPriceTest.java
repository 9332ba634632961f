package dev.ditto.control.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ditto.sdk.Usage;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Costs are exact: no cheap call rounds to zero, cache and reasoning tokens have their own prices. */
class ModelPriceTest {

    @Test
    void oneTokenOfATenCentModelIsOneTenMillionthOfADollarNotZero() {
        ModelPrice nano = ModelPrice.perMillion("0.10", "0.40");

        BigDecimal cost = nano.cost(Usage.builder().inputTokens(1L).outputTokens(0L).build());

        assertThat(cost).isEqualByComparingTo("0.0000001");
        assertThat(NanoDollars.ceil(cost)).isEqualTo(100);
        assertThat(NanoDollars.toUsd(NanoDollars.ceil(cost))).isEqualByComparingTo("0.0000001");
    }

    @Test
    void lessThanANanoDollarIsChargedAsOne() {
        assertThat(NanoDollars.ceil(new BigDecimal("0.0000000001"))).isEqualTo(1);
        assertThat(NanoDollars.ceil(BigDecimal.ZERO)).isZero();
        assertThat(NanoDollars.floor(new BigDecimal("1.0000000009"))).isEqualTo(1_000_000_000L);
    }

    @Test
    void cacheReadsCacheWritesAndReasoningHaveTheirOwnPrices() {
        ModelPrice price = ModelPrice.perMillion("3", "15").withCachedInput(new BigDecimal("0.30"))
                .withCacheWrite(new BigDecimal("3.75")).withReasoning(new BigDecimal("20"));
        Usage usage = Usage.builder().noCacheTokens(1_000L).cacheReadTokens(10_000L).cacheWriteTokens(2_000L)
                .outputTokens(500L).reasoningTokens(300L).build();

        // 1000*3 + 10000*0.30 + 2000*3.75 + 200*15 + 300*20 = 3000 + 3000 + 7500 + 3000 + 6000 = 22,500 per million
        assertThat(price.cost(usage)).isEqualByComparingTo("0.0225");
    }

    @Test
    void missingPricesFallBackToInputAndOutput() {
        ModelPrice price = ModelPrice.perMillion("2", "8");
        Usage usage = Usage.builder().inputTokens(1_000L).cacheReadTokens(400L).outputTokens(100L)
                .reasoningTokens(50L).build();

        assertThat(price.cost(usage)).isEqualByComparingTo("0.0028");   // 1000*2 + 100*8 per million
    }

    @Test
    void theWorstCaseUsesTheDearestInputAndOutputPrices() {
        ModelPrice price = ModelPrice.perMillion("3", "15").withCacheWrite(new BigDecimal("3.75"))
                .withReasoning(new BigDecimal("20"));

        assertThat(price.worstCase(1_000, 1_000)).isEqualByComparingTo("0.02375");
    }

    @Test
    void theMaximumOfTwoPricesIsComponentWise() {
        ModelPrice a = ModelPrice.perMillion("1", "10").withMaxOutputTokens(100L);
        ModelPrice b = ModelPrice.perMillion("2", "5").withMaxOutputTokens(200L);

        assertThat(a.max(b)).isEqualTo(new ModelPrice(new BigDecimal("2"), new BigDecimal("10"), new BigDecimal("2"),
                new BigDecimal("2"), new BigDecimal("10"), 200L));
    }
}
