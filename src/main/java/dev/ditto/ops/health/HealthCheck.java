package dev.ditto.ops.health;

import java.util.concurrent.Callable;

/**
 * One dependency the gateway needs to serve traffic, such as the database or Redis.
 *
 * @param name the name shown in the readiness detail, such as {@code database}
 * @param target what is checked, without credentials, such as {@code redis 10.0.0.5:6379}
 * @param probe throws when the dependency is unusable; its return value is ignored
 */
public record HealthCheck(String name, String target, Callable<?> probe) {

    /**
     * Creates a check.
     *
     * @param name the name shown in the readiness detail
     * @param target what is checked, without credentials
     * @param probe throws when the dependency is unusable
     * @return the check
     */
    public static HealthCheck of(String name, String target, Callable<?> probe) {
        return new HealthCheck(name, target, probe);
    }
}
