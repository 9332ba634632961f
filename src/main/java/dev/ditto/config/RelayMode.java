package dev.ditto.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/**
 * How the relay calls one deployment ({@code litellm_params.ditto_mode}): forward the client's
 * OpenAI request as it is, or translate it through the provider's adapter.
 */
public enum RelayMode {

    /** Passthrough where the deployment and the route allow it, unless {@code ditto.relay.passthrough} is false. */
    AUTO,
    /** Passthrough where the route allows it; the provider must speak OpenAI's API (checked at startup). */
    PASSTHROUGH,
    /** Always through the adapter, as for any other provider. */
    TRANSLATE;

    /**
     * Returns the name written in the configuration.
     *
     * @return {@code auto}, {@code passthrough} or {@code translate}
     */
    @JsonValue
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads a configured name.
     *
     * @param name such as {@code passthrough}
     * @return the mode, or empty when the name is none of them
     */
    public static Optional<RelayMode> byName(String name) {
        for (RelayMode mode : values()) {
            if (mode.configName().equals(name)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
