package dev.ditto.config;

import java.util.Objects;

/**
 * A configuration value that must never appear in logs: API keys, master keys, passwords and
 * database URLs with credentials. {@link #toString()} is always {@value #MASK}; call
 * {@link #reveal()} only where the value is handed to the system that needs it.
 *
 * <p>Immutable and thread-safe.
 */
public final class Secret {

    /** What {@link #toString()} prints instead of the value. */
    public static final String MASK = "<masked>";

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /**
     * Wraps a secret value.
     *
     * @param value the plain value
     * @return the secret
     * @throws NullPointerException if {@code value} is null
     */
    public static Secret of(String value) {
        return new Secret(Objects.requireNonNull(value, "value"));
    }

    /**
     * Returns the plain value, for the one place that needs it (an HTTP header, a JDBC pool).
     *
     * @return the unmasked value
     */
    public String reveal() {
        return value;
    }

    /**
     * Tells whether the value is empty, which usually means "not configured".
     *
     * @return true if the value has no characters
     */
    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && secret.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return MASK;
    }
}
