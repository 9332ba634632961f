package dev.ditto.gateway.routing;

import dev.ditto.config.RouterSettings;
import java.time.Duration;

/**
 * When a deployment is set aside, and for how long.
 *
 * @param allowedFails failures per minute that are tolerated; one more starts a cooldown
 * @param cooldown how long a cooled-down deployment is skipped before one probe request is let through
 * @param minRequestsForRate requests in the minute before the failure-rate rule applies
 * @param failureRateThreshold the failure share (0..1) in the minute that starts a cooldown
 */
public record CooldownPolicy(int allowedFails, Duration cooldown, int minRequestsForRate, double failureRateThreshold) {

    /** LiteLLM's defaults: 3 failures a minute, 5 seconds of cooldown; a 50 % failure rate over 5+ requests. */
    public static CooldownPolicy ofDefaults() {
        return new CooldownPolicy(3, Duration.ofSeconds(5), 5, 0.5);
    }

    /**
     * Reads the policy from {@code router_settings}, keeping the defaults for what is not set.
     *
     * @param settings the router settings
     * @return the policy
     */
    public static CooldownPolicy from(RouterSettings settings) {
        CooldownPolicy defaults = ofDefaults();
        return new CooldownPolicy(
                settings.allowedFails() != null ? settings.allowedFails() : defaults.allowedFails(),
                settings.cooldownTime() != null ? settings.cooldownTime() : defaults.cooldown(),
                defaults.minRequestsForRate(),
                defaults.failureRateThreshold());
    }
}
