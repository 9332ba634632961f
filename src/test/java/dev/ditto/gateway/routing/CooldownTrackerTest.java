package dev.ditto.gateway.routing;

import static dev.ditto.gateway.routing.CooldownTracker.Availability.AVAILABLE;
import static dev.ditto.gateway.routing.CooldownTracker.Availability.COOLING_DOWN;
import static dev.ditto.gateway.routing.CooldownTracker.Availability.PROBE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ditto.testing.FakeClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CooldownTrackerTest {

    private final FakeClock clock = FakeClock.ofDefaults();
    private final CooldownTracker tracker = new CooldownTracker(List.of("a", "b"),
            new CooldownPolicy(2, Duration.ofSeconds(10), 5, 0.5), clock);

    @Test
    void coolsDownAfterMoreThanAllowedFailsInAMinute() {
        tracker.recordFailure("a", FailureKind.SERVER_ERROR);
        tracker.recordFailure("a", FailureKind.TIMEOUT);
        assertThat(tracker.availability("a")).isEqualTo(AVAILABLE);

        tracker.recordFailure("a", FailureKind.SERVER_ERROR);

        assertThat(tracker.availability("a")).isEqualTo(COOLING_DOWN);
        assertThat(tracker.snapshot("a").cooldownRemaining()).isEqualTo(Duration.ofSeconds(10));
        assertThat(tracker.availability("b")).isEqualTo(AVAILABLE);
    }

    @Test
    void clientErrorsNeverCount() {
        for (int i = 0; i < 50; i++) {
            tracker.recordFailure("a", FailureKind.CLIENT_ERROR);
        }

        assertThat(tracker.availability("a")).isEqualTo(AVAILABLE);
        assertThat(tracker.snapshot("a").requestsThisMinute()).isEqualTo(50);
        assertThat(tracker.snapshot("a").failuresThisMinute()).isZero();
    }

    @Test
    void rateLimitedCoolsDownAtOnce() {
        tracker.recordFailure("a", FailureKind.RATE_LIMITED);

        assertThat(tracker.availability("a")).isEqualTo(COOLING_DOWN);
    }

    @Test
    void failuresSpreadOverMinutesDoNotAddUp() {
        tracker.recordFailure("a", FailureKind.SERVER_ERROR);
        tracker.recordFailure("a", FailureKind.SERVER_ERROR);
        clock.advance(Duration.ofSeconds(61));
        tracker.recordFailure("a", FailureKind.SERVER_ERROR);

        assertThat(tracker.availability("a")).isEqualTo(AVAILABLE);
    }

    @Test
    void failureRateRuleTripsBeforeAllowedFailsWhenMostRequestsFail() {
        CooldownTracker strict = new CooldownTracker(List.of("a"), new CooldownPolicy(100, Duration.ofSeconds(10), 4, 0.5), clock);
        strict.recordSuccess("a");
        strict.recordSuccess("a");
        strict.recordFailure("a", FailureKind.SERVER_ERROR);
        assertThat(strict.availability("a")).isEqualTo(AVAILABLE);

        strict.recordFailure("a", FailureKind.SERVER_ERROR);

        assertThat(strict.availability("a")).isEqualTo(COOLING_DOWN);
    }

    @Test
    void afterTheCooldownOneProbeDecides() {
        tracker.recordFailure("a", FailureKind.RATE_LIMITED);
        clock.advance(Duration.ofSeconds(10));

        assertThat(tracker.availability("a")).isEqualTo(PROBE);
        assertThat(tracker.claimProbe("a")).isTrue();
        assertThat(tracker.claimProbe("a")).as("only one probe at a time").isFalse();
        assertThat(tracker.availability("a")).isEqualTo(COOLING_DOWN);

        tracker.recordFailure("a", FailureKind.SERVER_ERROR);
        assertThat(tracker.availability("a")).as("failed probe reopens").isEqualTo(COOLING_DOWN);

        clock.advance(Duration.ofSeconds(10));
        assertThat(tracker.claimProbe("a")).isTrue();
        tracker.recordSuccess("a");
        assertThat(tracker.availability("a")).as("successful probe closes").isEqualTo(AVAILABLE);
        assertThat(tracker.snapshot("a").failuresThisMinute()).isZero();
    }

    @Test
    void snapshotNamesTheBreakerState() {
        assertThat(tracker.snapshot("a").breaker()).isEqualTo(CooldownTracker.Breaker.CLOSED);
        tracker.recordFailure("a", FailureKind.RATE_LIMITED);
        assertThat(tracker.snapshot("a").breaker()).isEqualTo(CooldownTracker.Breaker.OPEN);

        clock.advance(Duration.ofSeconds(10));
        assertThat(tracker.snapshot("a").breaker()).isEqualTo(CooldownTracker.Breaker.HALF_OPEN);
        tracker.claimProbe("a");
        assertThat(tracker.snapshot("a").breaker()).as("probe under way").isEqualTo(CooldownTracker.Breaker.HALF_OPEN);
        assertThat(tracker.snapshot("a").cooldownRemaining()).isZero();
    }

    @Test
    void resetClosesTheBreakerAtOnce() {
        tracker.recordFailure("a", FailureKind.RATE_LIMITED);
        tracker.recordFailure("b", FailureKind.SERVER_ERROR);

        assertThat(tracker.reset("a")).isTrue();

        assertThat(tracker.availability("a")).isEqualTo(AVAILABLE);
        assertThat(tracker.snapshot("a").breaker()).isEqualTo(CooldownTracker.Breaker.CLOSED);
        assertThat(tracker.snapshot("b").failuresThisMinute()).as("other deployments untouched").isEqualTo(1);
        assertThat(tracker.reset("unknown")).isFalse();
    }

    @Test
    void aProbeThatEndsInAClientErrorLetsTheNextRequestProbe() {
        tracker.recordFailure("a", FailureKind.RATE_LIMITED);
        clock.advance(Duration.ofSeconds(10));
        assertThat(tracker.claimProbe("a")).isTrue();

        tracker.recordFailure("a", FailureKind.CLIENT_ERROR);

        assertThat(tracker.availability("a")).isEqualTo(PROBE);
        assertThat(tracker.claimProbe("a")).isTrue();
    }

    @Test
    void aReleasedProbeCanBeClaimedAgain() {
        tracker.recordFailure("a", FailureKind.RATE_LIMITED);
        clock.advance(Duration.ofSeconds(10));
        assertThat(tracker.claimProbe("a")).isTrue();

        tracker.releaseProbe("a");

        assertThat(tracker.claimProbe("a")).isTrue();
        tracker.recordSuccess("a");
        tracker.releaseProbe("a");
        assertThat(tracker.availability("a")).as("release on a closed breaker changes nothing").isEqualTo(AVAILABLE);
    }

    @Test
    void reportsEveryCooldownItOpensOnceAndNothingElse() {
        List<String> opened = new java.util.ArrayList<>();
        CooldownTracker reporting = new CooldownTracker(List.of("a", "b"),
                new CooldownPolicy(1, Duration.ofSeconds(10), 5, 0.5), clock, new dev.ditto.ops.RelayEvents() {
                    @Override
                    public void cooldownOpened(String deploymentId) {
                        opened.add(deploymentId);
                    }
                });

        reporting.recordFailure("a", FailureKind.SERVER_ERROR);
        reporting.recordFailure("a", FailureKind.CLIENT_ERROR);
        assertThat(opened).as("within allowed fails, and client errors never count").isEmpty();
        reporting.recordFailure("a", FailureKind.SERVER_ERROR);
        assertThat(opened).containsExactly("a");
        reporting.recordFailure("a", FailureKind.CLIENT_ERROR);
        reporting.recordFailure("b", FailureKind.RATE_LIMITED);
        assertThat(opened).containsExactly("a", "b");

        clock.advance(Duration.ofSeconds(11));
        assertThat(reporting.claimProbe("a")).isTrue();
        reporting.recordFailure("a", FailureKind.TIMEOUT);

        assertThat(opened).as("a failed probe opens the breaker again").containsExactly("a", "b", "a");
    }
}
