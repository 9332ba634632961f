package dev.ditto.gateway.routing;

/**
 * How an attempt against a deployment failed, as far as the cooldown cares. Client errors say
 * nothing about the deployment's health and never count against it.
 */
public enum FailureKind {
    /** The request was wrong (400, 401, 403, 404, 422, context window): not the deployment's fault. */
    CLIENT_ERROR,
    /** The deployment said it is rate limited (429): it needs a rest at once. */
    RATE_LIMITED,
    /** The deployment failed (5xx, broken stream, connection failure). */
    SERVER_ERROR,
    /** The deployment did not answer in time. */
    TIMEOUT
}
