package dev.ditto.control.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What a model group may cost, fallbacks included, and the policy for unpriced deployments. */
class PriceBookTest {

    private static final ModelPrice CHEAP = ModelPrice.perMillion("0.15", "0.60").withMaxOutputTokens(16_384L);
    private static final ModelPrice DEAR = ModelPrice.perMillion("2.50", "10").withMaxOutputTokens(16_384L);

    @Test
    void theWorstCaseOfAGroupCoversItsDeploymentsAndFallbacks() {
        PriceBook book = PriceBook.builder()
                .deployment("mini-1", "mini", CHEAP)
                .deployment("big-1", "big", DEAR)
                .reaches("mini", "big")
                .build();

        assertThat(book.worstCase("mini")).contains(CHEAP.max(DEAR));
        assertThat(book.deployment("mini-1")).contains(CHEAP);
    }

    @Test
    void aReloadedBookStillPricesTheDeploymentsItDroppedForOneGenerationButNotTheirWorstCase() {
        PriceBook first = PriceBook.builder().deployment("big-1", "gpt", DEAR).build();
        PriceBook second = PriceBook.builder().deployment("mini-1", "gpt", CHEAP).build().succeeding(first);

        assertThat(second.deployment("big-1")).as("a request admitted before the reload settles at its price")
                .contains(DEAR);
        assertThat(second.deployment("mini-1")).contains(CHEAP);
        assertThat(second.worstCase("gpt")).as("new reservations use the reloaded deployments only").contains(CHEAP);

        PriceBook third = PriceBook.builder().deployment("mini-2", "gpt", CHEAP).build().succeeding(second);
        assertThat(third.deployment("mini-1")).contains(CHEAP);
        assertThat(third.deployment("big-1")).as("only one configuration back").isEmpty();
    }

    @Test
    void anUnpricedDeploymentIsDeniedByDefault() {
        PriceBook book = PriceBook.builder().deployment("local", "llama", null).deployment("mini-1", "mini", CHEAP)
                .reaches("mini", "llama").build();

        assertThat(book.policy()).isEqualTo(UnpricedPolicy.DENY);
        assertThat(book.deployment("local")).isEmpty();
        assertThat(book.worstCase("llama")).isEmpty();
        assertThat(book.worstCase("mini")).as("a fallback without a price makes the group unpriced").isEmpty();
        assertThat(book.worstCase("unknown-group")).isEmpty();
    }

    @Test
    void chargeDefaultPricesUnpricedDeploymentsAtTheDefault() {
        ModelPrice fallback = ModelPrice.perMillion("10", "30");
        PriceBook book = PriceBook.builder().deployment("local", "llama", null)
                .unpriced(UnpricedPolicy.CHARGE_DEFAULT, fallback).build();

        assertThat(book.deployment("local")).contains(fallback);
        assertThat(book.worstCase("llama")).contains(fallback);
    }

    @Test
    void chargeDefaultNeedsADefault() {
        assertThatThrownBy(() -> PriceBook.builder().unpriced(UnpricedPolicy.CHARGE_DEFAULT, null))
                .hasMessageContaining("needs a default price");
    }
}
