package dev.ditto.control.pricing;

/** What to do with a model that has no price, when a budget needs one. Never a silent free pass. */
public enum UnpricedPolicy {
    /** Refuse requests that a budget applies to; the default. */
    DENY,
    /** Charge the configured default price. */
    CHARGE_DEFAULT
}
