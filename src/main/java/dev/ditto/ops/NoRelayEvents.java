package dev.ditto.ops;

/** The observer that ignores everything, behind {@link RelayEvents#none()}. */
enum NoRelayEvents implements RelayEvents {
    INSTANCE
}
