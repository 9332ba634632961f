package dev.ditto.gateway.routing;

import dev.ditto.ops.RelayEvents;
import dev.ditto.sdk.Ticker;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The circuit breaker of each deployment. A deployment cools down when, within a minute, it
 * fails more than {@code allowed_fails} times, or fails at or above the failure-rate threshold
 * over enough requests, or says it is rate limited. After the cooldown one probe request is let
 * through (half-open): success closes the breaker, failure opens it again. Client errors never
 * count.
 *
 * <p>Thread-safe and lock-free: each deployment's state is an immutable value swapped by CAS.
 * Memory is bounded by the number of deployments it was built with.
 */
public final class CooldownTracker {

    /** What the router may do with a deployment now. */
    public enum Availability {
        /** Take it. */
        AVAILABLE,
        /** The cooldown is over: one probe may go, claimed with {@link #claimProbe(String)}. */
        PROBE,
        /** Skip it. */
        COOLING_DOWN
    }

    private static final long MINUTE = Duration.ofMinutes(1).toNanos();

    private final CooldownPolicy policy;
    private final Ticker ticker;
    private final RelayEvents events;
    private final Map<String, AtomicReference<State>> states = new ConcurrentHashMap<>();

    /** Counts of the current minute, and the breaker. {@code openUntil == 0} means closed. */
    private record State(long windowStart, int requests, int failures, long openUntil, boolean probing) {

        State inWindow(long now) {
            return now - windowStart >= MINUTE ? new State(now, 0, 0, openUntil, probing) : this;
        }
    }

    /**
     * Creates a tracker for a fixed set of deployments.
     *
     * @param deploymentIds every deployment id the router may pick
     * @param policy when to cool down and for how long
     * @param ticker monotonic time
     */
    public CooldownTracker(Collection<String> deploymentIds, CooldownPolicy policy, Ticker ticker) {
        this(deploymentIds, policy, ticker, RelayEvents.none());
    }

    /**
     * Creates a tracker for a fixed set of deployments that reports each cooldown it opens.
     *
     * @param deploymentIds every deployment id the router may pick
     * @param policy when to cool down and for how long
     * @param ticker monotonic time
     * @param events told of every breaker that opens
     */
    public CooldownTracker(Collection<String> deploymentIds, CooldownPolicy policy, Ticker ticker, RelayEvents events) {
        this.policy = policy;
        this.ticker = ticker;
        this.events = events;
        long now = ticker.read();
        for (String id : deploymentIds) {
            states.put(id, new AtomicReference<>(new State(now, 0, 0, 0, false)));
        }
    }

    /**
     * Takes over the breakers of the deployments a previous tracker also had, so that a
     * configuration reload neither forgets a cooldown nor lets a half-open probe through twice;
     * the two trackers share those states from then on, so attempts still in flight on the old
     * routes count here too. Deployments that are new start healthy.
     *
     * @param previous the tracker of the configuration being replaced
     */
    void adopt(CooldownTracker previous) {
        states.replaceAll((id, fresh) -> previous.states.getOrDefault(id, fresh));
    }

    /**
     * Tells whether a deployment may be picked now.
     *
     * @param id the deployment id
     * @return its availability; unknown ids are available
     */
    public Availability availability(String id) {
        AtomicReference<State> ref = states.get(id);
        if (ref == null) {
            return Availability.AVAILABLE;
        }
        State state = ref.get();
        if (state.openUntil() == 0) {
            return Availability.AVAILABLE;
        }
        if (ticker.read() - state.openUntil() < 0 || state.probing()) {
            return Availability.COOLING_DOWN;
        }
        return Availability.PROBE;
    }

    /**
     * Claims the single probe of a deployment whose cooldown is over.
     *
     * @param id the deployment id
     * @return true if this caller won the probe; false if another did or the breaker changed
     */
    public boolean claimProbe(String id) {
        AtomicReference<State> ref = states.get(id);
        if (ref == null) {
            return true;
        }
        long now = ticker.read();
        State current = ref.get();
        if (current.openUntil() == 0 || current.probing() || now - current.openUntil() < 0) {
            return current.openUntil() == 0;
        }
        return ref.compareAndSet(current, new State(current.windowStart(), current.requests(), current.failures(),
                current.openUntil(), true));
    }

    /**
     * Records a successful attempt; a successful probe closes the breaker.
     *
     * @param id the deployment id
     */
    public void recordSuccess(String id) {
        long now = ticker.read();
        update(id, state -> {
            State window = state.inWindow(now);
            if (window.openUntil() != 0 && now - window.openUntil() >= 0) {
                return new State(now, 1, 0, 0, false);
            }
            return new State(window.windowStart(), window.requests() + 1, window.failures(), window.openUntil(),
                    window.probing());
        });
    }

    /**
     * Records a failed attempt.
     *
     * @param id the deployment id
     * @param kind how it failed; {@link FailureKind#CLIENT_ERROR} counts as a request, not a
     *     failure, and releases a claimed probe (the request decided nothing about the deployment,
     *     so the next request probes again instead of the deployment staying set aside)
     */
    public void recordFailure(String id, FailureKind kind) {
        long now = ticker.read();
        State[] before = new State[1];
        State after = update(id, state -> {
            before[0] = state;
            State window = state.inWindow(now);
            if (kind == FailureKind.CLIENT_ERROR) {
                return new State(window.windowStart(), window.requests() + 1, window.failures(), window.openUntil(),
                        false);
            }
            int requests = window.requests() + 1;
            int failures = window.failures() + 1;
            boolean probeFailed = window.openUntil() != 0 && now - window.openUntil() >= 0;
            boolean tooMany = failures > policy.allowedFails();
            boolean rateTooHigh = requests >= policy.minRequestsForRate() && failures > 1
                    && failures >= policy.failureRateThreshold() * requests;
            if (probeFailed || tooMany || rateTooHigh || kind == FailureKind.RATE_LIMITED) {
                return new State(now, 0, 0, now + policy.cooldown().toNanos(), false);
            }
            return new State(window.windowStart(), requests, failures, window.openUntil(), window.probing());
        });
        // The last run of the update function saw the state its result replaced.
        if (after != null && after.openUntil() != 0 && after.openUntil() != before[0].openUntil()) {
            events.cooldownOpened(id);
        }
    }

    /**
     * Describes a deployment's breaker, for the admin health endpoint.
     *
     * @param id the deployment id
     * @return the snapshot; unknown ids look healthy
     */
    public Snapshot snapshot(String id) {
        AtomicReference<State> ref = states.get(id);
        if (ref == null) {
            return new Snapshot(Availability.AVAILABLE, Breaker.CLOSED, Duration.ZERO, 0, 0);
        }
        long now = ticker.read();
        State state = ref.get().inWindow(now);
        Breaker breaker = state.openUntil() == 0 ? Breaker.CLOSED
                : now - state.openUntil() < 0 ? Breaker.OPEN : Breaker.HALF_OPEN;
        Duration remaining = breaker == Breaker.OPEN ? Duration.ofNanos(state.openUntil() - now) : Duration.ZERO;
        return new Snapshot(availability(id), breaker, remaining, state.requests(), state.failures());
    }

    /**
     * Closes a deployment's breaker and clears its counts, as an operator's override: the
     * deployment is picked again at once.
     *
     * @param id the deployment id
     * @return false if no deployment has that id
     */
    public boolean reset(String id) {
        AtomicReference<State> ref = states.get(id);
        if (ref == null) {
            return false;
        }
        ref.set(new State(ticker.read(), 0, 0, 0, false));
        return true;
    }

    /**
     * Lets another request probe a half-open deployment whose probe was claimed by a request
     * that then never reached the deployment (so reported neither success nor failure).
     *
     * @param id the deployment id
     */
    public void releaseProbe(String id) {
        update(id, state -> state.probing()
                ? new State(state.windowStart(), state.requests(), state.failures(), state.openUntil(), false)
                : state);
    }

    private @Nullable State update(String id, UnaryOperator<State> change) {
        AtomicReference<State> ref = states.get(id);
        return ref == null ? null : ref.updateAndGet(change);
    }

    /** Where a deployment's circuit breaker stands. */
    public enum Breaker {
        /** Healthy: the router picks it. */
        CLOSED,
        /** Cooling down: the router skips it until the cooldown ends. */
        OPEN,
        /** The cooldown is over: one probe request decides (it may already be under way). */
        HALF_OPEN
    }

    /**
     * A deployment's breaker at one moment.
     *
     * @param availability what the router may do with it
     * @param breaker where the breaker stands
     * @param cooldownRemaining how long until a probe may go; zero unless {@link Breaker#OPEN}
     * @param requestsThisMinute attempts in the current minute window
     * @param failuresThisMinute failures in the current minute window
     */
    public record Snapshot(Availability availability, Breaker breaker, Duration cooldownRemaining,
            int requestsThisMinute, int failuresThisMinute) {}
}
