package dev.ditto.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigDecimal;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * How requests are priced beyond the built-in table and the deployments' own
 * {@code input_cost_per_token} / {@code output_cost_per_token} ({@code ditto.pricing}).
 *
 * @param unpriced what to do with a model that has no price when a budget applies
 * @param defaultInputCostPerToken USD per input token charged under {@code charge_default}
 * @param defaultOutputCostPerToken USD per output token charged under {@code charge_default}
 * @param defaultMaxOutputTokens the output cap assumed for models whose cap is unknown, when a
 *     request sets no {@code max_tokens}
 */
public record PricingSettings(Unpriced unpriced, @Nullable BigDecimal defaultInputCostPerToken,
        @Nullable BigDecimal defaultOutputCostPerToken, @Nullable Integer defaultMaxOutputTokens) {

    /** The policy for models without a price. */
    public enum Unpriced {
        /** Refuse requests that a budget applies to. */
        DENY,
        /** Charge the default price. */
        CHARGE_DEFAULT;

        /** @return the name as written in the file, for the effective-configuration log */
        @JsonValue
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static PricingSettings read(ConfigReader in) {
        String policy = in.string("unpriced", "deny");
        Unpriced unpriced = switch (policy.toLowerCase(Locale.ROOT)) {
            case "deny" -> Unpriced.DENY;
            case "charge_default" -> Unpriced.CHARGE_DEFAULT;
            default -> {
                in.context().problem(in.pathOf("unpriced"), "expected deny or charge_default, got '" + policy + "'");
                yield Unpriced.DENY;
            }
        };
        BigDecimal input = in.money("default_input_cost_per_token");
        BigDecimal output = in.money("default_output_cost_per_token");
        Integer cap = in.integer("default_max_output_tokens", 1, Integer.MAX_VALUE);
        if (unpriced == Unpriced.CHARGE_DEFAULT && (input == null || output == null)) {
            in.context().problem(in.pathOf("unpriced"), "charge_default needs default_input_cost_per_token and "
                    + "default_output_cost_per_token");
        }
        in.finish();
        return new PricingSettings(unpriced, input, output, cap);
    }

    /**
     * Returns the settings when nothing is configured.
     *
     * @return deny unpriced models, no default price
     */
    public static PricingSettings defaults() {
        return new PricingSettings(Unpriced.DENY, null, null, null);
    }
}
