package dev.ditto.ops.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HealthServiceTest {

    private final AtomicLong nanos = new AtomicLong();

    @Test
    void reportsEachCheckAndIsHealthyOnlyWhenAllAreUp() {
        try (HealthService health = new HealthService(List.of(
                HealthCheck.of("database", "h2", () -> true),
                HealthCheck.of("redis", "cache:6379", () -> {
                    throw new IllegalStateException("connection refused");
                })), Duration.ofSeconds(2), Duration.ZERO, nanos::get)) {

            HealthReport report = health.readiness();

            assertThat(report.healthy()).isFalse();
            assertThat(report.checks()).extracting(HealthReport.Result::name, HealthReport.Result::up)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("database", true),
                            org.assertj.core.groups.Tuple.tuple("redis", false));
            assertThat(report.checks().get(1).error()).isEqualTo("IllegalStateException: connection refused");
            assertThat(report.checks().get(1).target()).isEqualTo("cache:6379");
        }
    }

    @Test
    void aHangingCheckIsDownAfterItsDeadline() {
        CountDownLatch never = new CountDownLatch(1);
        try (HealthService health = new HealthService(List.of(HealthCheck.of("stuck", "x", () -> {
            never.await();
            return true;
        })), Duration.ofMillis(50), Duration.ZERO, nanos::get)) {

            HealthReport.Result result = health.readiness().checks().get(0);

            assertThat(result.up()).isFalse();
            assertThat(result.error()).contains("no answer within 50 ms");
        }
    }

    @Test
    void reusesAReportWithinTheCacheWindow() {
        AtomicInteger probes = new AtomicInteger();
        try (HealthService health = new HealthService(List.of(HealthCheck.of("db", "x", probes::incrementAndGet)),
                Duration.ofSeconds(1), Duration.ofSeconds(1), nanos::get)) {

            health.readiness();
            health.readiness();
            nanos.addAndGet(Duration.ofMillis(999).toNanos());
            health.readiness();
            assertThat(probes).hasValue(1);

            nanos.addAndGet(Duration.ofMillis(1).toNanos());
            health.readiness();
            assertThat(probes).hasValue(2);
        }
    }
}
