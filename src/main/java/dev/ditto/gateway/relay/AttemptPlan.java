package dev.ditto.gateway.relay;

import dev.ditto.config.ModelDeployment;
import dev.ditto.gateway.routing.FailureKind;
import dev.ditto.gateway.routing.Router;
import dev.ditto.sdk.AuthenticationException;
import dev.ditto.sdk.ContentFilteredException;
import dev.ditto.sdk.ContextWindowExceededException;
import dev.ditto.sdk.ModelNotFoundException;
import dev.ditto.sdk.PermissionDeniedException;
import dev.ditto.sdk.RateLimitedException;
import dev.ditto.sdk.SdkException;
import dev.ditto.sdk.UpstreamTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Which deployment to try next for one request: up to {@code retries} more attempts within
 * the model group (another deployment when one is left, else the same one after a back-off),
 * then the fallback groups in order. Errors that are the client's fault end the plan; errors
 * specific to a deployment (its key, its model, its context window, its content filter) move
 * to the fallbacks. Not thread-safe: one request's attempts are sequential.
 */
final class AttemptPlan {

    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration BACKOFF_CAP = Duration.ofSeconds(2);

    private final Router router;
    private final String primary;
    private final int retries;
    private final RandomGenerator random;
    private final Set<String> visitedGroups = new LinkedHashSet<>();
    private @Nullable Deque<String> fallbacks;
    private String group;
    private int attemptsInGroup;
    private final Set<String> triedInGroup = new HashSet<>();

    /** The next attempt: a deployment, and how long to wait before calling it. */
    record Attempt(ModelDeployment deployment, Duration delay) {}

    AttemptPlan(Router router, String group, int retries, RandomGenerator random) {
        this.router = router;
        this.primary = group;
        this.group = group;
        this.retries = retries;
        this.random = random;
        visitedGroups.add(group);
    }

    /**
     * Picks the next attempt after a failure, or the first one.
     *
     * @param failure why the previous attempt failed; null for the first attempt
     * @return the attempt, or empty when nothing is left to try
     */
    Optional<Attempt> next(@Nullable SdkException failure) {
        if (failure == null) {
            return select(Duration.ZERO);
        }
        if (failure.isRetryable() && attemptsInGroup <= retries) {
            Optional<Attempt> again = select(backoff(failure));
            if (again.isPresent()) {
                return again;
            }
        }
        Router.FallbackReason reason = fallbackReason(failure);
        if (reason == null) {
            return Optional.empty();
        }
        if (fallbacks == null) {
            fallbacks = new ArrayDeque<>(router.fallbacks(primary, reason));
        }
        while (!fallbacks.isEmpty()) {
            String next = fallbacks.poll();
            if (!visitedGroups.add(next)) {
                continue;
            }
            group = next;
            attemptsInGroup = 0;
            triedInGroup.clear();
            Optional<Attempt> attempt = select(Duration.ZERO);
            if (attempt.isPresent()) {
                router.events().fallback(primary, next);
                return attempt;
            }
        }
        return Optional.empty();
    }

    private Optional<Attempt> select(Duration backoff) {
        Optional<ModelDeployment> fresh = router.select(group, triedInGroup);
        Duration delay = Duration.ZERO;
        if (fresh.isEmpty() && attemptsInGroup > 0 && attemptsInGroup <= retries) {
            // Every deployment of the group was tried: try again, after a back-off.
            fresh = router.select(group, Set.of());
            delay = backoff;
        }
        fresh.ifPresent(deployment -> {
            attemptsInGroup++;
            triedInGroup.add(deployment.id());
        });
        Duration wait = delay;
        return fresh.map(deployment -> new Attempt(deployment, wait));
    }

    private Duration backoff(SdkException failure) {
        Duration retryAfter = failure.retryAfter();
        if (retryAfter != null) {
            return retryAfter.compareTo(DataPlane.MAX_BACKOFF) > 0 ? DataPlane.MAX_BACKOFF : retryAfter;
        }
        long base = FIRST_BACKOFF.toMillis() << Math.min(attemptsInGroup - 1, 5);
        long capped = Math.min(base, BACKOFF_CAP.toMillis());
        // Full jitter between half and all of the capped exponential delay.
        return Duration.ofMillis(capped / 2 + random.nextLong(capped / 2 + 1));
    }

    /** The fallback list that applies, or null when the failure is the client's fault. */
    static Router.@Nullable FallbackReason fallbackReason(SdkException failure) {
        if (failure instanceof ContextWindowExceededException) {
            return Router.FallbackReason.CONTEXT_WINDOW;
        }
        if (failure instanceof ContentFilteredException) {
            return Router.FallbackReason.CONTENT_POLICY;
        }
        if (failure.isRetryable() || failure instanceof AuthenticationException
                || failure instanceof PermissionDeniedException || failure instanceof ModelNotFoundException) {
            return Router.FallbackReason.ERROR;
        }
        return null;
    }

    /** How a failure counts against the deployment's cooldown. */
    static FailureKind failureKind(SdkException failure) {
        if (failure instanceof RateLimitedException) {
            return FailureKind.RATE_LIMITED;
        }
        if (failure instanceof UpstreamTimeoutException) {
            return FailureKind.TIMEOUT;
        }
        if (failure.isRetryable() || failure instanceof AuthenticationException
                || failure instanceof PermissionDeniedException || failure instanceof ModelNotFoundException) {
            return FailureKind.SERVER_ERROR;
        }
        return FailureKind.CLIENT_ERROR;
    }
}
