package dev.ditto.control.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ditto.control.AdmissionRequest;
import dev.ditto.control.Caller;
import dev.ditto.control.Scope;
import dev.ditto.control.audit.SecurityEvent;
import dev.ditto.control.pricing.ModelPrice;
import dev.ditto.control.pricing.PriceBook;
import dev.ditto.store.memory.InMemoryQuotaStore;
import dev.ditto.testing.FakeClock;
import dev.ditto.testing.RecordingAuditLog;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * The scheduled reaper: a run releases every stale reservation and is audited when it released
 * any; the schedule runs until closed.
 */
class ScheduledReaperTest {

    private static final Caller CALLER = new Caller("key_a", null, null, null, null, Set.of(), Set.of(), Map.of());

    private final FakeClock clock = FakeClock.ofDefaults();
    private final RecordingAuditLog audit = new RecordingAuditLog();
    private final GovernedAdmission engine = GovernedAdmission.builder(
            request -> List.of(new Quota(new Scope(Scope.Kind.KEY, "key_a"), List.of(RateLimit.parallel(10_000)),
                    BudgetLimit.of(new BigDecimal("1000"), BudgetPeriod.lifetime()))),
            new InMemoryQuotaStore(10_000),
            PriceBook.builder().deployment("d", "gpt", ModelPrice.perMillion("1", "1")).build()).clock(clock).build();

    private void plant(int count) {
        for (int i = 0; i < count; i++) {
            engine.admit(new AdmissionRequest("stuck-" + i, CALLER, "/v1/chat/completions", "gpt", 10, 10L, false));
        }
    }

    @Test
    void aRunReleasesEveryStaleReservationInBatchesAndLeavesYoungOnes() {
        plant(ScheduledReaper.BATCH + 5);
        clock.advance(Duration.ofMinutes(30));
        plant(1);

        int released;
        try (ScheduledReaper reaper = ScheduledReaper.start(engine, Duration.ofHours(1), Duration.ofMinutes(10),
                audit)) {
            released = reaper.run();
        }

        assertThat(released).isEqualTo(ScheduledReaper.BATCH + 5);
        // One record for the whole run, not one per batch.
        assertThat(audit.events()).singleElement().satisfies(event -> {
            assertThat(event.action()).isEqualTo(SecurityEvent.REAPER_RUN);
            assertThat(event.actor()).isEqualTo("system");
            assertThat(event.role()).isEqualTo("system");
            assertThat(event.tenantId()).isNull();
            assertThat(event.details()).containsEntry("trigger", "schedule").containsEntry("dry_run", "false")
                    .containsEntry("older_than_s", "600")
                    .containsEntry("reservations", Integer.toString(ScheduledReaper.BATCH + 5))
                    .containsEntry("slots", Integer.toString(ScheduledReaper.BATCH + 5));
        });
        assertThat(engine.reap(Duration.ZERO, true, 10).reservations()).as("the young one").isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(engine.reap(Duration.ZERO, true, 10).reservations()).isEqualTo(1);
    }

    @Test
    void theScheduleReapsUntilItIsClosed() {
        plant(3);
        clock.advance(Duration.ofSeconds(1));
        ScheduledReaper reaper = ScheduledReaper.start(engine, Duration.ofMillis(10), Duration.ZERO, audit);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (engine.reap(Duration.ZERO, true, 10).reservations() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }

        reaper.close();

        assertThat(engine.reap(Duration.ZERO, true, 10).reservations()).isZero();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(thread ->
                thread.getName().equals("ditto-reservation-reaper") && thread.isAlive());
    }

    @Test
    void aRunThatReleasesNothingIsNotAudited() {
        try (ScheduledReaper reaper = ScheduledReaper.start(engine, Duration.ofHours(1), Duration.ofMinutes(10),
                audit)) {
            assertThat(reaper.run()).isZero();
        }

        assertThat(audit.events()).isEmpty();
    }
}
