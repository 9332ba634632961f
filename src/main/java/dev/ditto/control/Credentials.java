package dev.ditto.control;

import org.jspecify.annotations.Nullable;

/**
 * What a request presents to prove who it is.
 *
 * @param token the API key from {@code Authorization: Bearer}, {@code x-api-key} or
 *     {@code api-key}; null when none was sent
 * @param route the route group the request is for, such as {@code /v1/chat/completions}
 * @param clientAddress the client's address, for security events
 */
public record Credentials(@Nullable String token, String route, String clientAddress) {}
