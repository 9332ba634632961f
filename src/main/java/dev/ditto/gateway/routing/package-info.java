/**
 * Routing: a model name maps to a group of deployments; a strategy picks one per attempt;
 * a cooldown (circuit breaker) sets failing deployments aside for a while. Plain in-process
 * state: fast, lock-free on the hot path, and bounded by the number of configured deployments.
 */
@NullMarked
package dev.ditto.gateway.routing;

import org.jspecify.annotations.NullMarked;
