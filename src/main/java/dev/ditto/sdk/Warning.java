package dev.ditto.sdk;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A note that part of a request was dropped or approximated because the provider cannot express
 * it, returned with the result instead of failing the call.
 *
 * <p>Unsupported parameters the caller explicitly asked for are rejected with an exception
 * instead; warnings are for translation losses the caller opted into. Instances are immutable.
 *
 * @param type what kind of loss this is
 * @param setting the request setting or content kind concerned, such as {@code topK}, or
 *     {@code null}
 * @param message what happened, for people
 */
public record Warning(Type type, @Nullable String setting, String message) {

    /** The kinds of loss. */
    public enum Type {
        /** A setting was ignored because the provider has no equivalent. */
        UNSUPPORTED_SETTING,
        /** A tool was not sent because the provider cannot run it. */
        UNSUPPORTED_TOOL,
        /** A content part was dropped because the provider cannot take it. */
        UNSUPPORTED_CONTENT,
        /** A setting or value was changed to the nearest one the provider accepts. */
        APPROXIMATED,
        /** Anything else. */
        OTHER
    }

    /**
     * Validates the fields.
     *
     * @param type what kind of loss this is
     * @param setting the request setting or content kind concerned, such as {@code topK}, or {@code null}
     * @param message what happened, for people
     */
    public Warning {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(message, "message");
    }

    /**
     * Returns a warning that a setting was ignored.
     *
     * @param setting the setting name, such as {@code seed}
     * @param message what happened
     * @return the warning
     */
    public static Warning unsupportedSetting(String setting, String message) {
        return new Warning(Type.UNSUPPORTED_SETTING, setting, message);
    }

    /**
     * Returns a warning that a setting was changed to the nearest accepted value.
     *
     * @param setting the setting name, such as {@code temperature}
     * @param message what was changed, quoting both values
     * @return the warning
     */
    public static Warning approximated(String setting, String message) {
        return new Warning(Type.APPROXIMATED, setting, message);
    }

    /**
     * Returns a warning of another kind.
     *
     * @param message what happened
     * @return the warning
     */
    public static Warning other(String message) {
        return new Warning(Type.OTHER, null, message);
    }
}
