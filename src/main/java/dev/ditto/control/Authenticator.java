package dev.ditto.control;

/**
 * Resolves a request's credentials to its {@link Caller}. Implementations answer from memory
 * (a bounded cache of keys), never with a database round trip per request. Thread-safe.
 */
@FunctionalInterface
public interface Authenticator {

    /**
     * Resolves the caller.
     *
     * @param credentials what the request presented
     * @return the caller
     * @throws AccessDeniedException if the credentials are missing, unknown, blocked or expired,
     *     or the key may not use the route
     */
    Caller authenticate(Credentials credentials);
}
