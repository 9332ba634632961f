package dev.ditto.ops;

import dev.ditto.sdk.SdkException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What the relay and the router report beyond the settled record of a request: failed upstream
 * attempts, cooldowns, fallbacks, open streams, admission rejections and the timing split of
 * a served request. Every method has a no-op default, so an observer implements only what it
 * needs, and {@link #none()} observes nothing.
 *
 * <p>Called on request threads and upstream callbacks: implementations are thread-safe, return
 * at once and never throw (a hook must not fail a request).
 */
public interface RelayEvents {

    /**
     * Returns the observer that ignores everything.
     *
     * @return the no-op observer
     */
    static RelayEvents none() {
        return NoRelayEvents.INSTANCE;
    }

    /**
     * An upstream attempt failed (it may still be retried or fall back), or a stream broke.
     *
     * @param deploymentId the deployment called
     * @param failure what the adapter reported
     */
    default void attemptFailed(String deploymentId, SdkException failure) {}

    /**
     * A deployment's circuit breaker opened: the router skips it until the cooldown ends.
     *
     * @param deploymentId the deployment
     */
    default void cooldownOpened(String deploymentId) {}

    /**
     * A request moved on to a fallback model group after its own group failed.
     *
     * @param fromGroup the model group the client asked for
     * @param toGroup the fallback group the next attempt goes to
     */
    default void fallback(String fromGroup, String toGroup) {}

    /** A stream started: its first event is on its way to the client. */
    default void streamOpened() {}

    /** A stream that {@link #streamOpened() opened} ended, however it ended. */
    default void streamClosed() {}

    /**
     * Admission refused a request (a rate limit or a budget) before any upstream call.
     *
     * @param reason the refusal's machine-readable code, such as {@code rate_limit_exceeded}
     */
    default void admissionRejected(String reason) {}

    /**
     * A request was answered by an upstream: how its time split between the gateway and the
     * upstream. Reported once per answered request, when it settles.
     *
     * @param route the route group, such as {@code /v1/chat/completions}
     * @param modelGroup the model group asked for, if any
     * @param deploymentId the deployment that answered
     * @param overhead from receiving the request to calling the deployment that answered
     *     (the {@code x-ditto-overhead-duration-ms} header: routing, translation, and any
     *     earlier failed attempts and back-off)
     * @param upstream from that call to the end of the answer
     */
    default void timed(String route, @Nullable String modelGroup, String deploymentId, Duration overhead,
            Duration upstream) {}
}
